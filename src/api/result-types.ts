import type { Design } from '../report/design.js';
import type { EffectRow, Pivot } from '../report/effects.js';
import type { ImportanceResult } from '../report/importance.js';
import type { TrialStatus } from '../report/leaderboard.js';
import type { LibraryValues } from './options/declare.js';
import type { LEADERBOARD_OPTIONS } from './options/results.js';

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
  /** Best mean accuracy (0-1) over trials with every fold stored and none diverged. */
  best: number | null;
  data: string;
  dataSha256: string | null;
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
  /** Mean held-out accuracy over the stored folds, percent. */
  meanPct: number | null;
  /** Population standard deviation over the folds, percent. */
  stdPct: number | null;
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
  /** Mean over the confirmation's new seeds (`confirm`), percent. */
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
  design: Design;
  /** How settings drawn from ranges were binned, or null. */
  binning: string | null;
  effects: EffectRow[];
  pivot: Pivot;
  importance: ImportanceResult;
}
