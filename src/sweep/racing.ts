/**
 * Fold-level racing: when to stop a trial that is clearly worse than a good complete one. Pure:
 * fold scores in, a verdict out; the stores call it inside the transaction that stores a pack.
 *
 * Two rules live here. `raceLook` (with `lookKind` and `chooseReference`) is the rule the stores
 * run (src/store/core/packs.ts). `raceDecision` is the rule they ran before, kept for the racing
 * benchmark's comparison and the null simulation: against the best complete trial, Bonferroni
 * over the looks, a diverged fold stopping the trial at its next look. Its reference is the
 * maximum of many trials' means, biased upward on exactly the folds it is compared on, and folds
 * that all agree gave it p = 0: in a null simulation it prunes 7.6% of equal trials where it
 * states 5%. test/sweep/racing-null.test.ts holds both to their stated level.
 */
import { pocockLevel } from '../stats/group-sequential.js';
import { mean, sampleVariance, upperTailP, varianceFloor } from '../stats/statistics.js';

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
  /**
   * Tests per trial, planned after minFolds, minFolds + 1, ... folds, each at Pocock's nominal
   * level for those fold counts (testLevel). Absent (settings stored before it existed): 1.
   */
  tests?: number;
}

export const DEFAULT_RACE: RaceSettings = { minFolds: 2, alpha: 0.05, stopDiverged: true, tests: 3 };

/** A trial's planned tests: settings stored before `tests` existed ran one. */
export const testsOf = (s: Pick<RaceSettings, 'tests'>): number => s.tests ?? 1;

/** The fold counts a trial's tests are planned at: minFolds, minFolds + 1, ..., one per look. */
export function plannedTests(s: Pick<RaceSettings, 'minFolds' | 'tests'>): number[] {
  const first = Math.max(2, s.minFolds);
  return Array.from({ length: Math.max(1, testsOf(s)) }, (_, i) => first + i);
}

/**
 * The one-sided level of every test of a trial: Pocock's nominal level over the planned tests
 * (src/stats/group-sequential.ts), so that a trial of equal true accuracy is stopped by one of
 * them with probability alpha in the normal model of accruing folds. One look: alpha itself.
 */
export function testLevel(s: Pick<RaceSettings, 'minFolds' | 'tests' | 'alpha'>): number {
  return pocockLevel(s.alpha, plannedTests(s));
}

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
  why: 'too few folds' | 'no reference' | 'ahead' | 'not significant' | 'behind' | 'diverged';
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
  return upperTailP(t, df);
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

/**
 * What the replacing rule needs beyond the sweep's race settings, all known when the run starts.
 */
export interface RaceRule extends RaceSettings {
  /** Folds x repeats of one trial. */
  fitsPerTrial: number;
  /** n_test / n_train of one fold: 1 / (k - 1). */
  testTrainRatio: number;
  /** Held-out rows of the smallest fold: the variance floor is (1 / heldOutRows)^2 / 2. */
  heldOutRows: number;
}

/** A complete trial (every planned fold stored, none diverged) as a candidate reference. */
export interface CompleteTrial {
  key: string;
  /** Accuracy by `fold/repeat`. */
  folds: ReadonlyMap<string, number>;
}

/**
 * The reference of a look: the complete trial with the highest mean over the folds the raced trial
 * has NOT run (ties: the smaller key), to be compared on the folds it has run. Chosen on other
 * folds, its scores on the compared folds are not inflated by its selection: the best of many
 * trials on the very folds it is compared on is biased upward (its folds are why it is the best),
 * which is what made the old rule prune more than its alpha. Null with no complete trial.
 */
export function chooseReference(complete: readonly CompleteTrial[], compared: Iterable<string>): CompleteTrial | null {
  const skip = new Set(compared);
  let best: CompleteTrial | null = null;
  let bestMean = -Infinity;
  for (const c of complete) {
    let sum = 0;
    let n = 0;
    for (const [k, x] of c.folds) {
      if (skip.has(k)) continue;
      sum += x;
      n++;
    }
    const m = n ? sum / n : -Infinity;
    if (m > bestMean || (m === bestMean && best !== null && c.key < best.key)) {
      best = c;
      bestMean = m;
    }
  }
  return best;
}

/**
 * One look of the replacing rule, after a trial stored a fold (a complete trial has no look: the
 * store does not call it for one). In order:
 * - a trial with a diverged fold is stopped at once (stopDiverged), whatever its fold count: the
 *   leaderboard ranks it after every complete trial, so its other folds could never make it the
 *   winner;
 * - a trial with tests left (`testsDone`: its tests in earlier looks) and at least the folds its
 *   next test is planned at (plannedTests) is tested against `reference` (chooseReference on the
 *   folds it has): level with or ahead of it on the shared folds, it runs on; otherwise the
 *   one-sided Nadeau-Bengio corrected paired t-test on the shared folds, its variance at least half
 *   a held-out row squared, stops it when p < testLevel (Pocock's level for its tests).
 * Up to `tests` tests per trial sharing alpha by Pocock's boundary, each against a reference chosen
 * on other folds: the false-prune rate is alpha for a normal statistic and a fixed reference (at
 * most tests x the level whatever the dependence), and the null simulation of the shipped grid
 * (test/sweep/racing-null.test.ts) shows it with the chosen references.
 */
export function raceLook(trial: ReadonlyMap<string, number | null>, reference: CompleteTrial | null, r: RaceRule, testsDone = 0): RaceVerdict {
  const level = testLevel(r);
  const none = { p: null, threshold: level, shared: 0, trialMean: null, referenceMean: null };
  if (r.stopDiverged && [...trial.values()].some((x) => x === null)) return { ...none, prune: true, why: 'diverged' };
  if (!testDue(trial, testsDone, r)) return { ...none, prune: false, why: 'too few folds' };
  if (!reference) return { ...none, prune: false, why: 'no reference' };
  const diffs: number[] = [];
  const mine: number[] = [];
  const theirs: number[] = [];
  for (const k of [...trial.keys()].sort()) {
    const x = trial.get(k);
    const y = reference.folds.get(k);
    if (x == null || y === undefined) continue;
    mine.push(x);
    theirs.push(y);
    diffs.push(y - x);
  }
  const shared = diffs.length;
  const base = { threshold: level, shared, trialMean: shared ? mean(mine) : null, referenceMean: shared ? mean(theirs) : null };
  if (shared < 2) return { ...base, prune: false, p: null, why: 'too few folds' };
  if (base.trialMean! >= base.referenceMean!) return { ...base, prune: false, p: null, why: 'ahead' };
  const se = Math.sqrt((1 / shared + r.testTrainRatio) * Math.max(sampleVariance(diffs), varianceFloor(r.heldOutRows)));
  const p = upperTailP(mean(diffs) / se, shared - 1);
  const prune = p < level;
  return { ...base, prune, p, why: prune ? 'behind' : 'not significant' };
}

/**
 * Which look a trial's stored folds call for, after a pack stored some of them (the store and the
 * replay decide it alike):
 * - 'diverged': a fold diverged and stopDiverged: it stops now, untested;
 * - 'test': tests left (`testsDone`: its looks recorded so far) and at least the folds of its next
 *   test: that test, against chooseReference on the folds it has (with no complete trial yet, there
 *   is nothing to test against and no look is recorded: the test comes at a later look);
 * - null: no look (too few folds for its next test, or no test left).
 */
export function lookKind(trial: ReadonlyMap<string, number | null>, testsDone: number, r: Pick<RaceSettings, 'minFolds' | 'stopDiverged' | 'tests'>): 'diverged' | 'test' | null {
  if (r.stopDiverged && [...trial.values()].some((x) => x === null)) return 'diverged';
  return testDue(trial, testsDone, r) ? 'test' : null;
}

/** A trial's next test is due when it has tests left and at least the folds that test is planned at. */
function testDue(trial: ReadonlyMap<string, number | null>, testsDone: number, r: Pick<RaceSettings, 'minFolds' | 'tests'>): boolean {
  const planned = plannedTests(r);
  return testsDone < planned.length && trial.size >= planned[testsDone];
}
