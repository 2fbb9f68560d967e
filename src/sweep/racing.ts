/**
 * Fold-level racing: when to stop a trial that is clearly worse than the best complete one. Pure:
 * fold scores in, a verdict out; the stores call it inside the transaction that stores a pack.
 */
import { mean, sampleVariance, twoSidedP } from '../stats/statistics.js';

/** What `race:` in a sweep file (or `run --race`) asks for. */
export interface RaceSettings {
  /** Folds a trial must have (shared with the reference) before it can be stopped. */
  minFolds: number;
  /** Family-wise level over all the looks one trial can have. */
  alpha: number;
  /**
   * Stop a trial at its first look after a fold diverged. The leaderboard ranks a trial with a
   * diverged fold after every complete one, whatever its other folds, so it can never be the
   * winner or like it; its remaining folds would refine a number that is never ranked.
   */
  stopDiverged: boolean;
}

export const DEFAULT_RACE: RaceSettings = { minFolds: 3, alpha: 0.05, stopDiverged: true };

/** What the store needs to decide, per sweep. */
export interface RaceCheck extends RaceSettings {
  /** Folds x repeats of one trial. */
  fitsPerTrial: number;
  /** n_test / n_train of one fold: 1 / (k - 1). */
  testTrainRatio: number;
  /** The score a diverged fold counts as (the majority-class rate of the data). */
  divergedScore: number;
}

export interface RaceVerdict {
  prune: boolean;
  /** One-sided p of "the reference is better", null when no test was made. */
  p: number | null;
  /** The per-look level p was held against. */
  threshold: number;
  /** Folds both trials have. */
  shared: number;
  trialMean: number | null;
  referenceMean: number | null;
  why: 'too few folds' | 'ahead' | 'not significant' | 'behind' | 'diverged';
}

/**
 * Looks a trial can have: after each of its folds from `minFolds` up to the one before its last
 * (a complete trial is never stopped, so its last fold is no look).
 */
export function looks(s: Pick<RaceSettings, 'minFolds'>, fitsPerTrial: number): number {
  return Math.max(1, fitsPerTrial - s.minFolds);
}

/**
 * Bonferroni: each look is tested at alpha / looks. It holds whatever the dependence between
 * looks (which here is strong, and also changes as the reference does), where Pocock's constant
 * assumes a fixed reference and independent increments of a z statistic.
 */
export function lookThreshold(s: Pick<RaceSettings, 'minFolds' | 'alpha'>, fitsPerTrial: number): number {
  return s.alpha / looks(s, fitsPerTrial);
}

/** One-sided p of Student's t that the true mean is above 0. */
export function upperP(t: number, df: number): number {
  if (Number.isNaN(t)) return NaN;
  const two = twoSidedP(t, df);
  return t > 0 ? two / 2 : 1 - two / 2;
}

/**
 * Compares a trial with the reference (the best complete trial) on the folds both have, keyed by
 * `fold/repeat` (the split is shared, so equal keys are the same rows). A diverged fold (null) counts
 * as `divergedScore`. The trial is stopped only when it is behind on the shared folds and the
 * one-sided Nadeau-Bengio corrected paired t-test says the reference is better at the per-look level.
 */
export function raceDecision(trial: ReadonlyMap<string, number | null>, reference: ReadonlyMap<string, number | null>, c: RaceCheck): RaceVerdict {
  const threshold = lookThreshold(c, c.fitsPerTrial);
  const score = (x: number | null) => (x === null ? c.divergedScore : x);
  const mine: number[] = [];
  const theirs: number[] = [];
  // Sorted keys: the same folds give the same arrays whatever order the store read them in.
  for (const k of [...trial.keys()].sort()) {
    if (!reference.has(k)) continue;
    mine.push(score(trial.get(k)!));
    theirs.push(score(reference.get(k)!));
  }
  const shared = mine.length;
  const base = { threshold, shared, trialMean: shared ? mean(mine) : null, referenceMean: shared ? mean(theirs) : null };
  if (shared < Math.max(2, c.minFolds)) return { ...base, prune: false, p: null, why: 'too few folds' };
  if (c.stopDiverged && [...trial.values()].some((x) => x === null)) return { ...base, prune: true, p: null, why: 'diverged' };
  // A trial level with or ahead of the best is never stopped, however the test comes out.
  if (base.trialMean! >= base.referenceMean!) return { ...base, prune: false, p: null, why: 'ahead' };
  const diffs = theirs.map((x, i) => x - mine[i]);
  const m = mean(diffs);
  const se = Math.sqrt((1 / shared + c.testTrainRatio) * sampleVariance(diffs));
  const p = se === 0 ? 0 : upperP(m / se, shared - 1);
  const prune = p < threshold;
  return { ...base, prune, p, why: prune ? 'behind' : 'not significant' };
}

/** The majority-class rate of labels 0/1: what a model that learned nothing scores. */
export function majorityRate(labels: ArrayLike<number>): number {
  let ones = 0;
  for (let i = 0; i < labels.length; i++) ones += labels[i] === 1 ? 1 : 0;
  return labels.length ? Math.max(ones, labels.length - ones) / labels.length : 0;
}
