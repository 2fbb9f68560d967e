import type { Design } from '../report/design.js';
import type { EffectRow, Pivot } from '../report/effects.js';
import type { ImportanceResult } from '../report/importance.js';
import type { TrialStatus } from '../report/leaderboard.js';
import type { LibraryValues } from './options/declare.js';
import type { LEADERBOARD_OPTIONS } from './options/results.js';
import type { MetricName } from '../stats/metrics.js';

/** What the `Results` methods return, typed field by field: the objects the read commands print with `--format json`. */

export type JsonValue = string | number | boolean | null;

export interface SweepInfo {
  name: string;
  createdAt: string;
  data: string;
  dataSha256: string | null;
  seed: number;
  folds: number;
  repeats: number;
  engine: string;
}

/** One sweep's progress, as `dropsweep status --format json` prints it. */
export interface StatusRow {
  sweep: string;
  trials: number;
  done: number;
  running: number;
  pending: number;
  failed: number;
  /** Trials stopped by racing, and the planned fits they never ran. */
  pruned: number;
  fitsSaved: number;
  foldFits: number;
  foldFitsTotal: number;
  fitsPerSecond: number | null;
  elapsedSeconds: number;
  etaSeconds: number | null;
  /** What `best` is: the sweep's ranking metric (its `metric:`, else accuracy), or `--metric`. */
  metric: MetricName;
  /**
   * Best mean of `metric` over trials with every fold stored and none diverged: the largest, the
   * smallest for log loss (lower is better). A fraction (0-1) for accuracies, not percent.
   */
  best: number | null;
  data: string;
  dataSha256: string | null;
  /**
   * Runs of this sweep that ended without recording an outcome: killed (SIGKILL, OOM, a power cut).
   * Counted only where that is certain, a runner of this machine's PID namespace whose process is
   * gone; a run without an outcome elsewhere may still be running.
   */
  runsDied: number;
}

/** `Results.leaderboard()` and `board()`: declared with the leaderboard command's flags in src/api/options/results.ts. */
export type LeaderboardQuery = LibraryValues<typeof LEADERBOARD_OPTIONS>;

/**
 * One row of `Results.leaderboard()`, as `dropsweep leaderboard --format json` prints it. Percent
 * fields are percent (0-100); fractions of one are named so. `epochs`, `batchSize` and `hidden`
 * are there when the sweep varies them; `confirmedPct` when the sweep has a confirmation.
 */
export type LeaderboardRow = {
  /** 1 = best; null for a trial that is not ranked (incomplete, pruned, failed, diverged). */
  rank: number | null;
  trialKey: string;
  /** The trial's name from the sweep file. */
  name: string | null;
  placement: string;
  dropout: number;
  maxNorm: number | null;
  lr: number;
  momentum: number;
  epochs?: number;
  batchSize?: number;
  /** Hidden layer widths joined with dashes: `60-30`. */
  hidden?: string;
  /** Mean held-out accuracy over the stored folds, percent (ranked by accuracy; else `mean_METRIC`). */
  meanPct?: number | null;
  /** Population standard deviation over the folds, percent (ranked by accuracy; else `std_METRIC`). */
  stdPct?: number | null;
  /** Ranked by another metric (`--metric`, the sweep's `metric:`): its mean and std over the folds (and its confirmed mean), percent for balanced accuracy. */
  [meanOrStd: `mean_${string}` | `std_${string}` | `confirmed_${string}`]: number | null;
  /** 95% interval of the mean on the corrected resampled variance (Nadeau & Bengio), percent; may run past 0-100. */
  ci95Low: number | null;
  ci95High: number | null;
  folds: number;
  diverged: number;
  seconds: number | null;
  /** Corrected paired t-test against the best trial (unadjusted). */
  p: number | null;
  /** Model confidence set p-value: the trial could be the best at every level below it. */
  pMcs: number | null;
  /** In the 95% model confidence set: could be the best. */
  likeBest: boolean | null;
  status: TrialStatus;
  /** Mean over the confirmation's new splits (`confirm`), percent (ranked by accuracy; else `confirmed_METRIC`). */
  confirmedPct?: number | null;
};

export interface FoldRow {
  fold: number;
  repeat: number;
  accuracy: number | null;
  loss: number | null;
  trainLoss: number | null;
  epochsRun: number;
  diverged: boolean;
  seconds: number;
  engine: string;
  backend: string;
  seed: string;
  /** The other held-out metrics (fractions; log loss in nats); null for fits stored before schema 5 or diverged. */
  balancedAccuracy: number | null;
  macroF1: number | null;
  logLoss: number | null;
  rocAuc: number | null;
}

/** One fold's learning curve as JSON carries it (NaN, a value undefined or after divergence, is null). */
export interface CurveRow {
  fold: number;
  repeat: number;
  /** Mean training loss of each epoch run, epoch 1 first. */
  trainLoss: (number | null)[];
  /** The epochs after which the held-out rows were scored. */
  epochs: number[];
  /** Each held-out metric at those epochs. */
  heldOut: Record<MetricName, (number | null)[]>;
}

/** One trial, as `dropsweep show --format json` prints it. */
export interface TrialDetail {
  sweep: string;
  trialKey: string;
  name: string | null;
  config: { placement: string; dropout: number; maxNorm: number | null; lr: number; momentum: number; epochs: number; batchSize: number; hidden: number[] };
  state: string;
  attempts: number;
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  foldsDone: number;
  foldsPlanned: number;
  meanAccuracy: number | null;
  stdAccuracy: number | null;
  /** The metric the trial is read by (`--metric`, else the sweep's). */
  metric: MetricName;
  /** Every held-out metric's mean and population std over the folds that scored it (fractions; log loss in nats). */
  metrics: Record<MetricName, { mean: number | null; std: number | null; scored: number }>;
  /** Each fold's learning curve, when asked for (`curves: true`, `show --curves`): fits stored before schema 5 have none. */
  curves?: CurveRow[];
  trainingSeconds: number;
  data: string;
  dataSha256: string | null;
  seed: number;
  folds: FoldRow[];
  /** The note on the trial (`dropsweep note`), as text, and when it was written (ISO time); null when it has none. */
  note: string | null;
  noteAt: string | null;
}

/** A sweep's notes, as `setNote` wrote them: the sweep's own and one per trial that has one. */
export interface SweepNotes {
  sweep: string;
  note: string | null;
  noteAt: string | null;
  trials: { trialKey: string; note: string; noteAt: string }[];
}

/** Two trials fold by fold, as `dropsweep compare --format json` prints it. */
export interface Comparison {
  /** The metric the fold values are of (fractions, not percent); `--metric`, else the sweep's. */
  metric: MetricName;
  a: string;
  b: string;
  aName: string | null;
  bName: string | null;
  pairs: { fold: number; repeat: number; a: number; b: number; difference: number }[];
  meanDifference: number | null;
  t: number | null;
  df: number;
  p: number | null;
}

/** A sweep's effects, as `dropsweep effects --format json` prints them. */
export interface Effects {
  sweep: string;
  /** The metric the means are of (percent for accuracies, else the metric's value); `--metric`, else the sweep's. */
  metric: MetricName;
  design: Design;
  /** How settings drawn from ranges were binned, or null. */
  binning: string | null;
  effects: EffectRow[];
  pivot: Pivot;
  importance: ImportanceResult;
}
