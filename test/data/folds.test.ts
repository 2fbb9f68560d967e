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

test('K = 3 classes of uneven sizes: every row held out once, fold sizes and each class per fold within one', () => {
  // 23, 11 and 7 rows, interleaved.
  const labels = Uint8Array.from([...Array(23).fill(0), ...Array(11).fill(1), ...Array(7).fill(2)].map((l, i, all) => all[(i * 17) % all.length]));
  const k = 5;
  const foldOf = stratifiedFolds(labels, k, 11, 'k3.csv', ['a', 'b', 'c']);
  const count = (f: number, c?: number) => [...foldOf].filter((x, r) => x === f && (c === undefined || labels[r] === c)).length;
  assert.ok(spread(Array.from({ length: k }, (_, f) => count(f))) <= 1);
  for (let c = 0; c < 3; c++) {
    const perFold = Array.from({ length: k }, (_, f) => count(f, c));
    assert.ok(spread(perFold) <= 1, `class ${c} per fold ${perFold}`);
    assert.equal(perFold.reduce((s, n) => s + n, 0), labels.filter((l) => l === c).length);
  }
});

test('K classes deal from one counter in class order: class 0 fills folds 0, 1, ... and class 1 continues', () => {
  const labels = Uint8Array.from([2, 1, 0, 2, 1, 0, 2, 1, 0]);
  const foldOf = stratifiedFolds(labels, 3, 'any');
  // Three rows per class and three folds: each class puts one row in each fold, whatever the shuffle.
  for (let c = 0; c < 3; c++) assert.deepEqual([...foldOf].filter((_, r) => labels[r] === c).sort(), [0, 1, 2]);
  // k = 2, three rows per class: counters 0..2 (class 0) -> folds 0,1,0; 3..5 (class 1) -> 1,0,1;
  // 6..8 (class 2) -> 0,1,0. A counter restarted per class would give class 1 folds 0,1,0.
  const three = Uint8Array.from([0, 1, 2, 0, 1, 2, 0, 1, 2]);
  const folds2 = stratifiedFolds(three, 2, 'x');
  assert.deepEqual([0, 1, 2].map((c) => [...folds2].filter((_, r) => three[r] === c).sort()), [[0, 0, 1], [0, 1, 1], [0, 0, 1]]);
});

test('with class names, a short class is named, and a class with no rows is refused rather than dropped', () => {
  const labels = Uint8Array.from([0, 0, 0, 1, 1, 1, 2, 2]);
  assert.throws(() => stratifiedFolds(labels, 3, 1, 'k.csv', ['bird', 'cat', 'dog']), { name: 'UserError', message: 'k.csv: class "dog" has 2 rows, fewer than the 3 folds; use fewer folds' });
  assert.throws(() => stratifiedFolds(Uint8Array.from([0, 0, 1, 1]), 2, 1, 'k.csv', ['a', 'b', 'c']), { message: 'k.csv: class "c" has 0 rows, fewer than the 2 folds; use fewer folds' });
});
