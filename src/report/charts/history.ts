import { metricScale } from './common.js';
import { chartSvg, empty, layout, legend, xAxis, xRange, yAxis } from './frame.js';
import { better, formatMetric, metricLabel, type Metric } from './metric.js';
import { el, type SvgNode } from './node.js';
import { linearScale } from './scale.js';

/** A complete trial in the order trials finished. */
export interface HistoryPoint {
  /** 1, 2, ... in the order trials completed. */
  index: number;
  /** Seconds from the sweep's first start to this trial's completion (null when not recorded). */
  seconds: number | null;
  value: number;
  key: string;
  title: string;
}
export interface HistoryOptions {
  width: number;
  height?: number;
  metric: Metric;
  /** `trials`: against trials completed; `time`: against wall time. */
  against: 'trials' | 'time';
  name?: string;
}

/** Seconds as a short duration: 45s, 12m, 1.5h. */
export function shortDuration(s: number): string {
  if (s < 10) return `${Number(s.toFixed(1))}s`;
  if (s < 90) return `${Math.round(s)}s`;
  if (s < 5400) return `${Math.round(s / 60)}m`;
  return `${Number((s / 3600).toFixed(1))}h`;
}

const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/** Ticks on round durations (10 s, 30 s, 5 min, 1 h...) from 0 to `max`, about `count` of them. */
export function timeTicks(max: number, count: number): { ticks: number[]; format: (s: number) => string } {
  const step = TIME_STEPS.find((t) => max / t <= count) ?? 86400 * Math.ceil(max / count / 86400);
  const ticks = Array.from({ length: Math.floor(max / step) + 1 }, (_, i) => i * step);
  const format = (s: number) => {
    if (step < 60) return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}`;
    if (step < 3600) return s < 3600 ? `${s / 60}m` : `${Math.floor(s / 3600)}h${String((s % 3600) / 60).padStart(2, '0')}`;
    return `${Number((s / 3600).toFixed(1))}h`;
  };
  return { ticks, format };
}

/**
 * Optimisation history: each complete trial's score as a faint dot, and the best score so far as
 * a step line, against trials completed or wall time.
 */
export function historyChart(points: HistoryPoint[], o: HistoryOptions): SvgNode {
  const usable = o.against === 'time' ? points.filter((p) => p.seconds !== null) : points;
  if (usable.length === 0) return empty('No complete trials yet.');
  const xOf = (p: HistoryPoint) => (o.against === 'time' ? p.seconds! : p.index);
  const lg = legend(
    [
      { label: 'a trial', cls: 'trial-dot' },
      { label: 'best so far', cls: 'best-line', kind: 'line' },
    ],
    48,
    o.width - 60,
    6,
  );
  const l = layout(o.width, o.height ?? 280, { top: lg.height + 10, right: 12, bottom: 40, left: 48 });
  const a = l.area;
  const xs = usable.map(xOf);
  const x = linearScale([o.against === 'time' ? 0 : 1, Math.max(...xs)], xRange(a));
  const y = metricScale(usable.map((p) => p.value), o.metric, a);
  const sorted = [...usable].sort((p, q) => xOf(p) - xOf(q) || p.index - q.index);
  let best = sorted[0].value;
  let d = `M${x(xOf(sorted[0]))},${y(best)}`;
  for (const p of sorted.slice(1)) {
    if (better(o.metric, p.value, best)) {
      d += `H${x(xOf(p))}V${y(p.value)}`;
      best = p.value;
    }
  }
  d += `H${x(Math.max(...xs))}`;
  const dots = sorted.map((p) =>
    el('circle', { class: 'mark trial-dot', 'data-value': p.value.toFixed(4), cx: x(xOf(p)), cy: y(p.value), r: 3 }, el('title', {}, `#${p.index} ${p.title}: ${formatMetric(o.metric, p.value)}${p.seconds === null ? '' : `, after ${shortDuration(p.seconds)}`}`)),
  );
  return chartSvg(
    o.name ?? `history-${o.against}`,
    l,
    `best ${o.metric.name} so far against ${o.against === 'time' ? 'wall time' : 'trials completed'}`,
    yAxis(l, y, { label: metricLabel(o.metric, 'trial') }),
    xAxis(l, x, o.against === 'time' ? { label: 'wall time since the first trial started', ...timeTicks(Math.max(...xs), Math.max(2, Math.floor((a.x1 - a.x0) / 55))) } : { label: 'trials completed', format: String, ticks: x.ticks(Math.max(2, Math.floor((a.x1 - a.x0) / 50))).filter((t) => Number.isInteger(t)) }),
    lg.node,
    el('g', { class: 'marks' }, dots, el('path', { class: 'mark best-line', 'data-best': best.toFixed(4), d })),
  );
}
