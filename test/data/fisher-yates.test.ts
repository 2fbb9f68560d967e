import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shuffleInPlace, stratifiedFolds } from '../../src/data/folds.js';

// The shuffle behind every split, driven by a scripted stream so each swap can be worked by hand.

/** A stream that returns the given numbers in turn and counts what it was asked for. */
function scripted(values: number[]) {
  let calls = 0;
  const next = () => values[calls++ % values.length];
  return { next, calls: () => calls };
}

test('Fisher-Yates: n - 1 draws, j = floor(u (i + 1)) for i from n - 1 down to 1', () => {
  // u = 0 always: j = 0 each time. [a b c d] -> swap(3, 0) [d b c a] -> swap(2, 0) [c b d a] -> swap(1, 0) [b c d a].
  const zeros = scripted([0]);
  const items = ['a', 'b', 'c', 'd'];
  shuffleInPlace(items, zeros.next);
  assert.deepEqual(items, ['b', 'c', 'd', 'a']);
  assert.equal(zeros.calls(), 3);
  // u = 0.999: j = floor(0.999 (i + 1)) = i, every swap is with itself: order kept.
  const top = scripted([0.999]);
  const same = ['a', 'b', 'c', 'd', 'e'];
  shuffleInPlace(same, top.next);
  assert.deepEqual(same, ['a', 'b', 'c', 'd', 'e']);
  assert.equal(top.calls(), 4);
  // u = 0.5: i = 3 -> j = 2: [a b d c]; i = 2 -> j = 1: [a d b c]; i = 1 -> j = 1: unchanged.
  const half = Int32Array.from([10, 11, 12, 13]);
  shuffleInPlace(half, scripted([0.5]).next);
  assert.deepEqual([...half], [10, 13, 11, 12]);
});

test('one item or none: nothing to draw', () => {
  const s = scripted([0]);
  shuffleInPlace(['only'], s.next);
  shuffleInPlace([], s.next);
  assert.equal(s.calls(), 0);
});

test('a fold count that is not an integer >= 2 is refused; the data source defaults to "data"', () => {
  const labels = Uint8Array.from([0, 0, 0, 1, 1, 1]);
  for (const k of [1, 0, 2.5, NaN]) {
    assert.throws(() => stratifiedFolds(labels, k, 1), { name: 'UserError', message: `folds: ${k} is not an integer >= 2` });
  }
  assert.equal(stratifiedFolds(labels, 2, 1).length, 6);
  assert.throws(() => stratifiedFolds(labels, 4, 1), { name: 'UserError', message: 'data: class 0 has 3 rows, fewer than the 4 folds; use fewer folds' });
});

test('rows are dealt round-robin: with k = 2 and three rows per class, folds get 3 and 3, with 1 or 2 of each class', () => {
  const labels = Uint8Array.from([0, 1, 0, 1, 0, 1]);
  const fold = stratifiedFolds(labels, 2, 'any');
  // Class 0 takes counters 0, 1, 2 -> folds 0, 1, 0; class 1 continues with 3, 4, 5 -> folds 1, 0, 1.
  const count = (f: number, c: number) => [...fold].filter((x, r) => x === f && labels[r] === c).length;
  assert.deepEqual([count(0, 0), count(1, 0), count(0, 1), count(1, 1)], [2, 1, 1, 2]);
});
