import { metricScale } from './common.js';
import { bandLabels, centredRoom, chartSvg, empty, fitLabel, layout, textWidth, xBandAxis, yAxis, INSET } from './frame.js';
import { formatMetric, metricLabel, type Metric } from './metric.js';
import { el, type SvgNode } from './node.js';
import { linearScale } from './scale.js';

export interface Bar {
  label: string;
  value: number;
  title: string;
}
export interface BarOptions {
  width: number;
  height?: number;
  metric: Metric;
  xLabel: string;
  name?: string;
}

/** Vertical bars from the bottom of the metric's range: a bar's length is its value, so the axis is not cut. */
export function barChart(bars: Bar[], o: BarOptions): SvgNode {
  if (bars.length === 0) return empty('No complete trials yet.');
  const fit = bandLabels(bars.map((b) => b.label), (o.width - 60) / bars.length);
  const l = layout(o.width, (o.height ?? 280) + fit.height, { top: 10, right: 12, bottom: fit.height + 22, left: 48 });
  const a = l.area;
  const y = metricScale([o.metric.min ?? 0, o.metric.max ?? Math.max(...bars.map((b) => b.value))], o.metric, a, { from0: true, inset: false });
  const w = (a.x1 - a.x0) / bars.length;
  const base = y(y.domain[0]);
  const marks = bars.map((b, i) => {
    const top = y(Math.min(Math.max(b.value, y.domain[0]), y.domain[1]));
    return el('rect', { class: 'mark bar', 'data-x': b.label, 'data-value': b.value.toFixed(4), x: a.x0 + w * (i + 0.2), y: top, width: w * 0.6, height: Math.max(0, base - top) }, el('title', {}, `${b.title}: ${formatMetric(o.metric, b.value)}`));
  });
  return chartSvg(
    o.name ?? 'bars',
    l,
    `${metricLabel(o.metric)} per ${o.xLabel}`,
    yAxis(l, y, { label: metricLabel(o.metric), format: (v) => v.toFixed(1) }),
    xBandAxis(l, bars.map((b, i) => ({ at: a.x0 + w * (i + 0.5), label: b.label })), fit, o.xLabel),
    el('g', { class: 'marks' }, marks),
  );
}

export interface Share {
  label: string;
  /** 0-1. */
  share: number;
  title: string;
  /** The remainder (interactions and noise), drawn in grey. */
  rest?: boolean;
}

/** Horizontal bars of shares that add up to at most 100%, each labelled with its percentage. */
export function shareChart(shares: Share[], o: { width: number; name?: string; xLabel: string }): SvgNode {
  if (shares.length === 0) return empty('Nothing to decompose.');
  const left = Math.min(o.width * 0.4, Math.max(...shares.map((s) => textWidth(s.label))) + 14);
  const l = layout(o.width, 50 + 26 * shares.length, { top: 8, right: 12, bottom: 40, left });
  const a = l.area;
  const x = linearScale([0, 100], [a.x0, a.x1 - INSET]);
  const h = (a.y1 - a.y0) / shares.length;
  const marks: SvgNode[] = [];
  shares.forEach((s, i) => {
    const pct = Math.min(100, Math.max(0, s.share * 100));
    const y0 = a.y0 + i * h + 3;
    marks.push(el('rect', { class: `mark ${s.rest ? 'share-rest' : 'bar'}`, 'data-value': pct.toFixed(2), x: a.x0, y: y0, width: x(pct) - a.x0, height: h - 6 }, el('title', {}, s.title)));
    const text = `${pct.toFixed(1)}%`;
    const outside = x(pct) + 4 + textWidth(text) <= a.x1 - 2;
    marks.push(el('text', { class: 'mark value-label tick', x: outside ? x(pct) + 4 : x(pct) - 4, y: y0 + h / 2 + 1, 'text-anchor': outside ? 'start' : 'end', fill: outside ? null : '#ffffff' }, text));
  });
  return chartSvg(
    o.name ?? 'importance',
    l,
    o.xLabel,
    el('g', { class: 'y-axis' }, shares.map((s, i) => el('text', { class: 'tick', x: a.x0 - 6, y: a.y0 + i * h + h / 2 + 4, 'text-anchor': 'end' }, s.label))),
    el(
      'g',
      { class: 'x-axis' },
      [0, 25, 50, 75, 100].map((v) => el('line', { class: 'grid', x1: x(v), x2: x(v), y1: a.y0, y2: a.y1 })),
      [0, 25, 50, 75, 100].map((v) => el('text', { class: 'tick', x: x(v), y: a.y1 + 15, 'text-anchor': v === 100 ? 'end' : 'middle' }, `${v}`)),
      el('line', { class: 'axis', x1: a.x0, x2: a.x1, y1: a.y1, y2: a.y1 }),
      el('text', { class: 'label', x: (a.x0 + a.x1) / 2, y: l.height - 6, 'text-anchor': 'middle' }, fitLabel(o.xLabel, centredRoom(l))),
    ),
    el('g', { class: 'marks' }, marks),
  );
}
