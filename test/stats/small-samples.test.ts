import assert from 'node:assert/strict';
import { test } from 'node:test';
import { correctedInterval, correctedPairedTTest, mean, populationStd, sampleVariance } from '../../src/stats/statistics.js';

// A trial with one or two scored folds, or folds that all agree, still gets honest numbers:
// NaN where a statistic is undefined, the exact value where it is not.

const close = (got: number, want: number, tol: number, what: string) => assert.ok(Math.abs(got - want) <= tol, `${what}: got ${got}, want ${want}`);

test('no scores: mean, std and variance are NaN; one score: the variance (ddof = 1) is NaN', () => {
  assert.ok(Number.isNaN(mean([])));
  assert.ok(Number.isNaN(populationStd([])));
  assert.ok(Number.isNaN(sampleVariance([])));
  assert.ok(Number.isNaN(sampleVariance([0.7])));
  assert.equal(populationStd([0.7]), 0);
});

test('two scores are enough for a variance, a t-test and an interval', () => {
  // 0.5 and 0.75 (exact in binary): mean 0.625, squared deviations 2 x 0.125^2, s^2 = 0.03125 / 1.
  assert.equal(sampleVariance([0.5, 0.75]), 0.03125);
  // t = 0.625 / sqrt((1/2 + 1/4) x 0.03125) = 0.625 / sqrt(0.0234375) = 4.0825, df 1: p = 1 - (2 / pi) atan(t).
  const r = correctedPairedTTest([0.5, 0.75], 1, 4, 0);
  const t = 0.625 / Math.sqrt(0.75 * 0.03125);
  close(r.t, t, 1e-12, 't');
  assert.equal(r.df, 1);
  close(r.p, 1 - (2 / Math.PI) * Math.atan(t), 1e-12, 'p');
  // The 95% quantile of t with 1 df is tan(0.95 pi / 2) = 12.7062; half-width q sqrt((1/2 + 1/4) s^2).
  const half = Math.tan(0.475 * Math.PI) * Math.sqrt(0.75 * 0.03125);
  const [lo, hi] = correctedInterval([0.5, 0.75], 1, 4);
  close(lo, 0.625 - half, 1e-9, 'low');
  close(hi, 0.625 + half, 1e-9, 'high');
});

test('one difference or one score: t, p and the interval are NaN, with df = n - 1', () => {
  const one = correctedPairedTTest([0.1], 21, 187, 0);
  assert.deepEqual(Object.keys(one).sort(), ['df', 'p', 't']);
  assert.ok(Number.isNaN(one.t) && Number.isNaN(one.p));
  assert.equal(one.df, 0);
  const none = correctedPairedTTest([], 21, 187, 0);
  assert.ok(Number.isNaN(none.t) && Number.isNaN(none.p));
  const interval = correctedInterval([0.8], 21, 187);
  assert.equal(interval.length, 2);
  assert.ok(interval.every(Number.isNaN));
});

test('folds that all agree, without a floor: a zero difference is p = 1, any other difference is certain (the bare formula)', () => {
  // 0.25 and -0.5 are exact in binary, so the variance is exactly 0 (three 0.1s are not: their mean is 0.10000000000000002).
  assert.equal(sampleVariance([0.25, 0.25, 0.25]), 0);
  assert.deepEqual(correctedPairedTTest([0.25, 0.25, 0.25], 21, 187, 0), { t: Infinity, df: 2, p: 0 });
  assert.deepEqual(correctedPairedTTest([-0.5, -0.5, -0.5, -0.5], 21, 187, 0), { t: -Infinity, df: 3, p: 0 });
  assert.deepEqual(correctedPairedTTest([0, 0, 0], 21, 187, 0), { t: 0, df: 2, p: 1 });
});

test('folds that all agree, with the variance floor (1/n_test)^2 / 2: a finite t, never certainty', () => {
  // One held-out row of 21 behind on each of three folds (the pruned 38e09f0035 of issue 17):
  // s^2 = 0, floored to (1/21)^2 / 2; t = (1/21) / sqrt((1/3 + 1/9) (1/21)^2 / 2) = 1 / sqrt(4/9 / 2) = 2.1213.
  const step = 1 / 21;
  const r = correctedPairedTTest([step, step, step], 1, 9, (step * step) / 2);
  close(r.t, 1 / Math.sqrt(4 / 9 / 2), 1e-9, 't');
  // df 2 closed form: two-sided p = 1 - t / sqrt(2 + t^2).
  close(r.p, 1 - r.t / Math.sqrt(2 + r.t * r.t), 1e-12, 'p');
  assert.ok(r.p > 0.1, `one row behind on three folds is weak evidence: p ${r.p}`);
  // A floor never lowers a variance that is above it.
  const spread = [0.1, 0.3, -0.1];
  assert.deepEqual(correctedPairedTTest(spread, 1, 9, 0.001), correctedPairedTTest(spread, 1, 9, 0));
  // And an interval of folds that all agree is not a point.
  const [lo, hi] = correctedInterval([0.25, 0.25, 0.25], 1, 9, 0.95, (step * step) / 2);
  assert.ok(hi - lo > 0, `${lo}-${hi}`);
});
