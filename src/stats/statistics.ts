/** Pure statistics over fold scores; no I/O. */

import { memoTable } from './memo.js';

export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Population standard deviation (ddof = 0), as the tutorial reports it. */
export function populationStd(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) ** 2;
  return Math.sqrt(s / xs.length);
}

/** Sample variance (ddof = 1). */
export function sampleVariance(xs: readonly number[]): number {
  if (xs.length < 2) return NaN;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) ** 2;
  return s / (xs.length - 1);
}

/** ln Gamma by Lanczos (g = 7, n = 9); accurate to ~1e-15 for x > 0. */
function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * Lentz's guard in the continued fraction: a denominator within 1e-300 of zero becomes 1e-300. For
 * a, b > 0 and 0 < x < 1 none comes near, so removing the guard or moving its edge changes nothing
 * (equivalent mutants, not counted).
 */
// Stryker disable next-line ConditionalExpression,EqualityOperator: see above
const awayFromZero = (v: number) => (Math.abs(v) < 1e-300 ? 1e-300 : v);

/** Continued fraction of the incomplete beta function (Numerical Recipes' betacf). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  let c = 1;
  let d = awayFromZero(1 - ((a + b) * x) / (a + 1));
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = awayFromZero(1 + aa * d);
    c = awayFromZero(1 + aa / c);
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = awayFromZero(1 + aa * d);
    c = awayFromZero(1 + aa / c);
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b). */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(a, b, x)) / a : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** Two-sided p-value of Student's t with `df` degrees of freedom. */
export function twoSidedP(t: number, df: number): number {
  if (!Number.isFinite(t)) return Number.isNaN(t) ? NaN : 0;
  return regularizedBeta(df / (df + t * t), df / 2, 0.5);
}

/** One-sided p of Student's t: P(T >= t) with `df` degrees of freedom. */
export function upperTailP(t: number, df: number): number {
  if (Number.isNaN(t)) return NaN;
  const two = twoSidedP(t, df);
  return t > 0 ? two / 2 : 1 - two / 2;
}

/** The t quantile q with P(|T| <= q) = level, by bisection on the two-sided p-value. */
const quantiles = memoTable<number>();
export function tQuantile(level: number, df: number): number {
  // Every trial of a sweep has the same df: bisection (200 beta evaluations) once, not per trial.
  const key = `${level}/${df}`;
  const known = quantiles.get(key);
  if (known !== undefined) return known;
  const q = bisectQuantile(level, df);
  quantiles.set(key, q);
  return q;
}

function bisectQuantile(level: number, df: number): number {
  let lo = 0;
  let hi = 1e3;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (twoSidedP(mid, df) > 1 - level) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * The smallest variance a test of fold accuracies is allowed to rest on: half a held-out row
 * squared, (1 / n_test)^2 / 2. Accuracy on n_test rows moves in whole rows, so a few folds that
 * all show the same difference (sample variance 0, hence t = infinity and p = 0) say only that no
 * row has yet gone the other way, not that none ever would. The floor is the variance of a
 * per-fold difference that is one row either way a quarter of the time each: about the least
 * disagreement two models that differ at all show. It never lowers a variance, and next to the
 * variance of real fold differences (tens of rows squared on Sonar) it is negligible.
 */
export function varianceFloor(heldOutRows: number): number {
  return heldOutRows > 0 ? 1 / (2 * heldOutRows * heldOutRows) : 0;
}

/**
 * Nadeau & Bengio's corrected resampled t-test, for scores of two models paired on the same k
 * folds x r repeats. Fold scores share training rows, so the naive variance s^2 / n is too small;
 * the correction uses (1 / (k r) + n_test / n_train) s^2 with k r - 1 degrees of freedom.
 * (scikit-learn's own example once dropped the 1/(k r) term: their issue 19949.) The sample
 * variance is taken as at least `minVariance` (see varianceFloor); 0 tests the bare formula.
 */
export function correctedPairedTTest(differences: readonly number[], testRows: number, trainRows: number, minVariance: number): { t: number; df: number; p: number } {
  const n = differences.length;
  const df = n - 1;
  if (n < 2) return { t: NaN, df, p: NaN };
  const m = mean(differences);
  const variance = Math.max(sampleVariance(differences), minVariance);
  const se = Math.sqrt((1 / n + testRows / trainRows) * variance);
  if (se === 0) return { t: m === 0 ? 0 : Math.sign(m) * Infinity, df, p: m === 0 ? 1 : 0 };
  const t = m / se;
  return { t, df, p: twoSidedP(t, df) };
}

/** A confidence interval of one trial's mean with the same corrected variance (at least `minVariance`). */
export function correctedInterval(scores: readonly number[], testRows: number, trainRows: number, level = 0.95, minVariance = 0): [number, number] {
  const n = scores.length;
  if (n < 2) return [NaN, NaN];
  const m = mean(scores);
  const half = tQuantile(level, n - 1) * Math.sqrt((1 / n + testRows / trainRows) * Math.max(sampleVariance(scores), minVariance));
  return [m - half, m + half];
}

/** Holm's step-down adjustment: adjusted p-values in the input order (NaN stays NaN and is not counted). */
export function holm(pValues: readonly number[]): number[] {
  const order = pValues.map((p, i) => [p, i] as const).filter(([p]) => !Number.isNaN(p)).sort((a, b) => a[0] - b[0]);
  const m = order.length;
  const out = pValues.map(() => NaN);
  let running = 0;
  order.forEach(([p, i], rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    out[i] = running;
  });
  return out;
}

/** Held-out over training rows of one fold, the n_test/n_train of the correction: 1/(k-1) for k equal folds. */
export function testTrainRatio(folds: number): number {
  return 1 / (folds - 1);
}
