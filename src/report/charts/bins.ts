import { formatValue } from './scale.js';

/**
 * Quantile bins for a setting drawn from a range (random search): each bin holds about the same
 * number of trials, so every bin's mean rests on about as much data. Pure; used by `effects`,
 * the heatmap and the max-norm chart alike.
 */
export interface Bin {
  /** Values at or above `from` (and below the next bin's `from`) fall in this bin. */
  from: number;
  /** The smallest and largest value of the bin's trials. */
  low: number;
  high: number;
  count: number;
  label: string;
}

/** ⌊n/8⌋ bins, at least 2 and at most 5: about eight trials or more per bin. */
export function binCount(n: number): number {
  return Math.max(2, Math.min(5, Math.floor(n / 8)));
}

export const BIN_RULE = 'quantile bins: ⌊n/8⌋ of them (2 to 5), each with about the same number of trials';

/** `count` bins cut at the quantiles of `values` (fewer when there are fewer distinct values). */
export function quantileBins(values: number[], count = binCount(values.length)): Bin[] {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const edges: number[] = [];
  for (let i = 0; i < count; i++) {
    const edge = sorted[Math.floor((i * sorted.length) / count)];
    if (edges.length === 0 || edge > edges[edges.length - 1]) edges.push(edge);
  }
  return edges.map((from, i) => {
    const inBin = sorted.filter((v) => v >= from && (i === edges.length - 1 || v < edges[i + 1]));
    const low = inBin[0];
    const high = inBin[inBin.length - 1];
    return { from, low, high, count: inBin.length, label: low === high ? formatValue(low) : `${formatValue(low)}-${formatValue(high)}` };
  });
}

/** The index of the bin `v` falls in (values below the first bin go to it). */
export function binOf(bins: Bin[], v: number): number {
  let i = 0;
  while (i + 1 < bins.length && v >= bins[i + 1].from) i++;
  return i;
}
