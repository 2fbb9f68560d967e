import { metricScale } from './common.js';
import { bandLabels, chartSvg, empty, layout, xBandAxis, yAxis } from './frame.js';
import { formatMetric, type Metric } from './metric.js';
import { el, type SvgNode } from './node.js';

/** A trial's score on every fold. */
export interface StripTrial {
  key: string;
  /** The label under its column (the first 10 characters of the key). */
  label: string;
  /** Hover text: key and name. */
  title: string;
  mean: number;
  folds: number[];
}
export interface StripOptions {
  width: number;
  height?: number;
  metric: Metric;
  name?: string;
  xLabel?: string;
}

const R = 3;

/** Every fold of each trial as a column of dots, with the trial's mean as a bar across it. */
export function stripChart(trials: StripTrial[], o: StripOptions): SvgNode {
  if (trials.length === 0) return empty('No complete trials yet.');
  const fit = bandLabels(trials.map((t) => t.label), (o.width - 60) / trials.length);
  const l = layout(o.width, (o.height ?? 300) + fit.height, { top: 10, right: 12, bottom: fit.height + 22, left: 48 });
  const a = l.area;
  const w = (a.x1 - a.x0) / trials.length;
  const y = metricScale(trials.flatMap((t) => [...t.folds, t.mean]), o.metric, a);
  // Folds spread across the column so that equal scores do not hide each other, never past it.
  const spread = Math.max(0, Math.min(3, (w / 2 - R - 1) / 2));
  const marks: SvgNode[] = [];
  trials.forEach((t, i) => {
    const cx = a.x0 + w * (i + 0.5);
    t.folds.forEach((v, k) => {
      marks.push(el('circle', { class: 'mark fold', 'data-trial': t.key, 'data-value': v.toFixed(4), cx: cx + ((k % 5) - 2) * spread, cy: y(v), r: R }, el('title', {}, `${t.title}, fold ${k}: ${formatMetric(o.metric, v)}`)));
    });
    const half = Math.max(2, Math.min(w * 0.3, 14));
    marks.push(el('line', { class: 'mark mean', x1: cx - half, x2: cx + half, y1: y(t.mean), y2: y(t.mean) }, el('title', {}, `${t.title}: mean ${formatMetric(o.metric, t.mean)}`)));
  });
  return chartSvg(
    o.name ?? 'fold-distribution',
    l,
    `${o.metric.name} of every fold of the top trials`,
    yAxis(l, y, { label: `fold ${o.metric.name}${o.metric.unit ? ` ${o.metric.unit}` : ''}` }),
    xBandAxis(l, trials.map((t, i) => ({ at: a.x0 + w * (i + 0.5), label: t.label, cls: 'trial-key', title: t.title })), fit, o.xLabel ?? 'trial key (by rank)'),
    el('g', { class: 'marks' }, marks),
  );
}
