/**
 * Group-sequential levels: how to test the same comparison several times as data accrue and keep
 * the chance of ever rejecting a true null at alpha. Pure.
 *
 * The model (Armitage, McPherson and Rowe 1969; Jennison and Turnbull 2000, ch. 2 and 19): at look
 * k, after n_k observations, the statistic is Z_k = S_k / sqrt(n_k) where S is a sum of independent
 * standard normal increments, so Z_j and Z_k (n_j <= n_k) have correlation sqrt(n_j / n_k). Pocock's
 * boundary (Pocock 1977) rejects at look k when Z_k >= c, the same c at every look, chosen so that
 * P(some Z_k >= c) = alpha under the null; each look is then a test at the nominal level 1 - Phi(c),
 * which lies between alpha / K (Bonferroni, which ignores the correlation) and alpha.
 */

import { memoTable } from './memo.js';

/** erfc(x), Numerical Recipes' Chebyshev fit (erfcc): relative error below 1.2e-7 everywhere. */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(poly);
  return x >= 0 ? r : 2 - r;
}

/** Phi(x), the standard normal distribution function. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

const density = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

/**
 * Points of the numerical integration over one look's continuation region (odd, for Simpson's
 * rule). 201 is within 4e-8 of Sheppard's closed form for two looks (the test allows 2e-6) and
 * gives Pocock's published constants to 5 decimals, as 401 did at a quarter of the cost (the cost
 * grows with its square).
 */
const GRID = 201;
/** The continuation region starts this many standard deviations below 0 (the rest has mass < 1e-15). */
const LOWER = 8;

/**
 * P(Z_k >= c for some look k) under the null, for looks after `counts` observations (ascending),
 * by the recursive numerical integration of Armitage, McPherson and Rowe: the density of S_k on
 * the paths that have not crossed yet, carried from look to look on a Simpson grid.
 */
export function crossingProbability(c: number, counts: readonly number[]): number {
  if (counts.length === 0) return 0;
  let crossed = 1 - normalCdf(c);
  // The sub-density of S_1 on (-LOWER sqrt(n_1), c sqrt(n_1)).
  let grid = simpsonGrid(-LOWER * Math.sqrt(counts[0]), c * Math.sqrt(counts[0]));
  let f = grid.x.map((x) => density(x / Math.sqrt(counts[0])) / Math.sqrt(counts[0]));
  for (let k = 1; k < counts.length; k++) {
    const step = Math.sqrt(counts[k] - counts[k - 1]);
    const bound = c * Math.sqrt(counts[k]);
    // Paths that cross at look k: from each S_{k-1} = u, the increment takes S_k above the bound.
    for (let j = 0; j < grid.x.length; j++) crossed += grid.w[j] * f[j] * (1 - normalCdf((bound - grid.x[j]) / step));
    if (k === counts.length - 1) break;
    const next = simpsonGrid(-LOWER * Math.sqrt(counts[k]), bound);
    f = next.x.map((x) => {
      let s = 0;
      for (let j = 0; j < grid.x.length; j++) s += grid.w[j] * f[j] * density((x - grid.x[j]) / step);
      return s / step;
    });
    grid = next;
  }
  return crossed;
}

function simpsonGrid(from: number, to: number): { x: number[]; w: number[] } {
  const h = (to - from) / (GRID - 1);
  const x = Array.from({ length: GRID }, (_, i) => from + i * h);
  const w = x.map((_, i) => ((i === 0 || i === GRID - 1 ? 1 : i % 2 ? 4 : 2) * h) / 3);
  return { x, w };
}

/**
 * The root of `g` on [lo, hi], where g falls from g(lo) > 0 to g(hi) < 0, to within 1e-12: regula
 * falsi with the Illinois modification (when the same end moves twice in a row, the other end's
 * value is halved, so the secant cannot keep one end fixed, plain regula falsi's slow case).
 * Returns the root and how many times it evaluated g (each a numerical integration here).
 */
export function decreasingRoot(g: (x: number) => number, lo: number, hi: number): { root: number; evaluations: number } {
  let [gLo, gHi] = [g(lo), g(hi)];
  let evaluations = 2;
  let moved = 0;
  while (hi - lo > 1e-12 && evaluations < 100) {
    const mid = hi - (gHi * (hi - lo)) / (gHi - gLo);
    const at = g(mid);
    evaluations++;
    if (at === 0) return { root: mid, evaluations };
    if (at > 0) {
      [lo, gLo] = [mid, at];
      if (moved === 1) gHi /= 2;
      moved = 1;
    } else {
      [hi, gHi] = [mid, at];
      if (moved === -1) gLo /= 2;
      moved = -1;
    }
  }
  return { root: (lo + hi) / 2, evaluations };
}

/**
 * Pocock's constant c for one-sided level alpha over looks after `counts` observations: where the
 * crossing probability, which falls as c grows, equals alpha (12 to 30 integrations, where bisection
 * to the same 1e-12 took 60).
 */
export function pocockBoundary(alpha: number, counts: readonly number[]): number {
  return decreasingRoot((c) => crossingProbability(c, counts) - alpha, 0, 10).root;
}

const levels = memoTable<number>();
/**
 * The nominal one-sided level of each look under Pocock's boundary: 1 - Phi(c). One look: alpha
 * itself. Remembered per (alpha, counts): every trial of a sweep asks for the same one.
 */
export function pocockLevel(alpha: number, counts: readonly number[]): number {
  if (counts.length <= 1) return alpha;
  const key = `${alpha}/${counts.join(',')}`;
  let level = levels.get(key);
  if (level === undefined) {
    level = 1 - normalCdf(pocockBoundary(alpha, counts));
    levels.set(key, level);
  }
  return level;
}
