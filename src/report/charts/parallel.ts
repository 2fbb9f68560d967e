import { uniqueId } from './common.js';
import { chartSvg, empty, layout, textWidth, INSET } from './frame.js';
import { formatMetric, type Metric } from './metric.js';
import { el, type SvgNode } from './node.js';
import { formatValue, linearScale, logScale, type Scale } from './scale.js';
import { VIRIDIS_STOPS, viridis } from './theme.js';

/** An axis: a setting's values in order, or a numeric range (linear or log). */
export interface ParallelAxis {
  key: string;
  label: string;
  /** Category values in order (a grid's list); absent for a numeric axis. */
  categories?: string[];
  domain?: [number, number];
  log?: boolean;
}
export interface ParallelLine {
  key: string;
  title: string;
  /** One value per axis (a category's text, or a number). */
  values: (string | number)[];
  /** The score, on the last axis and in the colour. */
  score: number;
}

/** Every trial as a line across its settings and its score, coloured by the score (viridis); the best drawn last. */
export function parallelChart(axes: ParallelAxis[], lines: ParallelLine[], o: { width: number; height?: number; metric: Metric; name?: string }): SvgNode {
  if (lines.length === 0) return empty('No scored trials yet.');
  const all: ParallelAxis[] = [...axes, { key: 'score', label: `${o.metric.name} ${o.metric.unit}`.trim(), domain: [Math.min(...lines.map((l) => l.score)), Math.max(...lines.map((l) => l.score))] }];
  // Each axis needs room for its labels: the chart is at least 70 px per axis (the page scrolls it sideways if it must).
  const width = Math.max(o.width, all.length * 70);
  const l = layout(width, o.height ?? 340, { top: 40, right: 56, bottom: 12, left: 16 });
  const a = l.area;
  const step = (a.x1 - a.x0) / Math.max(1, all.length - 1);
  const axisX = (i: number) => a.x0 + i * step;
  const scales = all.map((ax): ((v: string | number) => number) => {
    if (ax.categories) {
      const n = ax.categories.length;
      return (v) => a.y1 - INSET - (n === 1 ? 0.5 : Math.max(0, ax.categories!.indexOf(String(v))) / (n - 1)) * (a.y1 - a.y0 - 2 * INSET);
    }
    const d = ax.domain!;
    const s: Scale = ax.log && d[0] > 0 ? logScale(d, [a.y1 - INSET, a.y0 + INSET]) : linearScale(d, [a.y1 - INSET, a.y0 + INSET]);
    return (v) => s(Math.min(s.domain[1], Math.max(s.domain[0], Number(v))));
  });
  const [lo, hi] = all[all.length - 1].domain!;
  const t = (score: number) => (hi === lo ? 0.5 : (o.metric.higherIsBetter ? score - lo : hi - score) / (hi - lo));
  const ordered = [...lines].sort((p, q) => t(p.score) - t(q.score));
  const marks = ordered.map((line) =>
    el(
      'path',
      { class: 'mark trial-line', fill: 'none', stroke: viridis(t(line.score)), 'stroke-width': 1.3, 'stroke-opacity': 0.75, 'data-trial': line.key, d: [...line.values, line.score].map((v, i) => `${i ? 'L' : 'M'}${axisX(i)},${scales[i](v)}`).join('') },
      el('title', {}, `${line.title}: ${formatMetric(o.metric, line.score)}`),
    ),
  );
  const axisMarks = all.map((ax, i) => {
    const ticks: { v: string | number; text: string }[] = ax.categories
      ? ax.categories.map((c) => ({ v: c, text: c }))
      : (ax.log ? logScale(ax.domain!, [0, 1]) : linearScale(ax.domain!, [0, 1])).ticks(4).map((v) => ({ v, text: ax.key === 'score' ? v.toFixed(1) : formatValue(v) }));
    const room = i === all.length - 1 ? 54 : step - 8;
    return el(
      'g',
      { class: 'parallel-axis', 'data-axis': ax.key },
      el('line', { class: 'axis', x1: axisX(i), x2: axisX(i), y1: a.y0, y2: a.y1 }),
      el('text', { class: 'label', x: axisX(i), y: 14 + (i % 2) * 14, 'text-anchor': i === 0 ? 'start' : i === all.length - 1 ? 'end' : 'middle' }, ax.label),
      ticks.filter((tk) => textWidth(tk.text) <= room).map((tk) => el('text', { class: 'tick halo', x: axisX(i) + 4, y: scales[i](tk.v) + 4 }, tk.text)),
    );
  });
  const gradient = uniqueId('parallel-ramp');
  return chartSvg(
    o.name ?? 'parallel',
    l,
    `every trial across its settings, coloured by ${o.metric.name}`,
    el('defs', {}, el('linearGradient', { id: gradient, x1: 0, x2: 0, y1: 1, y2: 0 }, VIRIDIS_STOPS.map((c, i) => el('stop', { offset: (i / (VIRIDIS_STOPS.length - 1)).toFixed(3), 'stop-color': c })))),
    el('g', { class: 'marks' }, marks),
    axisMarks,
    el('g', { class: 'colour-legend' }, el('rect', { x: width - 10, y: a.y0, width: 6, height: a.y1 - a.y0, fill: `url(#${gradient})` })),
  );
}
