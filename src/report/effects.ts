import type { LeaderboardRow } from './leaderboard.js';
import { correctedInterval, mean } from '../stats/statistics.js';

export const DIMENSIONS = ['placement', 'dropout', 'maxNorm', 'lr', 'momentum', 'epochs', 'batchSize', 'hidden'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface EffectRow {
  dimension: Dimension;
  value: string | number | null;
  /** Mean over trials of their mean accuracy, percent. */
  mean: number;
  trials: number;
  best: number;
  /** Key of the trial with the best mean at this value. */
  bestTrial: string;
}

export interface Pivot {
  rows: number[];
  columns: string[];
  /** cells[row][column]: mean accuracy in percent, null where no trial. */
  cells: (number | null)[][];
}

/**
 * For each swept dimension, the mean accuracy of each value averaged over the other dimensions
 * (the marginal means of the grid), from complete trials only.
 */
export function dimensionEffects(rows: LeaderboardRow[]): EffectRow[] {
  const complete = rows.filter((r) => r.status === 'complete' && r.mean !== null);
  const out: EffectRow[] = [];
  for (const d of DIMENSIONS) {
    const groups = new Map<string, { value: string | number | null; means: number[]; best: LeaderboardRow }>();
    for (const r of complete) {
      const v = r[d];
      const k = JSON.stringify(v);
      const g = groups.get(k) ?? groups.set(k, { value: v, means: [], best: r }).get(k)!;
      g.means.push(r.mean!);
      if (r.mean! > g.best.mean! || (r.mean === g.best.mean && r.trialKey < g.best.trialKey)) g.best = r;
    }
    if (groups.size < 2) continue;
    const sorted = [...groups.values()].sort((a, b) => (a.value === null ? -1 : b.value === null ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    for (const g of sorted) out.push({ dimension: d, value: g.value, mean: mean(g.means), trials: g.means.length, best: g.best.mean!, bestTrial: g.best.trialKey });
  }
  return out;
}

/** Mean accuracy by dropout rate (rows) and placement (columns): the tutorial's question. */
export function dropoutPivot(rows: LeaderboardRow[]): Pivot {
  const complete = rows.filter((r) => r.status === 'complete' && r.mean !== null);
  const rates = [...new Set(complete.map((r) => r.dropout))].sort((a, b) => a - b);
  const placements = ['none', 'visible', 'hidden', 'both'].filter((p) => complete.some((r) => r.placement === p));
  const cells = rates.map((rate) =>
    placements.map((p) => {
      const means = complete.filter((r) => r.dropout === rate && r.placement === p).map((r) => r.mean!);
      return means.length ? mean(means) : null;
    }),
  );
  return { rows: rates, columns: placements, cells };
}

/** One point of accuracy against dropout rate: a group of complete trials at one placement and rate. */
export interface CurvePoint {
  placement: string;
  rate: number;
  /** The group's mean accuracy, percent. */
  mean: number;
  /** Corrected 95% interval of that mean, percent (null with fewer than two folds). */
  low: number | null;
  high: number | null;
  trials: number;
}

/**
 * Accuracy against dropout rate, per placement. A point's value is the mean over its group's
 * trials (the other settings averaged out). Its interval treats the group as one model: the
 * group's mean accuracy on each fold (every trial of a sweep sees the same folds) gives k scores,
 * and the interval uses the corrected variance (1/k + n_test/n_train) s² of the leaderboard's
 * CI, since the folds' training sets overlap. Rate 0 is the no-dropout model whatever the
 * placement, so it starts every line.
 */
export function dropoutCurve(rows: LeaderboardRow[], folds: Map<string, Map<string, number | null>>, testTrainRatio: number): CurvePoint[] {
  const complete = rows.filter((r) => r.status === 'complete' && r.mean !== null);
  const rates = [...new Set(complete.map((r) => r.dropout))].sort((a, b) => a - b);
  const out: CurvePoint[] = [];
  for (const placement of ['visible', 'hidden', 'both']) {
    if (!complete.some((r) => r.placement === placement && r.dropout > 0)) continue;
    for (const rate of rates) {
      const group = rate === 0 ? complete.filter((r) => r.dropout === 0) : complete.filter((r) => r.placement === placement && r.dropout === rate);
      if (group.length === 0) continue;
      const perFold = new Map<string, number[]>();
      for (const r of group) {
        for (const [k, a] of folds.get(r.trialKey) ?? []) if (a !== null) (perFold.get(k) ?? perFold.set(k, []).get(k)!).push(a * 100);
      }
      const scores = [...perFold.values()].map(mean);
      const [lo, hi] = correctedInterval(scores, testTrainRatio, 1);
      out.push({ placement, rate, mean: mean(group.map((r) => r.mean!)), low: Number.isFinite(lo) ? lo : null, high: Number.isFinite(hi) ? hi : null, trials: group.length });
    }
  }
  return out;
}

export interface Importance {
  dimension: Dimension;
  /** Share of the variance of the trial means explained by this setting alone (eta squared), 0-1. */
  share: number;
  values: number;
  trials: number;
}

/**
 * Hyperparameter importance as a variance decomposition over the grid: for each swept setting,
 * the between-value sum of squares of the complete trials' mean accuracies over their total sum
 * of squares (a one-way main effect, eta squared). The remainder is interactions and fold noise;
 * on an unbalanced grid the shares can overlap.
 */
export function importance(rows: LeaderboardRow[]): Importance[] {
  const complete = rows.filter((r) => r.status === 'complete' && r.mean !== null);
  if (complete.length < 2) return [];
  const grand = mean(complete.map((r) => r.mean!));
  const total = complete.reduce((s, r) => s + (r.mean! - grand) ** 2, 0);
  const out: Importance[] = [];
  for (const d of DIMENSIONS) {
    const groups = new Map<string, number[]>();
    for (const r of complete) {
      const k = JSON.stringify(r[d]);
      (groups.get(k) ?? groups.set(k, []).get(k)!).push(r.mean!);
    }
    if (groups.size < 2) continue;
    const between = [...groups.values()].reduce((s, g) => s + g.length * (mean(g) - grand) ** 2, 0);
    out.push({ dimension: d, share: total > 0 ? between / total : 0, values: groups.size, trials: complete.length });
  }
  return out.sort((a, b) => b.share - a.share);
}
