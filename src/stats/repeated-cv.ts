/**
 * Intervals and tests for repeated k-fold cross-validation and for nested cross-validation. Pure.
 *
 * Scores come as `cells[repeat][fold]`: r repeats x k folds. Folds of one split share training
 * rows, and so do the folds of different splits, so the r k cells are not independent samples.
 * Bouckaert & Frank (2004, "Evaluating the replicability of significance tests for comparing
 * learning algorithms", PAKDD) apply Nadeau & Bengio's (2003) correction to all r k cells: the
 * corrected repeated k-fold cv test, the one Weka's corrected paired t-tester uses,
 *
 *   t = mean(x) / sqrt((1 / (k r) + n_test / n_train) s^2),   df = k r - 1,
 *
 * with s^2 the sample variance of the r k cells. It assumes each repeat is a fresh random split.
 * Repeats on the same split (only the training seed new, as `confirm` runs today) are not: the
 * test rows of fold f are the same in every repeat, and the differences of one fold correlate
 * across repeats (0.15-0.47 on the shipped grid), so the r k cells carry less evidence than the
 * formula counts. For those, `splits: 'same'` averages each fold over its repeats and applies the
 * k-fold correction to the k fold means (1 / k + n_test / n_train, df = k - 1).
 */
import { mean, sampleVariance, tQuantile, twoSidedP } from './statistics.js';

/** Whether the repeats are fresh random splits (Bouckaert & Frank) or one split with new training seeds. */
export type RepeatSplits = 'fresh' | 'same';

export interface RepeatedCvOptions {
  /** n_test / n_train of one fold: 1 / (k - 1) for k equal folds. */
  testTrainRatio: number;
  splits?: RepeatSplits;
  /** Confidence level of the interval; default 0.95. */
  level?: number;
  /** The least sample variance the statistic rests on (statistics.ts varianceFloor); default 0. */
  minVariance?: number;
}

/** An estimate with its corrected standard error and a two-sided t interval. */
export interface CvEstimate {
  /** Mean over the cells (for a test: the mean difference). */
  mean: number;
  /** sqrt((1 / n + n_test / n_train) s^2) over the n cells the method uses. */
  se: number;
  df: number;
  /** The cells the variance was taken over: r k fresh cells, or k fold means. */
  cells: number;
  low: number;
  high: number;
  level: number;
}

export interface CvTest extends CvEstimate {
  /** mean / se. */
  t: number;
  /** Two-sided p of "the expected difference is 0". */
  p: number;
}

/** The cells the variance is taken over: every cell, or each fold's mean over the repeats. */
function analysisCells(cells: readonly (readonly number[])[], splits: RepeatSplits): number[] {
  const k = cells[0]?.length ?? 0;
  for (const [r, row] of cells.entries()) {
    if (row.length !== k) throw new RangeError(`repeated CV: repeat ${r} has ${row.length} folds, repeat 0 has ${k}`);
  }
  if (splits === 'fresh') return cells.flat();
  return Array.from({ length: k }, (_, f) => mean(cells.map((row) => row[f])));
}

function estimate(values: readonly number[], o: RepeatedCvOptions): CvEstimate {
  const level = o.level ?? 0.95;
  const n = values.length;
  const m = mean(values);
  if (n < 2) return { mean: m, se: NaN, df: n - 1, cells: n, low: NaN, high: NaN, level };
  const se = Math.sqrt((1 / n + o.testTrainRatio) * Math.max(sampleVariance(values), o.minVariance ?? 0));
  const half = tQuantile(level, n - 1) * se;
  return { mean: m, se, df: n - 1, cells: n, low: m - half, high: m + half, level };
}

/**
 * One configuration's expected accuracy from r x k repeated-CV scores, with the corrected
 * interval (the one-sample form of the test below): what `confirm` on fresh splits reports.
 */
export function repeatedCvInterval(cells: readonly (readonly number[])[], o: RepeatedCvOptions): CvEstimate {
  return estimate(analysisCells(cells, o.splits ?? 'fresh'), o);
}

/**
 * Bouckaert & Frank's corrected repeated k-fold cv test of two configurations scored on the same
 * r x k cells (a - b per cell), with the interval of the mean difference.
 */
export function repeatedCvTest(a: readonly (readonly number[])[], b: readonly (readonly number[])[], o: RepeatedCvOptions): CvTest {
  if (a.length !== b.length) throw new RangeError(`repeated CV test: ${a.length} repeats against ${b.length}`);
  const differences = a.map((row, r) => {
    if (row.length !== b[r].length) throw new RangeError(`repeated CV test: repeat ${r} has ${row.length} folds against ${b[r].length}`);
    return row.map((x, f) => x - b[r][f]);
  });
  const e = estimate(analysisCells(differences, o.splits ?? 'fresh'), o);
  if (!(e.se > 0)) {
    const t = e.mean === 0 ? 0 : Number.isNaN(e.se) ? NaN : Math.sign(e.mean) * Infinity;
    return { ...e, t, p: Number.isNaN(t) ? NaN : t === 0 ? 1 : 0 };
  }
  const t = e.mean / e.se;
  return { ...e, t, p: twoSidedP(t, e.df) };
}

/**
 * The nested cross-validation estimate (Varma & Simon 2006; Cawley & Talbot 2010): what "run the
 * sweep, take its winner" scores on rows the search never saw. `outer[repeat][fold]` is the outer
 * test-fold accuracy of the winner of the sweep run on that outer fold's training rows. The outer
 * folds share training rows like any k-fold split, so the interval is the corrected one over the
 * outer cells (Bouckaert & Frank with fresh outer splits; Nadeau & Bengio's k-fold form for one
 * outer split). Its spread includes the selection's own variability: a different inner winner per
 * outer fold is part of what the procedure does.
 */
export function nestedCvEstimate(outer: readonly (readonly number[])[], o: Omit<RepeatedCvOptions, 'splits'>): CvEstimate {
  return estimate(analysisCells(outer, 'fresh'), o);
}
