import { chartSvg, empty, layout, legend, xAxis, xRange, yRange, yAxis } from './frame.js';
import { type Metric } from './metric.js';
import { el, type SvgNode } from './node.js';
import { clipInterval, linearScale, niceDomain } from './scale.js';
import { seriesClass } from './theme.js';

export interface LinePoint {
  x: number;
  y: number;
  /** The band around the line (a mean over folds: its spread), optional. */
  low?: number | null;
  high?: number | null;
}
export interface LineSeries {
  key: string;
  label: string;
  points: LinePoint[];
  /** A vertical mark, as the epoch where a fold diverged. */
  marker?: { x: number; label: string };
  /** The n-th generic colour (`s-n`), when several series share one (a trial's two curves); else by key or position. */
  colour?: number;
  /** Drawn dashed (a trial's training loss beside its solid held-out loss). */
  dashed?: boolean;
}
export interface LineOptions {
  width: number;
  height?: number;
  /** What y is: its name, unit and the range the band is clipped to. */
  metric: Metric;
  xLabel: string;
  yLabel?: string;
  name?: string;
  /** Steps instead of straight segments (a best-so-far curve). */
  step?: boolean;
}

/**
 * Lines with optional bands, one per series: a learning curve (mean over folds with a band), two
 * trials' curves overlaid (`overlayChart`), or several sweeps' best-so-far curves. Bands are
 * clipped to the metric's range; a clipped band carries `data-clipped` and says so in the legend.
 */
export function lineChart(series: LineSeries[], o: LineOptions): SvgNode {
  const points = series.flatMap((s) => s.points);
  if (points.length === 0) return empty('Nothing to draw yet.');
  let clippedAny = false;
  const bandOf = (p: LinePoint) => {
    if (p.low === null || p.low === undefined || p.high === null || p.high === undefined) return null;
    const c = clipInterval(p.low, p.high, o.metric);
    clippedAny ||= c.clippedLow || c.clippedHigh;
    return c;
  };
  const bands = series.map((s) => s.points.map(bandOf));
  const clsOf = (s: LineSeries, i: number) => `${s.colour === undefined ? seriesClass(s.key, i) : `s-${s.colour % 4}`}${s.dashed ? ' dashed' : ''}`;
  const items = series.map((s, i) => ({ label: s.label, cls: clsOf(s, i), kind: 'line' as const }));
  // An unbounded side is not a range end: log loss's bands stop at 0 only.
  const clipText = o.metric.max === null ? `band clipped at ${o.metric.min ?? ''}` : o.metric.min === null ? `band clipped at ${o.metric.max}` : `band clipped to ${o.metric.min}-${o.metric.max}`;
  if (clippedAny) items.push({ label: clipText, cls: 'note', kind: 'line' });
  const lg = legend(items, 48, o.width - 60, 6);
  const l = layout(o.width, o.height ?? 280, { top: lg.height + 10, right: 12, bottom: 40, left: 52 });
  const a = l.area;
  const xs = points.map((p) => p.x).concat(series.flatMap((s) => (s.marker ? [s.marker.x] : [])));
  const x = linearScale([Math.min(...xs), Math.max(...xs)], xRange(a));
  const ys = points.map((p) => p.y).concat(bands.flat().flatMap((b) => (b ? [b.low, b.high] : [])));
  const count = Math.max(2, Math.floor((a.y1 - a.y0) / 40));
  const y = linearScale(niceDomain(Math.min(...ys), Math.max(...ys), count, o.metric), yRange(a));
  const marks: SvgNode[] = [];
  series.forEach((s, i) => {
    const cls = clsOf(s, i);
    const withBand = s.points.map((p, k) => ({ p, b: bands[i][k] })).filter((e) => e.b !== null);
    if (withBand.length > 1) {
      const upper = withBand.map((e) => `${x(e.p.x)},${y(e.b!.high)}`);
      const lower = withBand.map((e) => `${x(e.p.x)},${y(e.b!.low)}`).reverse();
      const clipped = withBand.some((e) => e.b!.clippedHigh || e.b!.clippedLow);
      marks.push(el('path', { class: `mark band ${cls}`, 'data-series': s.key, 'data-clipped': clipped ? 'yes' : null, d: `M${upper.join('L')}L${lower.join('L')}Z` }));
    }
    const d = s.points
      .map((p, k) => (k === 0 ? `M${x(p.x)},${y(p.y)}` : o.step ? `H${x(p.x)}V${y(p.y)}` : `L${x(p.x)},${y(p.y)}`))
      .join('');
    marks.push(el('path', { class: `mark line ${cls}`, 'data-series': s.key, d }, el('title', {}, s.label)));
    if (s.points.length === 1) marks.push(el('circle', { class: `mark ${cls}`, cx: x(s.points[0].x), cy: y(s.points[0].y), r: 3 }));
    if (s.marker) {
      const mx = x(s.marker.x);
      marks.push(el('line', { class: `mark marker ${cls}`, 'data-series': s.key, x1: mx, x2: mx, y1: a.y0 + 2, y2: a.y1 - 2 }, el('title', {}, `${s.label}: ${s.marker.label}`)));
    }
  });
  return chartSvg(
    o.name ?? 'lines',
    l,
    `${o.yLabel ?? o.metric.name} against ${o.xLabel}`,
    yAxis(l, y, { label: o.yLabel ?? `${o.metric.name}${o.metric.unit ? ` ${o.metric.unit}` : ''}` }),
    xAxis(l, x, { label: o.xLabel }),
    lg.node,
    el('g', { class: 'marks' }, marks),
  );
}

/** Two series overlaid, each with its band (two trials' learning curves, four lines: lineChart of `overlayCurveSeries`). */
export function overlayChart(a: LineSeries, b: LineSeries, o: LineOptions): SvgNode {
  return lineChart([a, b], { ...o, name: o.name ?? 'overlay' });
}
