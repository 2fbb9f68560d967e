import { clipNote, metricScale, verticalInterval } from './common.js';
import { chartSvg, empty, layout, legend, xAxis, xRange, yAxis, type LegendItem } from './frame.js';
import { formatMetric, metricLabel, type Metric } from './metric.js';
import { el, type SvgNode } from './node.js';
import { linearScale, formatValue } from './scale.js';
import { seriesClass } from './theme.js';

/** One group's mean at one x, with its 95% interval (null with fewer than two folds). */
export interface IntervalPoint {
  x: number;
  mean: number;
  low: number | null;
  high: number | null;
  /** Trials in the group. */
  n: number;
}
export interface IntervalSeries {
  key: string;
  label: string;
  points: IntervalPoint[];
}
export interface IntervalOptions {
  width: number;
  height?: number;
  metric: Metric;
  xLabel: string;
  name?: string;
  /** Join each series' points with a line (the grid's levels); off for anything continuous. */
  lines?: boolean;
}

const R = 4;

/**
 * Group means against a numeric setting with their intervals, a series per placement, each
 * series nudged sideways so the intervals do not hide each other. An interval that runs past the
 * metric's range is drawn to its bound and marked with an arrowhead (`data-clipped`).
 */
export function intervalChart(series: IntervalSeries[], o: IntervalOptions): SvgNode {
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) return empty('No complete trials with dropout yet.');
  const name = o.name ?? 'intervals';
  const items: LegendItem[] = series.map((s, i) => ({ label: s.label, cls: seriesClass(s.key, i) }));
  const lg = legend(items, 48, o.width - 60, 6);
  const l = layout(o.width, o.height ?? 320, { top: lg.height + 10, right: 12, bottom: 40, left: 48 });
  const a = l.area;
  const dodge = 7;
  const spread = ((series.length - 1) / 2) * dodge;
  const xs = [...new Set(all.map((p) => p.x))].sort((p, q) => p - q);
  const x = linearScale([xs[0], xs[xs.length - 1]], xRange(a, spread + R));
  const y = metricScale(all.flatMap((p) => [p.mean, p.low ?? p.mean, p.high ?? p.mean]), o.metric, a);
  const marks: SvgNode[] = [];
  series.forEach((s, i) => {
    const cls = seriesClass(s.key, i);
    const dx = i * dodge - spread;
    const points = [...s.points].sort((p, q) => p.x - q.x);
    if (o.lines !== false && points.length > 1) {
      marks.push(el('path', { class: `mark line ${cls}`, 'data-series': s.key, d: points.map((p, k) => `${k ? 'L' : 'M'}${x(p.x) + dx},${y(p.mean)}`).join('') }));
    }
    for (const p of points) {
      const px = x(p.x) + dx;
      let interval = 'no interval (one fold)';
      if (p.low !== null && p.high !== null) {
        const drawn = verticalInterval(px, p.low, p.high, o.metric, y, cls);
        marks.push(...drawn.marks);
        interval = `95% CI ${p.low.toFixed(2)}-${p.high.toFixed(2)}${clipNote(p.low, p.high, o.metric)}`;
      }
      const title = `${s.label}, ${o.xLabel} ${formatValue(p.x)}: ${formatMetric(o.metric, p.mean)} (${interval}; ${p.n} trial(s))`;
      marks.push(el('circle', { class: `mark point ${cls}`, 'data-series': s.key, 'data-x': p.x, 'data-value': p.mean.toFixed(4), cx: px, cy: y(p.mean), r: R }, el('title', {}, title)));
    }
  });
  const ticks = xs.length <= 12 ? xs : undefined;
  return chartSvg(
    name,
    l,
    `${metricLabel(o.metric)} against ${o.xLabel}, with 95% intervals`,
    yAxis(l, y, { label: `${metricLabel(o.metric)} (95% CI)` }),
    xAxis(l, x, { label: o.xLabel, ticks, format: formatValue }),
    lg.node,
    el('g', { class: 'marks' }, marks),
  );
}
