import assert from 'node:assert/strict';
import { test } from 'node:test';
import { correctedInterval, correctedPairedTTest, holm, mean, populationStd, tQuantile, twoSidedP, testTrainRatio, varianceFloor } from '../../src/stats/statistics.js';

const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) < tol, `${what}: ${a} vs ${b}`);

test('mean and population std (ddof = 0), as the tutorial reports', () => {
  assert.equal(mean([1, 2, 3, 4]), 2.5);
  close(populationStd([1, 2, 3, 4]), Math.sqrt(1.25), 1e-15, 'std');
});

test('Student t tail probabilities against closed forms and tables', () => {
  close(twoSidedP(1, 1), 0.5, 1e-12, 'Cauchy: P(|T| > 1) = 1/2');
  close(twoSidedP(2, 2), 1 - 2 / Math.sqrt(6), 1e-12, 'df 2 closed form');
  close(twoSidedP(0, 5), 1, 1e-12, 't = 0');
  close(twoSidedP(2.262157, 9), 0.05, 1e-6, 'table: t(0.975, 9) = 2.262157');
  close(tQuantile(0.95, 9), 2.262157, 1e-5, 'quantile');
  close(tQuantile(0.95, 29), 2.045230, 1e-5, 'quantile df 29');
});

test('the corrected resampled t-test, worked by hand', () => {
  // d = accuracy differences on 10 folds; mean 0.04, sum of squared deviations 0.019, s^2 = 0.019 / 9.
  const d = [0.05, 0.0, 0.1, 0.05, -0.05, 0.05, 0.1, 0.0, 0.05, 0.05];
  const s2 = 0.019 / 9;
  const corrected = 0.04 / Math.sqrt((1 / 10 + 21 / 187) * s2);
  close(corrected, 1.88943, 1e-4, 'hand value');
  const r = correctedPairedTTest(d, 21, 187, 0);
  close(r.t, corrected, 1e-9, 't');
  assert.equal(r.df, 9);
  close(r.p, twoSidedP(corrected, 9), 1e-15, 'p');
  assert.ok(r.p > 0.05 && r.p < 0.1, `p ${r.p}`);
  // The naive paired t (variance s^2 / n) is larger: the correction is what keeps it honest.
  const naive = 0.04 / Math.sqrt(s2 / 10);
  assert.ok(naive > 2.7 && naive > r.t);
  // Repeats: df = k r - 1.
  assert.equal(correctedPairedTTest([...d, ...d], 21, 187, 0).df, 19);
  // No variation at all: without a floor a constant non-zero difference is certain; with one it is not.
  assert.deepEqual(correctedPairedTTest([0, 0, 0], 21, 187, 0), { t: 0, df: 2, p: 1 });
  assert.ok(correctedPairedTTest([0.1, 0.1, 0.1], 21, 187, 0).p < 1e-12, 'the bare formula: p = 0');
  assert.ok(correctedPairedTTest([0.1, 0.1, 0.1], 21, 187, varianceFloor(21)).p > 1e-3, 'floored: a finite t');
});

test('the corrected interval uses the same variance', () => {
  const scores = [0.8, 0.9, 0.85, 0.95, 0.9, 0.8, 0.85, 0.9, 0.95, 0.9];
  const [lo, hi] = correctedInterval(scores, 21, 187);
  const m = mean(scores);
  const s2 = scores.reduce((s, x) => s + (x - m) ** 2, 0) / 9;
  const half = 2.262157 * Math.sqrt((0.1 + 21 / 187) * s2);
  close(lo, m - half, 1e-5, 'low');
  close(hi, m + half, 1e-5, 'high');
});

test('Holm step-down adjustment, worked by hand', () => {
  // Sorted 0.01, 0.03, 0.04, 0.2 -> 4 x 0.01, 3 x 0.03, max(0.09, 2 x 0.04), 0.2.
  const adjusted = holm([0.01, 0.04, 0.03, 0.2]);
  [0.04, 0.09, 0.09, 0.2].forEach((v, i) => close(adjusted[i], v, 1e-12, `p[${i}]`));
  assert.deepEqual(holm([0.5, NaN, 0.9]).map((p) => (Number.isNaN(p) ? 'NaN' : p)), [1, 'NaN', 1], 'monotone: a later p is never below an earlier one');
});

test('n_test / n_train of k equal folds is 1/(k-1): one fold held out against the other k-1', () => {
  assert.equal(testTrainRatio(10), 1 / 9);
  assert.equal(testTrainRatio(2), 1);
  assert.equal(testTrainRatio(5), 0.25);
});

test('the variance floor is half a held-out row squared, and nothing without rows', () => {
  assert.equal(varianceFloor(21), 1 / (2 * 21 * 21));
  assert.equal(varianceFloor(4), 1 / 32);
  assert.equal(varianceFloor(0), 0);
});
