import type { LeaderboardRow } from './leaderboard.js';
import { mean } from './statistics.js';

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
