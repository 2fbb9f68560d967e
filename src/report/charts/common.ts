import { INSET, yRange, type Box } from './frame.js';
import type { Metric } from './metric.js';
import { clipInterval, linearScale, niceDomain, type Scale } from './scale.js';
import { el, type SvgNode } from './node.js';

/** A y scale over the values (and interval ends) a chart shows, rounded out, kept inside the metric's range. */
export function metricScale(values: number[], metric: Metric, area: Box, o: { from0?: boolean; inset?: boolean } = {}): Scale {
  const finite = values.filter((v) => Number.isFinite(v));
  let lo = finite.length ? Math.min(...finite) : (metric.min ?? 0);
  let hi = finite.length ? Math.max(...finite) : (metric.max ?? 1);
  if (o.from0) lo = Math.min(lo, metric.min ?? 0, 0);
  const span = hi - lo || Math.abs(hi) || 1;
  if (!o.from0) lo -= span * 0.04;
  hi += span * 0.04;
  const count = Math.max(2, Math.floor((area.y1 - area.y0) / 40));
  const domain = niceDomain(lo, hi, count, { min: metric.min, max: metric.max });
  return linearScale(domain, o.inset === false ? [area.y1, area.y0 + INSET] : yRange(area));
}

/** An interval's ends inside the metric's range, with a mark where an end was cut. */
export interface DrawnInterval {
  y1: number;
  y2: number;
  clipped: 'low' | 'high' | 'both' | null;
  marks: SvgNode[];
}

/**
 * A vertical interval at x: its line, plus a small arrowhead pointing out of the range at each
 * end that was clipped to the metric's bounds (an interval of accuracy cannot pass 100).
 */
export function verticalInterval(x: number, low: number, high: number, metric: Metric, y: Scale, cls: string): DrawnInterval {
  const c = clipInterval(low, high, metric);
  const [dLo, dHi] = y.domain;
  const lo = Math.max(c.low, dLo);
  const hi = Math.min(c.high, dHi);
  const clipped = c.clippedLow && c.clippedHigh ? 'both' : c.clippedLow ? 'low' : c.clippedHigh ? 'high' : null;
  const marks: SvgNode[] = [el('line', { class: `mark interval errorbar ${cls}`, x1: x, x2: x, y1: y(lo), y2: y(hi), 'data-low': low.toFixed(3), 'data-high': high.toFixed(3), 'data-clipped': clipped })];
  if (c.clippedHigh) marks.push(el('path', { class: `mark clip-mark ${cls}`, 'data-clipped': 'high', d: `M${x - 4},${y(hi) + 6}L${x + 4},${y(hi) + 6}L${x},${y(hi)}Z` }));
  if (c.clippedLow) marks.push(el('path', { class: `mark clip-mark ${cls}`, 'data-clipped': 'low', d: `M${x - 4},${y(lo) - 6}L${x + 4},${y(lo) - 6}L${x},${y(lo)}Z` }));
  return { y1: y(lo), y2: y(hi), clipped, marks };
}

/** The words a title adds for a clipped interval. */
export function clipNote(low: number, high: number, metric: Metric): string {
  const c = clipInterval(low, high, metric);
  if (!c.clippedLow && !c.clippedHigh) return '';
  return ` (computed ${low.toFixed(1)}-${high.toFixed(1)}; drawn to the ${c.clippedHigh ? `top of the range, ${metric.max}` : `bottom of the range, ${metric.min}`}: clipped)`;
}

/** A number in [-1, 1) from a string: the same jitter for the same trial on every redraw. */
export function jitterOf(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return ((h >>> 0) % 2000) / 1000 - 1;
}

let counter = 0;
/** An id for a `<defs>` entry, unique within the page. */
export const uniqueId = (base: string) => `${base}-${++counter}`;
