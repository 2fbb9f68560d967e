import { clipNote } from './common.js';
import { bandLabels, chartSvg, empty, layout, textWidth, xAxis, xBandAxis, xRange, yAxis, INSET } from './frame.js';
import { formatMetric, metricLabel, type Metric } from './metric.js';
import { el, type SvgNode } from './node.js';
import { clipInterval, linearScale, niceDomain } from './scale.js';

/** One row: a value with its interval (the best trial of a sweep and its 95% CI). */
export interface RangeRow {
  key: string;
  label: string;
  value: number;
  low: number | null;
  high: number | null;
  title: string;
}

/**
 * Horizontal intervals, one row each, on a shared axis; an interval past the metric's range is
 * drawn to its bound with an arrowhead (`data-clipped`).
 */
export function rangeChart(rows: RangeRow[], o: { width: number; metric: Metric; name?: string; xLabel?: string }): SvgNode {
  if (rows.length === 0) return empty('No complete trials yet.');
  const labelRoom = Math.min(o.width * 0.35, Math.max(...rows.map((r) => textWidth(r.label))) + 12);
  const shorten = (s: string) => (textWidth(s) <= labelRoom - 12 ? s : `${s.slice(0, Math.max(3, Math.floor((labelRoom - 12) / 6.6) - 1))}…`);
  const l = layout(o.width, 52 + 30 * rows.length, { top: 8, right: 14, bottom: 40, left: labelRoom });
  const a = l.area;
  const ends = rows.flatMap((r) => {
    const c = r.low !== null && r.high !== null ? clipInterval(r.low, r.high, o.metric) : null;
    return c ? [r.value, c.low, c.high] : [r.value];
  });
  const count = Math.max(2, Math.floor((a.x1 - a.x0) / 60));
  const x = linearScale(niceDomain(Math.min(...ends), Math.max(...ends), count, o.metric), xRange(a));
  const h = (a.y1 - a.y0) / rows.length;
  const marks: SvgNode[] = [];
  rows.forEach((r, i) => {
    const cy = a.y0 + h * (i + 0.5);
    let note = '';
    if (r.low !== null && r.high !== null) {
      const c = clipInterval(r.low, r.high, o.metric);
      const clipped = c.clippedLow && c.clippedHigh ? 'both' : c.clippedLow ? 'low' : c.clippedHigh ? 'high' : null;
      marks.push(el('line', { class: 'mark interval s-0', x1: x(c.low), x2: x(c.high), y1: cy, y2: cy, 'data-low': r.low.toFixed(3), 'data-high': r.high.toFixed(3), 'data-clipped': clipped }));
      if (c.clippedHigh) marks.push(el('path', { class: 'mark clip-mark s-0', 'data-clipped': 'high', d: `M${x(c.high) - 6},${cy - 4}L${x(c.high) - 6},${cy + 4}L${x(c.high)},${cy}Z` }));
      if (c.clippedLow) marks.push(el('path', { class: 'mark clip-mark s-0', 'data-clipped': 'low', d: `M${x(c.low) + 6},${cy - 4}L${x(c.low) + 6},${cy + 4}L${x(c.low)},${cy}Z` }));
      note = `, 95% CI ${r.low.toFixed(2)}-${r.high.toFixed(2)}${clipNote(r.low, r.high, o.metric)}`;
    }
    marks.push(el('circle', { class: 'mark point s-0', 'data-value': r.value.toFixed(4), cx: x(r.value), cy, r: 4 }, el('title', {}, `${r.title}: ${formatMetric(o.metric, r.value)}${note}`)));
  });
  return chartSvg(
    o.name ?? 'ranges',
    l,
    o.xLabel ?? metricLabel(o.metric),
    el('g', { class: 'y-axis' }, rows.map((r, i) => el('text', { class: 'tick', x: a.x0 - 6, y: a.y0 + h * (i + 0.5) + 4, 'text-anchor': 'end' }, shorten(r.label), el('title', {}, r.label)))),
    xAxis(l, x, { label: `${o.xLabel ?? metricLabel(o.metric)} (95% CI)` }),
    el('g', { class: 'marks' }, marks),
  );
}

/** Paired differences (a - b per fold), with zero and their mean marked. */
export function differenceChart(pairs: { label: string; value: number }[], o: { width: number; unit: string; mean: number | null; name?: string; digits?: number }): SvgNode {
  const digits = o.digits ?? 2;
  if (pairs.length === 0) return empty('No folds that both trials scored.');
  const fit = bandLabels(pairs.map((p) => p.label), (o.width - 60) / pairs.length);
  const l = layout(o.width, 260 + fit.height, { top: 10, right: 12, bottom: fit.height + 22, left: 52 });
  const a = l.area;
  const values = [0, ...pairs.map((p) => p.value)];
  const count = Math.max(2, Math.floor((a.y1 - a.y0) / 40));
  const y = linearScale(niceDomain(Math.min(...values), Math.max(...values), count), [a.y1 - INSET, a.y0 + INSET]);
  const w = (a.x1 - a.x0) / pairs.length;
  const marks: SvgNode[] = [el('line', { class: 'mark zero', x1: a.x0, x2: a.x1, y1: y(0), y2: y(0) })];
  if (o.mean !== null) marks.push(el('line', { class: 'mark mean', 'stroke-dasharray': '4 3', x1: a.x0, x2: a.x1, y1: y(o.mean), y2: y(o.mean) }, el('title', {}, `mean difference ${o.mean.toFixed(digits)} ${o.unit}`)));
  pairs.forEach((p, i) => {
    marks.push(el('circle', { class: 'mark point s-0', 'data-value': p.value.toFixed(4), cx: a.x0 + w * (i + 0.5), cy: y(p.value), r: 4 }, el('title', {}, `${p.label}: ${p.value.toFixed(digits)} ${o.unit}`)));
  });
  return chartSvg(
    o.name ?? 'differences',
    l,
    `a - b per fold, ${o.unit}`,
    yAxis(l, y, { label: `a - b, ${o.unit}` }),
    xBandAxis(l, pairs.map((p, i) => ({ at: a.x0 + w * (i + 0.5), label: p.label })), fit, 'fold'),
    el('g', { class: 'marks' }, marks),
  );
}
