import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitFolds, stratifiedFolds } from '../../src/data/folds.js';
import { loadSonar } from '../helpers.js';

// The fold of every Sonar row, printed by stratifiedFolds before it handled more than two classes
// (commit 591d1a8). Binary results must not change: the same folds give the same fold accuracies.
const PINNED: [number, number | string, number[]][] = [
  [10, 7, [9,6,0,6,6,4,1,4,2,9,3,1,4,1,9,5,4,7,4,7,4,1,4,9,0,6,5,4,9,1,4,2,7,2,5,7,9,6,5,1,1,2,3,2,6,0,8,3,3,0,1,5,0,6,8,3,5,7,5,7,2,5,8,7,9,8,6,2,2,3,0,6,7,2,8,8,6,4,3,1,0,0,3,1,5,3,0,7,8,9,7,8,5,3,2,9,8,0,3,2,0,7,6,5,7,0,0,4,4,4,0,8,7,5,9,7,1,1,4,2,4,4,8,1,9,5,0,4,0,1,3,1,3,7,6,2,6,3,8,3,1,1,6,5,9,9,4,2,5,5,1,9,0,6,7,8,3,5,5,8,0,3,2,3,6,1,9,7,9,3,0,2,6,9,9,9,4,5,6,6,0,4,8,7,8,3,6,0,7,8,1,8,2,8,2,3,2,4,5,8,2,2,9,5,7,7,1,6]],
  [5, 123, [0,1,4,2,2,4,4,1,0,2,2,3,2,1,0,2,4,3,1,4,1,4,1,0,1,4,4,1,2,2,0,1,3,1,3,1,4,3,1,2,4,4,0,3,3,1,1,1,0,0,3,3,3,3,4,2,3,1,2,4,0,0,1,2,2,4,1,4,0,0,3,3,0,2,2,4,2,0,0,0,3,1,2,0,1,4,4,3,0,2,4,0,2,3,3,3,2,1,0,4,4,3,2,0,0,0,4,3,2,0,3,1,4,3,0,2,2,3,0,2,3,2,1,1,3,4,0,1,4,0,3,0,0,2,3,3,0,1,3,4,4,2,1,1,3,4,2,1,2,2,2,1,4,3,1,0,1,0,3,4,4,1,1,1,3,0,4,3,2,1,1,4,0,4,1,4,3,2,1,1,0,0,2,3,0,3,2,4,2,4,2,3,0,4,4,3,2,4,3,0,2,2,0,0,1,4,2,1]],
  [3, 'abc', [2,0,1,1,0,0,2,0,2,0,1,2,0,1,0,1,2,1,1,2,0,2,1,2,2,0,2,0,2,0,0,2,2,1,1,1,0,2,1,0,1,2,0,1,1,0,1,0,2,0,0,2,1,0,0,2,2,1,0,1,1,1,1,2,1,1,1,0,2,2,1,2,2,0,0,2,0,0,2,0,1,2,0,2,1,2,0,1,1,1,0,0,0,2,2,2,1,0,1,2,2,0,2,0,2,2,1,2,2,0,2,2,2,2,0,0,1,1,0,2,1,0,1,2,1,0,1,1,2,0,1,0,0,0,0,0,1,1,0,1,1,1,0,1,2,2,0,0,0,2,1,1,2,0,1,2,1,1,2,0,0,2,2,2,1,2,1,0,0,2,0,1,1,0,1,2,2,0,2,1,0,2,2,1,1,1,0,2,0,0,1,0,0,1,0,1,0,1,2,1,0,2,2,2,1,2,1,2]],
];

for (const [k, seed, folds] of PINNED) {
  test(`Sonar keeps the fold of every row it had before multi-class folds (${k} folds, seed ${JSON.stringify(seed)})`, () => {
    assert.deepEqual([...stratifiedFolds(loadSonar().labels, k, seed)], folds);
    // A sweep without `split:` gets these folds (splitFolds' default), with a numeric seed.
    if (typeof seed === 'number') assert.deepEqual([...splitFolds(loadSonar().labels, k, seed)], folds);
  });
}
