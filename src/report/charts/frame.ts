import { el, type Child, type SvgNode } from './node.js';
import { formatTick, tickStep, type Scale } from './scale.js';

/**
 * The frame every chart shares: a plot area (`rect.plot-area`, the box its axes enclose), axes
 * with ticks that do not overlap, and a legend laid out in rows above the plot. Every data mark
 * carries the class `mark` and must lie inside the plot area; tests check this in Chromium.
 */

/** Pixels kept free inside the plot area, so a dot at the end of a domain stays inside the axes. */
export const INSET = 7;
export const FONT = 11;

export interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}
export interface Layout {
  width: number;
  height: number;
  area: Box;
}
export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export function layout(width: number, height: number, m: Margin): Layout {
  return { width, height, area: { x0: m.left, x1: width - m.right, y0: m.top, y1: height - m.bottom } };
}

/** The usable range of a scale across the area, inset from its edges. */
export const xRange = (a: Box, extra = 0): [number, number] => [a.x0 + INSET + extra, a.x1 - INSET - extra];
export const yRange = (a: Box, extra = 0): [number, number] => [a.y1 - INSET - extra, a.y0 + INSET + extra];

/** An estimate of a label's width in px (system-ui digits and lower case average ~0.6 em). */
export const textWidth = (s: string, size = FONT) => s.length * size * 0.6;

/** An axis title that fits `room` px: whole, else up to its first comma or parenthesis, else cut with an ellipsis. */
export function fitLabel(text: string, room: number, size = 12): string {
  if (textWidth(text, size) <= room) return text;
  const head = text.split(/,| \(/)[0];
  if (textWidth(head, size) <= room) return head;
  return `${head.slice(0, Math.max(1, Math.floor(room / (size * 0.6)) - 1))}…`;
}

export function chartSvg(name: string, l: Layout, label: string, ...children: (Child | Child[])[]): SvgNode {
  return el(
    'svg',
    { class: 'ds-chart chart', 'data-chart': name, viewBox: `0 0 ${l.width} ${l.height}`, width: l.width, height: l.height, role: 'img', 'aria-label': label },
    el('title', {}, label),
    el('rect', { class: 'plot-area', x: l.area.x0, y: l.area.y0, width: l.area.x1 - l.area.x0, height: l.area.y1 - l.area.y0 }),
    ...children,
  );
}

export interface AxisOptions {
  label: string;
  /** Tick labels; default: the step's digits. */
  format?: (v: number) => string;
  /** Explicit tick values (inside the domain). */
  ticks?: number[];
}

/** Left axis: grid lines across the area, tick labels, the axis line and a rotated title. */
export function yAxis(l: Layout, y: Scale, o: AxisOptions): SvgNode {
  const a = l.area;
  const count = Math.max(2, Math.floor((a.y1 - a.y0) / 40));
  const ticks = o.ticks ?? y.ticks(count);
  const step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : tickStep(y.domain[0], y.domain[1], count);
  const format = o.format ?? ((v: number) => formatTick(v, step));
  return el(
    'g',
    { class: 'y-axis' },
    ticks.map((v) => el('line', { class: 'grid', x1: a.x0, x2: a.x1, y1: y(v), y2: y(v) })),
    ticks.map((v) => el('text', { class: 'tick', x: a.x0 - 5, y: y(v) + 4, 'text-anchor': 'end' }, format(v))),
    el('line', { class: 'axis', x1: a.x0, x2: a.x0, y1: a.y0, y2: a.y1 }),
    el('text', { class: 'label', transform: `translate(12 ${(a.y0 + a.y1) / 2}) rotate(-90)`, 'text-anchor': 'middle' }, fitLabel(o.label, a.y1 - a.y0)),
  );
}

/** Bottom axis of a numeric scale: as many ticks as fit without their labels touching. */
export function xAxis(l: Layout, x: Scale, o: AxisOptions): SvgNode {
  const a = l.area;
  const widest = textWidth(x.log ? '0.0001' : '00.00');
  const count = Math.max(2, Math.floor((a.x1 - a.x0) / (widest + 14)));
  let ticks = o.ticks ?? x.ticks(count);
  const step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : 1;
  const format = o.format ?? ((v: number) => (x.log ? String(Number(v.toPrecision(3))) : formatTick(v, step)));
  ticks = thin(ticks, (a.x1 - a.x0) / Math.max(1, ticks.length), Math.max(...ticks.map((t) => textWidth(format(t)))) + 6);
  return el(
    'g',
    { class: 'x-axis' },
    ticks.map((v) => el('line', { class: 'grid', x1: x(v), x2: x(v), y1: a.y0, y2: a.y1 })),
    ticks.map((v) => el('text', { class: 'tick', x: x(v), y: a.y1 + 15, 'text-anchor': 'middle' }, format(v))),
    el('line', { class: 'axis', x1: a.x0, x2: a.x1, y1: a.y1, y2: a.y1 }),
    el('text', { class: 'label', x: (a.x0 + a.x1) / 2, y: l.height - 6, 'text-anchor': 'middle' }, fitLabel(o.label, centredRoom(l))),
  );
}

/** The width a title centred under the plot area can take without leaving the chart. */
export const centredRoom = (l: Layout) => 2 * Math.min((l.area.x0 + l.area.x1) / 2, l.width - (l.area.x0 + l.area.x1) / 2) - 8;

/** Every k-th item, k the smallest that leaves `need` px per label where `spacing` px are given. */
export function thin<T>(items: T[], spacing: number, need: number): T[] {
  const every = Math.max(1, Math.ceil(need / Math.max(1, spacing)));
  return items.filter((_, i) => i % every === 0);
}

export interface BandLabels {
  /** Rotated by -40 degrees when straight labels would touch. */
  rotate: boolean;
  /** Show every k-th label. */
  every: number;
  /** Pixels the labels need below the axis. */
  height: number;
}

/** How category labels fit under bands `spacing` px apart. */
export function bandLabels(labels: string[], spacing: number): BandLabels {
  const widest = Math.max(0, ...labels.map((s) => textWidth(s)));
  if (widest + 6 <= spacing) return { rotate: false, every: 1, height: 20 };
  const every = Math.max(1, Math.ceil(16 / Math.max(1, spacing)));
  return { rotate: true, every, height: Math.min(widest, 110) * Math.sin((40 * Math.PI) / 180) + 18 };
}

/** Labels under category positions (`at`), straight or rotated as `bandLabels` decided. */
export function xBandAxis(l: Layout, positions: { at: number; label: string; cls?: string; title?: string }[], fit: BandLabels, label: string): SvgNode {
  const a = l.area;
  const shown = positions.filter((_, i) => i % fit.every === 0);
  return el(
    'g',
    { class: 'x-axis' },
    shown.map((p) =>
      fit.rotate
        ? el('text', { class: `tick${p.cls ? ` ${p.cls}` : ''}`, transform: `translate(${p.at + 3} ${a.y1 + 12}) rotate(-40)`, 'text-anchor': 'end' }, p.label, p.title ? el('title', {}, p.title) : null)
        : el('text', { class: `tick${p.cls ? ` ${p.cls}` : ''}`, x: p.at, y: a.y1 + 15, 'text-anchor': 'middle' }, p.label, p.title ? el('title', {}, p.title) : null),
    ),
    el('line', { class: 'axis', x1: a.x0, x2: a.x1, y1: a.y1, y2: a.y1 }),
    el('text', { class: 'label', x: (a.x0 + a.x1) / 2, y: l.height - 6, 'text-anchor': 'middle' }, fitLabel(label, centredRoom(l))),
  );
}

export interface LegendItem {
  label: string;
  /** A series class (`s-visible`) or a fill colour. */
  cls?: string;
  fill?: string;
  kind?: 'dot' | 'line' | 'swatch';
}

const ROW = 17;

/** Legend items placed left to right, wrapping at `width`; `height` is what it takes. */
export function legend(items: LegendItem[], x0: number, width: number, y0: number): { node: SvgNode | null; height: number } {
  if (items.length === 0) return { node: null, height: 0 };
  let x = x0;
  let row = 0;
  const parts: SvgNode[] = [];
  for (const item of items) {
    const w = 18 + textWidth(item.label, 12) + 14;
    if (x + w > x0 + width && x > x0) {
      x = x0;
      row++;
    }
    const cy = y0 + row * ROW + 8;
    const swatch =
      item.kind === 'line'
        ? el('line', { class: `line ${item.cls ?? ''}`, x1: x, x2: x + 14, y1: cy, y2: cy })
        : item.kind === 'swatch'
          ? el('rect', { class: item.cls, fill: item.fill, x, y: cy - 6, width: 14, height: 12 })
          : el('circle', { class: item.cls, fill: item.fill, cx: x + 6, cy, r: 5 });
    parts.push(el('g', { class: 'legend-item' }, swatch, el('text', { x: x + 18, y: cy + 4 }, item.label)));
    x += w;
  }
  return { node: el('g', { class: 'legend' }, parts), height: (row + 1) * ROW + 4 };
}

/** The message drawn in place of a chart that has nothing to show. */
export function empty(text: string): SvgNode {
  return el('p', { class: 'empty' }, text);
}
