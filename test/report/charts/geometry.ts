import type { SvgNode } from '../../../src/report/charts/node.js';

/** A mark's extent in the chart's own coordinates. */
export interface Extent {
  tag: string;
  cls: string;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

const num = (n: SvgNode, k: string) => Number(n.attrs[k]);

/** Every point a path of M/L/H/V/Z commands visits (the only commands the charts write). */
export function pathPoints(d: string): [number, number][] {
  const out: [number, number][] = [];
  let x = 0;
  let y = 0;
  for (const [, cmd, args] of d.matchAll(/([MLHVZ])([^MLHVZ]*)/g)) {
    const v = args.split(/[ ,]+/).filter(Boolean).map(Number);
    if (cmd === 'M' || cmd === 'L') [x, y] = [v[0], v[1]];
    else if (cmd === 'H') x = v[0];
    else if (cmd === 'V') y = v[0];
    else continue;
    out.push([x, y]);
  }
  return out;
}

function extent(n: SvgNode): Extent | null {
  const cls = String(n.attrs.class ?? '');
  if (n.tag === 'circle') return { tag: n.tag, cls, x0: num(n, 'cx') - num(n, 'r'), x1: num(n, 'cx') + num(n, 'r'), y0: num(n, 'cy') - num(n, 'r'), y1: num(n, 'cy') + num(n, 'r') };
  if (n.tag === 'rect') return { tag: n.tag, cls, x0: num(n, 'x'), x1: num(n, 'x') + num(n, 'width'), y0: num(n, 'y'), y1: num(n, 'y') + num(n, 'height') };
  if (n.tag === 'line') return { tag: n.tag, cls, x0: Math.min(num(n, 'x1'), num(n, 'x2')), x1: Math.max(num(n, 'x1'), num(n, 'x2')), y0: Math.min(num(n, 'y1'), num(n, 'y2')), y1: Math.max(num(n, 'y1'), num(n, 'y2')) };
  if (n.tag === 'path') {
    const pts = pathPoints(String(n.attrs.d));
    return { tag: n.tag, cls, x0: Math.min(...pts.map((p) => p[0])), x1: Math.max(...pts.map((p) => p[0])), y0: Math.min(...pts.map((p) => p[1])), y1: Math.max(...pts.map((p) => p[1])) };
  }
  if (n.tag === 'text') return { tag: n.tag, cls, x0: num(n, 'x'), x1: num(n, 'x'), y0: num(n, 'y'), y1: num(n, 'y') };
  return null;
}

/** All nodes of a tree, depth first. */
export function walk(n: SvgNode | string, out: SvgNode[] = []): SvgNode[] {
  if (typeof n === 'string') return out;
  out.push(n);
  for (const c of n.children) walk(c, out);
  return out;
}

/** The chart's plot area and every mark (class `mark`) with its extent. */
export function marksOf(chart: SvgNode): { area: Extent; marks: Extent[] } {
  const nodes = walk(chart);
  const areaNode = nodes.find((n) => n.tag === 'rect' && n.attrs.class === 'plot-area');
  if (!areaNode) throw new Error(`no plot area in ${String(chart.attrs['data-chart'] ?? chart.tag)}`);
  const area = extent(areaNode)!;
  const marks = nodes.filter((n) => String(n.attrs.class ?? '').split(' ').includes('mark')).map((n) => extent(n)!);
  return { area, marks };
}

/** Marks that reach outside the plot area, by more than `tolerance` px. */
export function outside(chart: SvgNode, tolerance = 0.01): string[] {
  const { area, marks } = marksOf(chart);
  return marks
    .filter((m) => m.x0 < area.x0 - tolerance || m.x1 > area.x1 + tolerance || m.y0 < area.y0 - tolerance || m.y1 > area.y1 + tolerance)
    .map((m) => `${m.tag}.${m.cls.replace(/ /g, '.')} [${m.x0.toFixed(1)}..${m.x1.toFixed(1)}] x [${m.y0.toFixed(1)}..${m.y1.toFixed(1)}] outside [${area.x0}..${area.x1}] x [${area.y0}..${area.y1}]`);
}
