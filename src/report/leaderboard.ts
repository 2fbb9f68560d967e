import { orientedBy, type TrialScores, type TrialSettings } from '../sweep/scores.js';
import { METRIC_DIRECTION, type MetricName } from '../stats/metrics.js';
import { PERCENT } from './metric-format.js';
import type { NestedResult } from './nested.js';
import { modelConfidenceSet } from '../stats/confidence-set.js';
import { correctedInterval, correctedPairedTTest, mean, populationStd, varianceFloor } from '../stats/statistics.js';

export type TrialStatus = 'complete' | 'incomplete' | 'pruned' | 'failed';

export interface LeaderboardRow extends TrialSettings {
  rank: number | null;
  trialKey: string;
  label: string | null;
  /** The ranking metric's mean over the scored folds: percent for accuracies (PERCENT), else the metric's own value. */
  mean: number | null;
  std: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  folds: number;
  foldsPlanned: number;
  diverged: number;
  seconds: number;
  /** Corrected paired t-test against the best trial on the folds both have (unadjusted). */
  p: number | null;
  /**
   * The model confidence set p-value (Hansen, Lunde & Nason) over the complete trials: the trial is
   * in the 1 - a "could be the best" set for every a <= pMcs.
   */
  pMcs: number | null;
  /** In the 95% (1 - alpha) model confidence set: could be the best. */
  likeBest: boolean | null;
  status: TrialStatus;
  error: string | null;
  /** A pruned trial: the reference it lost to, the racing p-value and the folds it had. */
  prunedBy: string | null;
  prunedP: number | null;
  prunedAfter: number | null;
  /** The ranking metric's mean (in `mean`'s unit) over the new splits of `confirm`, when this trial was confirmed. */
  confirmed: number | null;
}

export interface Leaderboard {
  /** What the rows are ranked by (mean, std and interval are of it), and its direction. */
  metric: MetricName;
  rows: LeaderboardRow[];
  best: string | null;
  /** Rows cut by `top`, by status. */
  cut: { complete: number; incomplete: number; pruned: number; failed: number };
  /** Trials racing stopped, and the planned fits it never ran. */
  racing: { pruned: number; fitsSaved: number };
  /** Trials with no fold stored yet, left out unless `includePending`. */
  pending: number;
  /** Dimensions that take more than one value in this sweep (beyond the five always shown). */
  varying: ('epochs' | 'batchSize' | 'hidden')[];
  /**
   * The "could be the best" set over the complete trials (all of them, not only the rows shown):
   * its size and the level it holds the best at. Absent with no complete trial.
   */
  bestSet?: { size: number; complete: number; level: number };
  /** The sweep holding this sweep's confirmation (`confirm`), when there is one. */
  confirmedBy?: string;
  /** The sweep's nested cross-validation (`nested`), when every outer fold of it is stored. */
  nested?: NestedResult;
}

export type SortKey = 'mean' | 'std' | 'time';

export interface LeaderboardOptions {
  foldsPlanned: number;
  /** Held-out over training rows of a fold: 1 / (k - 1) for k equal folds. */
  testTrainRatio: number;
  /**
   * Held-out rows of the smallest fold: the variance floor of every test is (1 / heldOutRows)^2 / 2.
   * Unknown (an old sweep without its data's row count): one row is taken as the smallest gap
   * between two trials' accuracies on one fold, which is a whole number of rows, so never less.
   */
  heldOutRows?: number;
  sort?: SortKey;
  top?: number;
  alpha?: number;
  /** List trials that have no fold stored yet (default: count them in `pending` only). */
  includePending?: boolean;
  /** Show pruned trials' partial means (default: listed, unscored). */
  includePruned?: boolean;
  /** The held-out metric trials are ranked by (default accuracy); a lower-is-better one ranks ascending. */
  metric?: MetricName;
}

const TIE = 1e-12;

// Sorting by std alone would put degenerate models first (one class predicted every time varies
// little), so `std` orders the trials indistinguishable from the best by std, then the rest by mean.
// `dir` is -1 for a lower-is-better metric: its smallest mean ranks first.
const good = (r: LeaderboardRow, dir: number) => (r.mean === null ? -Infinity : dir * r.mean);
const sortKey = (r: LeaderboardRow, sort: SortKey, dir: number): number =>
  sort === 'mean' ? -good(r, dir) : sort === 'std' ? (r.likeBest ? -1e9 + (r.std ?? 0) : -good(r, dir)) : r.seconds;
// Differences below TIE are float noise (the mean of three 0.99s is not 0.99): they do not order.
const cmp = (x: number, y: number) => (Math.abs(x - y) < TIE || x === y ? 0 : x - y);

/**
 * Rows of one status in the order of a sort key, ties broken by mean, std and trial key: the
 * order `buildLeaderboard` gives, and the one the dashboard uses when a column header asks for it.
 */
export function orderRows(rows: LeaderboardRow[], sort: SortKey, metric: MetricName = 'accuracy'): LeaderboardRow[] {
  const dir = METRIC_DIRECTION[metric] === 'lower' ? -1 : 1;
  return [...rows].sort(
    (a, b) => cmp(sortKey(a, sort, dir), sortKey(b, sort, dir)) || cmp(good(b, dir), good(a, dir)) || cmp(a.std ?? Infinity, b.std ?? Infinity) || (a.trialKey < b.trialKey ? -1 : 1),
  );
}

/**
 * Ranks trials: complete ones by the sort key with competition ranking (ties share the lower
 * rank, then trial key breaks the tie for order), then incomplete ones (missing or diverged folds,
 * scored on what they have), then failed ones. Each complete trial is compared with the best
 * on the folds both have (the corrected resampled t-test, raw p); `~best` marks the model
 * confidence set of src/stats/confidence-set.ts.
 */
export function buildLeaderboard(stored: TrialScores[], o: LeaderboardOptions): Leaderboard {
  const alpha = o.alpha ?? 0.05;
  const sort = o.sort ?? 'mean';
  const metric = o.metric ?? 'accuracy';
  // Every score below is the metric oriented larger-is-better (orientedBy); `dir` turns it back for display.
  const dir = METRIC_DIRECTION[metric] === 'lower' ? -1 : 1;
  const scale = PERCENT.has(metric) ? 100 : 1;
  const trials = orientedBy(stored, metric);
  const pending = o.includePending ? [] : trials.filter((t) => t.folds.size === 0 && t.state !== 'failed');
  const listed = pending.length ? trials.filter((t) => !(t.folds.size === 0 && t.state !== 'failed')) : trials;
  const rows = listed.map((t) => {
    const results = [...t.folds.values()];
    const scores = results.filter((r) => r.accuracy !== null).map((r) => r.accuracy as number);
    const diverged = results.filter((r) => r.diverged).length;
    const status: TrialStatus =
      t.state === 'failed' ? 'failed' : t.state === 'pruned' ? 'pruned' : results.length === o.foldsPlanned && diverged === 0 ? 'complete' : 'incomplete';
    // A pruned trial's mean is over its first folds only; it is shown (marked) only when asked for.
    const scored = status !== 'pruned' || o.includePruned === true;
    const [lo, hi] = scored && scores.length >= 2 ? correctedInterval(scores, o.testTrainRatio, 1) : [NaN, NaN];
    const pct = (x: number) => (Number.isFinite(x) ? dir * x * scale : null);
    // Fields copied by name: an object rest spread here made 10,000 rows 5x slower (dictionary-mode objects).
    const row: LeaderboardRow = {
      rank: null,
      trialKey: t.trialKey,
      label: t.label,
      placement: t.placement,
      dropout: t.dropout,
      maxNorm: t.maxNorm,
      lr: t.lr,
      momentum: t.momentum,
      epochs: t.epochs,
      batchSize: t.batchSize,
      hidden: t.hidden,
      error: t.error,
      prunedBy: t.prunedBy ?? null,
      prunedP: t.prunedP ?? null,
      prunedAfter: t.prunedAfter ?? null,
      confirmed: null,
      mean: scored ? pct(mean(scores)) : null,
      std: scored && Number.isFinite(populationStd(scores)) ? populationStd(scores) * scale : null,
      ciLow: pct(dir > 0 ? lo : hi),
      ciHigh: pct(dir > 0 ? hi : lo),
      folds: results.length,
      foldsPlanned: o.foldsPlanned,
      diverged,
      seconds: results.reduce((s, r) => s + r.seconds, 0),
      p: null,
      pMcs: null,
      likeBest: null,
      status,
    };
    return { row, trial: t };
  });

  // The best is the top complete trial by the metric's mean, whatever the display order.
  const bestEntry = rows.filter((e) => e.row.status === 'complete').sort((a, b) => good(b.row, dir) - good(a.row, dir) || (a.row.trialKey < b.row.trialKey ? -1 : 1))[0];
  if (bestEntry) compareWithBest(rows, bestEntry, { ...o, metric }, alpha);

  const entryOf = new Map(rows.map((e) => [e.row, e]));
  const group = (st: TrialStatus) => orderRows(rows.filter((e) => e.row.status === st).map((e) => e.row), sort, metric).map((r) => entryOf.get(r)!);
  const complete = group('complete');
  // A trial with no fold stored has no score to rank by: it is listed (when asked for) after the
  // started ones, unranked, as not started.
  const incomplete = group('incomplete').filter((e) => e.row.folds > 0);
  const notStarted = group('incomplete').filter((e) => e.row.folds === 0);
  const pruned = group('pruned');
  const failed = group('failed');

  let rank = 0;
  [...complete, ...incomplete].forEach((entry, i, all) => {
    const previous = all[i - 1]?.row;
    const sameGroup = previous && previous.status === entry.row.status;
    rank = sameGroup && cmp(sortKey(previous, sort, dir), sortKey(entry.row, sort, dir)) === 0 ? rank : i + 1;
    entry.row.rank = rank;
  });

  // Pruned trials come after every trial that ran its folds, and get no rank: a partial mean over
  // a trial's first folds is not comparable with a full one.
  const ordered = [...complete, ...incomplete, ...notStarted, ...pruned, ...failed].map((e) => e.row);
  const shown = o.top === undefined ? ordered : ordered.slice(0, o.top);
  const cut = ordered.slice(shown.length);
  const varying = (['epochs', 'batchSize', 'hidden'] as const).filter((d) => new Set(ordered.map((r) => r[d])).size > 1);
  return {
    metric,
    rows: shown,
    best: bestEntry?.row.trialKey ?? null,
    pending: pending.length,
    cut: {
      complete: cut.filter((r) => r.status === 'complete').length,
      incomplete: cut.filter((r) => r.status === 'incomplete').length,
      pruned: cut.filter((r) => r.status === 'pruned').length,
      failed: cut.filter((r) => r.status === 'failed').length,
    },
    varying,
    racing: { pruned: pruned.length, fitsSaved: pruned.reduce((n, e) => n + Math.max(0, o.foldsPlanned - e.row.folds), 0) },
    ...(bestEntry ? { bestSet: { size: complete.filter((e) => e.row.likeBest).length, complete: complete.length, level: 1 - alpha } } : {}),
  };
}

type Entry = { row: LeaderboardRow; trial: TrialScores };

/**
 * The smallest positive gap between two trials' accuracies on one fold: a whole number of held-out
 * rows, so at least one row. Stands in for 1 / n_test when the row count is unknown.
 */
function observedRowStep(complete: readonly Entry[]): number {
  let step = Infinity;
  const keys = new Set(complete.flatMap((e) => [...e.trial.folds.keys()]));
  for (const k of keys) {
    const xs = complete.flatMap((e) => {
      const a = e.trial.folds.get(k)?.accuracy;
      return a == null ? [] : [a];
    });
    xs.sort((a, b) => a - b);
    for (let i = 1; i < xs.length; i++) if (xs[i] - xs[i - 1] > 1e-9) step = Math.min(step, xs[i] - xs[i - 1]);
  }
  return step;
}

/**
 * Each complete trial against the best: the corrected paired t-test on the folds both have (p),
 * and the model confidence set over the folds every complete trial has (pMcs, likeBest). Every
 * test rests on at least the variance floor of half a held-out row squared.
 */
function compareWithBest(rows: readonly Entry[], bestEntry: Entry, o: LeaderboardOptions, alpha: number): void {
  const complete = rows.filter((e) => e.row.status === 'complete');
  const step = o.heldOutRows !== undefined ? 1 / o.heldOutRows : observedRowStep(complete);
  // The floor is half a held-out row squared, a step of accuracy; other metrics have no such step and no floor.
  const floor = (o.metric ?? 'accuracy') === 'accuracy' && Number.isFinite(step) ? varianceFloor(1 / step) : 0;
  for (const e of complete) {
    if (e === bestEntry) continue;
    const diffs: number[] = [];
    for (const [k, r] of bestEntry.trial.folds) {
      const other = e.trial.folds.get(k);
      if (r.accuracy !== null && other?.accuracy != null) diffs.push(r.accuracy - other.accuracy);
    }
    const p = correctedPairedTTest(diffs, o.testTrainRatio, 1, floor).p;
    e.row.p = Number.isNaN(p) ? null : p;
  }
  // The set needs every trial on the same cells: the folds all complete trials have.
  const shared = [...bestEntry.trial.folds.keys()].filter((k) => complete.every((e) => e.trial.folds.get(k)?.accuracy != null)).sort();
  bestEntry.row.likeBest = true;
  if (shared.length < 2) return;
  const set = modelConfidenceSet(
    complete.map((e) => shared.map((k) => e.trial.folds.get(k)!.accuracy!)),
    { testTrainRatio: o.testTrainRatio, minVariance: floor, alpha },
  );
  complete.forEach((e, i) => {
    e.row.pMcs = set.pValues[i];
    e.row.likeBest = set.inSet[i];
  });
}
