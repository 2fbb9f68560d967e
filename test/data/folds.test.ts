import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foldRows, stratifiedFolds } from '../../src/data/folds.js';
import { loadSonar } from '../helpers.js';

const spread = (xs: number[]) => Math.max(...xs) - Math.min(...xs);

test('stratified folds are disjoint, cover every row, and are balanced to within one', () => {
  const { labels } = loadSonar();
  for (const k of [2, 5, 10]) {
    const foldOf = stratifiedFolds(labels, k, 7);
    const seen = new Set<number>();
    const sizes: number[] = [];
    const mines: number[] = [];
    for (let f = 0; f < k; f++) {
      const { train, test: held } = foldRows(foldOf, f);
      assert.equal(train.length + held.length, labels.length);
      for (const r of held) {
        assert.ok(!seen.has(r), `row ${r} held out twice`);
        seen.add(r);
      }
      assert.ok(!held.some((r) => train.includes(r)), 'train and test overlap');
      sizes.push(held.length);
      mines.push([...held].filter((r) => labels[r] === 0).length);
    }
    assert.equal(seen.size, labels.length, 'every row is held out once');
    assert.ok(spread(sizes) <= 1, `fold sizes ${sizes}`);
    assert.ok(spread(mines) <= 1, `mines per fold ${mines}`);
    const rocks = sizes.map((s, i) => s - mines[i]);
    assert.ok(spread(rocks) <= 1, `rocks per fold ${rocks}`);
  }
});

test('the split depends only on labels and seed', () => {
  const { labels } = loadSonar();
  assert.deepEqual(stratifiedFolds(labels, 10, 7), stratifiedFolds(labels, 10, 7));
  assert.notDeepEqual(stratifiedFolds(labels, 10, 7), stratifiedFolds(labels, 10, 8));
});

test('a class with fewer rows than folds is refused with a clear message', () => {
  const labels = Uint8Array.from([0, 0, 0, 0, 1, 1, 1]);
  assert.throws(() => stratifiedFolds(labels, 4, 1, 'tiny.csv'), {
    name: 'UserError',
    message: 'tiny.csv: class 1 has 3 rows, fewer than the 4 folds; use fewer folds',
  });
});
