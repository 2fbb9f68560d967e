import type { LeaderboardRow } from './leaderboard.js';
import { correctedInterval, mean } from '../stats/statistics.js';
import { binOf, quantileBins, type Bin } from './charts/bins.js';
import type { Design, SettingDesign } from './design.js';

export const DIMENSIONS = ['placement', 'dropout', 'maxNorm', 'lr', 'momentum', 'epochs', 'batchSize', 'hidden'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface EffectRow {
  dimension: Dimension;
  /** The value, or for a continuous setting the bin's label (`0.05-0.16`). */
  value: string | number | null;
  /** A continuous setting's bin: the smallest and largest value of its trials. */
  bin: { low: number; high: number } | null;
  /** Mean over trials of their mean accuracy, percent. */
  mean: number;
  trials: number;
  best: number;
  /** Key of the trial with the best mean at this value. */
  bestTrial: string;
}

export interface Pivot {
  /** Dropout rates, or bin labels when dropout was drawn from a range. */
  rows: (number | string)[];
  columns: string[];
  /** cells[row][column]: mean accuracy in percent, null where no trial. */
  cells: (number | null)[][];
}

const completeRows = (rows: LeaderboardRow[]) => rows.filter((r) => r.status === 'complete' && r.mean !== null);
const continuousIn = (design: Design | undefined, d: Dimension): SettingDesign | undefined => design?.settings.find((s) => s.key === d && s.continuous);

/** Each trial's group at one dimension: its value, or the quantile bin its value falls in for a continuous setting. */
function grouping(complete: LeaderboardRow[], d: Dimension, design?: Design): { bins: Bin[] | null; of: (r: LeaderboardRow) => { key: string; value: string | number | null; bin: Bin | null } } {
  if (continuousIn(design, d)) {
    const bins = quantileBins(complete.map((r) => r[d] as number));
    return { bins, of: (r) => { const b = bins[binOf(bins, r[d] as number)]; return { key: b.label, value: b.label, bin: b }; } };
  }
  return { bins: null, of: (r) => ({ key: JSON.stringify(r[d]), value: r[d] as string | number | null, bin: null }) };
}

/**
 * For each swept dimension, the mean accuracy of each value averaged over the other dimensions
 * (the marginal means of the grid), from complete trials only. A setting drawn from a range
 * (random search) is cut into quantile bins (see charts/bins.ts) instead of a row per drawn value.
 */
export function dimensionEffects(rows: LeaderboardRow[], design?: Design, lowerIsBetter = false): EffectRow[] {
  const dir = lowerIsBetter ? -1 : 1;
  const complete = completeRows(rows);
  const out: EffectRow[] = [];
  for (const d of DIMENSIONS) {
    const { bins, of } = grouping(complete, d, design);
    const groups = new Map<string, { value: string | number | null; bin: Bin | null; means: number[]; best: LeaderboardRow }>();
    for (const r of complete) {
      const g0 = of(r);
      const g = groups.get(g0.key) ?? groups.set(g0.key, { value: g0.value, bin: g0.bin, means: [], best: r }).get(g0.key)!;
      g.means.push(r.mean!);
      if (dir * r.mean! > dir * g.best.mean! || (r.mean === g.best.mean && r.trialKey < g.best.trialKey)) g.best = r;
    }
    if (groups.size < 2) continue;
    const sorted = [...groups.values()].sort((a, b) =>
      bins ? a.bin!.from - b.bin!.from : a.value === null ? -1 : b.value === null ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0,
    );
    for (const g of sorted) {
      out.push({ dimension: d, value: g.value, bin: g.bin ? { low: g.bin.low, high: g.bin.high } : null, mean: mean(g.means), trials: g.means.length, best: g.best.mean!, bestTrial: g.best.trialKey });
    }
  }
  return out;
}

/** Mean accuracy by dropout rate (rows; quantile bins when drawn from a range) and placement (columns). */
export function dropoutPivot(rows: LeaderboardRow[], design?: Design): Pivot {
  const complete = completeRows(rows);
  const { bins, of } = grouping(complete, 'dropout', design);
  const rowKeys = bins ? bins.map((b) => b.label) : [...new Set(complete.map((r) => r.dropout))].sort((a, b) => a - b);
  const placements = ['none', 'visible', 'hidden', 'both'].filter((p) => complete.some((r) => r.placement === p));
  const cells = rowKeys.map((k) =>
    placements.map((p) => {
      const means = complete.filter((r) => r.placement === p && (bins ? of(r).value === k : r.dropout === k)).map((r) => r.mean!);
      return means.length ? mean(means) : null;
    }),
  );
  return { rows: rowKeys, columns: placements, cells };
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
 * The group's mean score on each fold (every trial of a sweep sees the same folds), by fold key,
 * times `scale`: 100 turns a stored fraction into the percent the board shows accuracies in.
 */
export function groupFoldMeans(group: LeaderboardRow[], folds: Map<string, Map<string, number | null>>, scale = 100): Map<string, number> {
  const perFold = new Map<string, number[]>();
  for (const r of group) {
    for (const [k, a] of folds.get(r.trialKey) ?? []) if (a !== null) (perFold.get(k) ?? perFold.set(k, []).get(k)!).push(a * scale);
  }
  return new Map([...perFold].map(([k, v]) => [k, mean(v)]));
}

/**
 * Accuracy against dropout rate, per placement. A point's value is the mean over its group's
 * trials (the other settings averaged out). Its interval treats the group as one model: the
 * group's mean accuracy on each fold gives k scores, and the interval uses the corrected variance
 * (1/k + n_test/n_train) s² of the leaderboard's CI, since the folds' training sets overlap.
 * Rate 0 is the no-dropout model whatever the placement, so it starts every line.
 */
export function dropoutCurve(rows: LeaderboardRow[], folds: Map<string, Map<string, number | null>>, testTrainRatio: number, scale = 100): CurvePoint[] {
  const complete = completeRows(rows);
  const rates = [...new Set(complete.map((r) => r.dropout))].sort((a, b) => a - b);
  const out: CurvePoint[] = [];
  for (const placement of ['visible', 'hidden', 'both']) {
    if (!complete.some((r) => r.placement === placement && r.dropout > 0)) continue;
    for (const rate of rates) {
      const group = rate === 0 ? complete.filter((r) => r.dropout === 0) : complete.filter((r) => r.placement === placement && r.dropout === rate);
      if (group.length === 0) continue;
      const scores = [...groupFoldMeans(group, folds, scale).values()];
      const [lo, hi] = correctedInterval(scores, testTrainRatio, 1);
      out.push({ placement, rate, mean: mean(group.map((r) => r.mean!)), low: Number.isFinite(lo) ? lo : null, high: Number.isFinite(hi) ? hi : null, trials: group.length });
    }
  }
  return out;
}
