import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCsv } from '../../src/data/csv.js';
import { stratifiedFolds } from '../../src/data/folds.js';
import { foldCache } from '../../src/data/fold-data.js';

/** Three classes, four rows each, written in an order that is not class order. */
const THREE_CLASS_CSV = ['x,y,animal', ...Array.from({ length: 12 }, (_, i) => `${i % 3}.${i},${(i * 7) % 5},${['dog', 'cat', 'bird'][i % 3]}`)].join('\n');

test('a 3-class CSV reaches the fold data a trainer gets: K = 3, labels as class indices, every class held out in every fold', () => {
  const data = parseCsv(THREE_CLASS_CSV, 'k3.csv');
  assert.deepEqual(data.classes, ['bird', 'cat', 'dog']);
  const foldOf = stratifiedFolds(data.labels, 2, 7, data.source, data.classes);
  const fold = foldCache(data, foldOf);
  for (const f of [0, 1]) {
    const d = fold(f);
    assert.equal(d.classes, 3);
    assert.equal(d.testY.length + d.trainY.length, 12);
    assert.deepEqual([...new Set(d.testY)].sort(), [0, 1, 2], `fold ${f} holds out every class`);
    // Row r's label travels with it: dog rows (r % 3 === 0) are class 2.
    d.testRows.forEach((row, i) => assert.equal(d.testY[i], [2, 1, 0][row % 3]));
  }
});
