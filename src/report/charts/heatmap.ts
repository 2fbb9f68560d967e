import { uniqueId } from './common.js';
import { bandLabels, chartSvg, empty, fitLabel, layout, textWidth, xBandAxis } from './frame.js';
import { formatMetric, metricLabel, type Metric } from './metric.js';
import { el, type SvgNode } from './node.js';
import { VIRIDIS_STOPS, textOnViridis, viridis } from './theme.js';

/** One cell: the trials at one level (or bin) of each of two settings. */
export interface HeatCell {
  /** Indices into the options' levels. */
  x: number;
  y: number;
  mean: number;
  trials: number;
  /**
   * Not told apart from the best cell by the corrected statistics (paired over folds, Holm across
   * the cells), the best cell itself included: drawn in the best cell's colour, hatched.
   */
  withinNoise: boolean;
  title: string;
}
export interface HeatmapOptions {
  width: number;
  metric: Metric;
  xLabel: string;
  yLabel: string;
  xLevels: string[];
  yLevels: string[];
  name?: string;
  /** Words for the hatched swatch of the legend. */
  noiseLabel?: string;
}

const ROW_H = 40;

/** The first of the texts that fits in `room` px (the last one whatever its width). */
const fitting = (texts: string[], room: number) => texts.find((t) => textWidth(t, 12) <= room) ?? texts[texts.length - 1];

/**
 * Mean score per cell on the viridis scale, from the worst cell to the best. A cell whose
 * difference from the best is within noise takes the best cell's colour and a hatch: a gap the
 * statistics do not support is never drawn as contrast.
 */
export function heatmapChart(cells: HeatCell[], o: HeatmapOptions): SvgNode {
  if (cells.length === 0) return empty('No complete trials yet.');
  const name = o.name ?? 'heatmap';
  const left = Math.min(o.width * 0.3, Math.max(...o.yLevels.map((s) => textWidth(s))) + 30);
  const spacing = (o.width - left - 12) / o.xLevels.length;
  const fit = bandLabels(o.xLevels, spacing);
  const legendH = 56;
  const l = layout(o.width, legendH + ROW_H * o.yLevels.length + fit.height + 24, { top: legendH, right: 12, bottom: fit.height + 24, left });
  const a = l.area;
  const w = (a.x1 - a.x0) / o.xLevels.length;
  const h = (a.y1 - a.y0) / o.yLevels.length;
  const means = cells.map((c) => c.mean);
  const best = o.metric.higherIsBetter ? Math.max(...means) : Math.min(...means);
  const worst = o.metric.higherIsBetter ? Math.min(...means) : Math.max(...means);
  const tOf = (c: HeatCell) => (c.withinNoise || best === worst ? 1 : (c.mean - worst) / (best - worst));
  const hatch = uniqueId(`${name}-hatch`);
  const gradient = uniqueId(`${name}-ramp`);
  const marks: SvgNode[] = [];
  for (const c of cells) {
    const x = a.x0 + c.x * w + 1;
    const y = a.y0 + c.y * h + 1;
    const t = tOf(c);
    const attrs = { x, y, width: Math.max(1, w - 2), height: Math.max(1, h - 2) };
    marks.push(
      el('rect', { ...attrs, class: 'mark cell', fill: viridis(t), 'data-x': o.xLevels[c.x], 'data-y': o.yLevels[c.y], 'data-value': c.mean.toFixed(4), 'data-within-noise': c.withinNoise ? 'yes' : 'no' }, el('title', {}, c.title)),
    );
    if (c.withinNoise) marks.push(el('rect', { ...attrs, class: 'mark hatch', fill: `url(#${hatch})` }));
    const label = `${c.withinNoise ? '~' : ''}${c.mean.toFixed(1)}`;
    if (textWidth(label, 12) < w - 4) marks.push(el('text', { class: 'mark cell-label', x: x + (w - 2) / 2, y: y + (h - 2) / 2 + 4, 'text-anchor': 'middle', fill: textOnViridis(t) }, label));
  }
  const yTicks = o.yLevels.map((s, i) => el('text', { class: 'tick', x: a.x0 - 6, y: a.y0 + i * h + h / 2 + 4, 'text-anchor': 'end' }, s));
  const lo = Math.min(...means);
  const hi = Math.max(...means);
  const ramp = Math.min(200, o.width - left - 20);
  return chartSvg(
    name,
    l,
    `${metricLabel(o.metric)} by ${o.yLabel} and ${o.xLabel}`,
    el(
      'defs',
      {},
      el('linearGradient', { id: gradient }, VIRIDIS_STOPS.map((c, i) => el('stop', { offset: (i / (VIRIDIS_STOPS.length - 1)).toFixed(3), 'stop-color': c }))),
      el('pattern', { id: hatch, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' }, el('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: '#000', 'stroke-opacity': 0.35, 'stroke-width': 2 })),
    ),
    el(
      'g',
      { class: 'colour-legend' },
      el('rect', { x: left, y: 6, width: ramp, height: 10, fill: `url(#${gradient})` }),
      el('text', { class: 'tick', x: left, y: 29, 'text-anchor': 'start' }, formatMetric({ ...o.metric, unit: '', digits: 1 }, o.metric.higherIsBetter ? lo : hi)),
      el('text', { class: 'tick', x: left + ramp, y: 29, 'text-anchor': 'end' }, formatMetric({ ...o.metric, unit: '', digits: 1 }, o.metric.higherIsBetter ? hi : lo)),
      el('text', { class: 'tick', x: left + ramp + 6, y: 15 }, textWidth(`${metricLabel(o.metric)} (viridis)`) < o.width - left - ramp - 10 ? `${metricLabel(o.metric)} (viridis)` : '(viridis)'),
    ),
    el(
      'g',
      { class: 'noise-legend legend' },
      el('rect', { x: left, y: 36, width: 14, height: 12, fill: viridis(1) }),
      el('rect', { x: left, y: 36, width: 14, height: 12, fill: `url(#${hatch})` }),
      el('text', { x: left + 20, y: 46 }, fitting([o.noiseLabel ?? '~ within noise of the best cell: drawn as the best', '~ within noise of the best', '~ like the best'], o.width - left - 32)),
    ),
    el('g', { class: 'y-axis' }, yTicks, el('text', { class: 'label', transform: `translate(12 ${(a.y0 + a.y1) / 2}) rotate(-90)`, 'text-anchor': 'middle' }, fitLabel(o.yLabel, a.y1 - a.y0 + 30))),
    xBandAxis(l, o.xLevels.map((s, i) => ({ at: a.x0 + i * w + w / 2, label: s })), fit, o.xLabel),
    el('g', { class: 'marks' }, marks),
  );
}
