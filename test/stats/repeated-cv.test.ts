import assert from 'node:assert/strict';
import { test } from 'node:test';
import seedrandom from 'seedrandom';
import { nestedCvEstimate, repeatedCvInterval, repeatedCvTest } from '../../src/stats/repeated-cv.js';
import { tQuantileRef, tTwoSided } from './t-reference.js';

// References written from the papers' formulas, with Student's t from its integrated density
// (t-reference.ts): no code shared with src/stats.

const close = (got: number, want: number, tol: number, what: string) => assert.ok(Math.abs(got - want) <= tol, `${what}: got ${got}, want ${want}`);
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const sampleVar = (xs: number[]) => xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0) / (xs.length - 1);

function grid(r: number, k: number, seed: string, level: number): number[][] {
  const random = seedrandom.alea(seed);
  return Array.from({ length: r }, () => Array.from({ length: k }, () => Math.round((level + 0.1 * (random() - 0.5)) * 21) / 21));
}

test("Bouckaert & Frank's corrected repeated k-fold cv test: t = mean / sqrt((1/(k r) + n2/n1) s^2), df = k r - 1", () => {
  const a = grid(3, 10, 'a', 0.86);
  const b = grid(3, 10, 'b', 0.83);
  const x = a.flatMap((row, r) => row.map((v, f) => v - b[r][f]));
  const n2n1 = 1 / 9;
  const se = Math.sqrt((1 / 30 + n2n1) * sampleVar(x));
  const t = mean(x) / se;
  const got = repeatedCvTest(a, b, { testTrainRatio: n2n1 });
  assert.equal(got.df, 29);
  assert.equal(got.cells, 30);
  close(got.mean, mean(x), 1e-12, 'mean difference');
  close(got.se, se, 1e-12, 'se');
  close(got.t, t, 1e-9, 't');
  close(got.p, tTwoSided(t, 29), 1e-6, 'p');
  const q = tQuantileRef(0.95, 29);
  close(got.low, mean(x) - q * se, 1e-5, 'low');
  close(got.high, mean(x) + q * se, 1e-5, 'high');
});

test("one configuration's repeated-CV mean: the one-sample interval with the same variance, at the asked level", () => {
  const a = grid(5, 5, 'one', 0.8);
  const x = a.flat();
  const se = Math.sqrt((1 / 25 + 1 / 4) * sampleVar(x));
  const got = repeatedCvInterval(a, { testTrainRatio: 1 / 4, level: 0.9 });
  assert.deepEqual([got.df, got.cells, got.level], [24, 25, 0.9]);
  close(got.mean, mean(x), 1e-12, 'mean');
  const q = tQuantileRef(0.9, 24);
  close(got.low, mean(x) - q * se, 1e-5, 'low');
  close(got.high, mean(x) + q * se, 1e-5, 'high');
});

test('repeats on the same split: each fold averaged over its repeats, then the k-fold correction (1/k + n2/n1, df k - 1)', () => {
  const a = grid(3, 10, 'same-a', 0.86);
  const b = grid(3, 10, 'same-b', 0.84);
  const foldMeans = Array.from({ length: 10 }, (_, f) => mean([0, 1, 2].map((r) => a[r][f] - b[r][f])));
  const se = Math.sqrt((1 / 10 + 1 / 9) * sampleVar(foldMeans));
  const got = repeatedCvTest(a, b, { testTrainRatio: 1 / 9, splits: 'same' });
  assert.deepEqual([got.df, got.cells], [9, 10]);
  close(got.se, se, 1e-12, 'se');
  close(got.p, tTwoSided(mean(foldMeans) / se, 9), 1e-6, 'p');
});

test('the variance floor applies; identical configurations give t = 0, p = 1; ragged or mismatched cells are refused', () => {
  const a = [[0.5, 0.5, 0.5]];
  const b = [[0.25, 0.25, 0.25]];
  const floored = repeatedCvTest(a, b, { testTrainRatio: 0.5, minVariance: 0.01 });
  close(floored.t, 0.25 / Math.sqrt((1 / 3 + 0.5) * 0.01), 1e-12, 'floored t');
  assert.deepEqual([repeatedCvTest(a, a, { testTrainRatio: 0.5 }).t, repeatedCvTest(a, a, { testTrainRatio: 0.5 }).p], [0, 1]);
  assert.equal(repeatedCvTest(a, b, { testTrainRatio: 0.5 }).p, 0, 'the bare formula on a constant difference');
  assert.throws(() => repeatedCvInterval([[0.5, 0.6], [0.5]], { testTrainRatio: 1 }), /repeat 1 has 1 folds, repeat 0 has 2/);
  assert.throws(() => repeatedCvTest([[0.5, 0.6]], [[0.5, 0.6], [0.5, 0.6]], { testTrainRatio: 1 }), /1 repeats against 2/);
});

test('the nested estimate: mean of the outer test folds with the corrected interval over the outer cells', () => {
  // 5 outer folds x 2 outer repeats of the inner winner's outer-fold accuracy; n2/n1 = 1/4.
  const outer = [
    [0.81, 0.86, 0.79, 0.9, 0.83],
    [0.88, 0.76, 0.84, 0.86, 0.81],
  ];
  const x = outer.flat();
  const se = Math.sqrt((1 / 10 + 1 / 4) * sampleVar(x));
  const got = nestedCvEstimate(outer, { testTrainRatio: 1 / 4 });
  assert.deepEqual([got.df, got.cells, got.level], [9, 10, 0.95]);
  close(got.mean, mean(x), 1e-12, 'estimate');
  close(got.se, se, 1e-12, 'se');
  const q = tQuantileRef(0.95, 9);
  close(got.low, mean(x) - q * se, 1e-5, 'low');
  close(got.high, mean(x) + q * se, 1e-5, 'high');
  const single = nestedCvEstimate([[0.8]], { testTrainRatio: 1 / 4 });
  assert.ok(single.mean === 0.8 && Number.isNaN(single.low), 'one outer fold: an estimate, no interval');
});
