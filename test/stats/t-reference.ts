/*
 * Student's t written from its density for the tests, sharing no code with src/stats: the density
 * with Gamma of n/2 by recursion, integrated by Simpson's rule. Slow, plain, independent.
 */

/** Gamma of n/2 exactly, by recursion from Gamma(1) = 1 and Gamma(1/2) = sqrt(pi). */
const halfGamma = (n: number): number => (n === 2 ? 1 : n === 1 ? Math.sqrt(Math.PI) : (n / 2 - 1) * halfGamma(n - 2));

export const tDensity = (x: number, df: number) => (halfGamma(df + 1) / (Math.sqrt(df * Math.PI) * halfGamma(df))) * (1 + (x * x) / df) ** (-(df + 1) / 2);

/** P(0 <= T <= x) by Simpson's rule on 20,000 intervals (x >= 0). */
export function tHalfCdf(x: number, df: number): number {
  if (x === 0) return 0;
  if (!Number.isFinite(x)) return 0.5;
  const n = 20_000;
  const h = x / n;
  let sum = tDensity(0, df) + tDensity(x, df);
  for (let i = 1; i < n; i++) sum += (i % 2 ? 4 : 2) * tDensity(i * h, df);
  return (sum * h) / 3;
}

/** P(T >= t). */
export const tUpper = (t: number, df: number) => (t >= 0 ? Math.max(0, 0.5 - tHalfCdf(t, df)) : 0.5 + tHalfCdf(-t, df));

/** P(|T| >= t). */
export const tTwoSided = (t: number, df: number) => Math.max(0, 1 - 2 * tHalfCdf(Math.abs(t), df));

/** q with P(|T| <= q) = level, by bisection on the integrated density. */
export function tQuantileRef(level: number, df: number): number {
  let lo = 0;
  let hi = 50;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (2 * tHalfCdf(mid, df) < level) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
