import type { FoldCurveJson } from './charts/curves.js';
import type { Leaderboard, LeaderboardRow } from './leaderboard.js';
import type { CurvePoint } from './effects.js';
import type { Design } from './design.js';
import type { ImportanceResult } from './importance.js';
import type { MetricName } from '../stats/metrics.js';

/** What the HTML report and the dashboard's sweep page are drawn from (`Results.reportInput`). */
export interface ReportInput {
  sweep: string;
  created: string;
  /** What the board ranks by, and every chart and test below measures: the sweep's metric, or the one asked for. */
  metric: MetricName;
  board: Leaderboard;
  rows: LeaderboardRow[];
  /** Each trial's fold values of `metric` as stored (a fraction for accuracies), by trial key. */
  foldValues: Map<string, number[]>;
  /** Each trial's fold values of `metric` (a fraction for accuracies) by fold key (`fold/repeat`); null where the fold diverged or has none. */
  foldScores: Map<string, Map<string, number | null>>;
  /** Held-out over training rows of a fold, for the corrected tests. */
  testTrainRatio: number;
  /** Held-out rows of the smallest fold: every paired test's variance floor is (1 / heldOutRows)^2 / 2. */
  heldOutRows?: number;
  foldsPlanned: number;
  /** Where the numbers come from: enough to rerun the sweep and to check it was the same data. */
  provenance: Provenance;
  counts: TrialCounts;
  /** `metric` against dropout rate per placement, with corrected intervals (a grid's levels), in the board's units. */
  curve: CurvePoint[];
  importance: ImportanceResult;
  /** How the trials were chosen: grid, random search or a list; which settings are continuous. */
  design: Design;
  /** Seconds from the sweep's first trial start to each finished trial's end, by trial key. */
  finishedAfter: Map<string, number>;
  /** The best trial's learning curves, one per fold (none stored before schema 5: empty). */
  bestCurves?: FoldCurveJson[];
  /** The notes (`dropsweep note`): the sweep's own, and each trial's by key. Text, escaped wherever it is shown. */
  notes: { sweep: string | null; trials: Map<string, string> };
}

export interface Provenance {
  data: string;
  dataSha256: string | null;
  dataRows: number | null;
  seed: number;
  folds: number;
  repeats: number;
  engine: string;
  /** The backends that computed the stored fits (engine/backend), none before the first fit. */
  backends: string[];
  /** The epochs the sweep's trials train for. */
  epochs: number[];
  /** How the trials were chosen, in words: the sampler, the trial count and the ranges drawn from. */
  sampler: string;
  /** The sweep file as stored (its grid and explicit trials). */
  spec: unknown;
  version: string;
  /** When these numbers were read (ISO 8601). */
  generated: string;
}

/**
 * Trials by state, counted the way `dropsweep status` counts them: `running` is what a status
 * line calls running, so the page's counters and its header agree. They add up to `trials`.
 */
export interface TrialCounts {
  trials: number;
  /** Done, every fold stored, none diverged. */
  complete: number;
  /** Done with at least one diverged fold (a result, ranked after the complete ones). */
  diverged: number;
  failed: number;
  /** Stopped early by fold-level racing (`race:`). */
  pruned: number;
  /** Held by a runner now. */
  running: number;
  /** Waiting, no fold stored. */
  notStarted: number;
  /** Waiting with some folds stored: stopped part-way; the next run finishes it. */
  partial: number;
}
