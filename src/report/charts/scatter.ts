import { jitterOf, metricScale } from './common.js';
import { bandLabels, chartSvg, empty, layout, legend, xAxis, xBandAxis, xRange, yAxis, type LegendItem } from './frame.js';
import { formatMetric, metricLabel, type Metric } from './metric.js';
import { el, type SvgNode } from './node.js';
import { formatValue, linearScale, logScale } from './scale.js';
import { PLACEMENT_ORDER, seriesClass } from './theme.js';

/** One trial in a slice plot: its value of the setting and its score. */
export interface ScatterPoint {
  x: number | string | null;
  y: number;
  /** Colour group (the placement). */
  series: string;
  /** Trial key, for the hover text and a stable jitter. */
  key: string;
  title: string;
}
export interface ScatterOptions {
  width: number;
  height?: number;
  metric: Metric;
  xLabel: string;
  name?: string;
  /** A numeric setting on a log axis (a learning rate drawn log-uniformly). */
  log?: boolean;
  /** A setting that takes a few values: one column per value, in this order, dots jittered across it. */
  categories?: string[];
}

const R = 3.5;

/**
 * A slice plot: every trial's score against one setting, whatever the other settings are. Dots
 * only, no line: with random search the points at nearby values differ in every other setting,
 * so a line through them would be drawn through noise.
 */
export function scatterChart(points: ScatterPoint[], o: ScatterOptions): SvgNode {
  if (points.length === 0) return empty('No complete trials yet.');
  const present = [...new Set(points.map((p) => p.series))].sort((a, b) => PLACEMENT_ORDER.indexOf(a) - PLACEMENT_ORDER.indexOf(b));
  const cls = (s: string) => seriesClass(s, present.indexOf(s));
  const items: LegendItem[] = present.length > 1 ? present.map((s) => ({ label: s, cls: cls(s) })) : [];
  const lg = legend(items, 48, o.width - 60, 6);
  const categories = o.categories;
  const bandFit = categories ? bandLabels(categories, (o.width - 60) / categories.length) : null;
  const l = layout(o.width, o.height ?? 260, { top: lg.height + 10, right: 12, bottom: 22 + (bandFit?.height ?? 20), left: 48 });
  const a = l.area;
  const y = metricScale(points.map((p) => p.y), o.metric, a);
  let xOf: (p: ScatterPoint) => number;
  let axis: SvgNode;
  if (categories) {
    const w = (a.x1 - a.x0) / categories.length;
    const at = (i: number) => a.x0 + w * (i + 0.5);
    const spread = Math.max(0, Math.min(w * 0.3, w / 2 - R - 1));
    xOf = (p) => at(Math.max(0, categories.indexOf(p.x === null ? 'none' : String(p.x)))) + jitterOf(p.key) * spread;
    axis = xBandAxis(l, categories.map((c, i) => ({ at: at(i), label: c })), bandFit!, o.xLabel);
  } else {
    const xs = points.map((p) => Number(p.x)).filter((v) => Number.isFinite(v) && (!o.log || v > 0));
    const domain: [number, number] = [Math.min(...xs), Math.max(...xs)];
    const x = o.log ? logScale(domain, xRange(a, R)) : linearScale(domain, xRange(a, R));
    xOf = (p) => x(Number(p.x));
    axis = xAxis(l, x, { label: `${o.xLabel}${o.log ? ' (log scale)' : ''}`, format: o.log ? undefined : formatValue });
  }
  const marks = points
    .filter((p) => categories || (Number.isFinite(Number(p.x)) && p.x !== null && (!o.log || Number(p.x) > 0)))
    .map((p) =>
      el('circle', { class: `mark dot ${cls(p.series)}`, 'fill-opacity': 0.75, 'data-x': p.x === null ? 'none' : p.x, 'data-value': p.y.toFixed(4), cx: xOf(p), cy: y(p.y), r: R }, el('title', {}, `${p.title}: ${formatMetric(o.metric, p.y)}`)),
    );
  return chartSvg(o.name ?? 'slice', l, `${metricLabel(o.metric)} of every trial against ${o.xLabel}`, yAxis(l, y, { label: metricLabel(o.metric) }), axis, lg.node, el('g', { class: 'marks' }, marks));
}
