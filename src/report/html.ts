import type { Leaderboard, LeaderboardRow } from './leaderboard.js';
import { leaderboardColumns } from './leaderboard-columns.js';
import { dimensionEffects, type CurvePoint, type Importance } from './effects.js';
import { mean } from '../stats/statistics.js';

/**
 * A self-contained HTML report: inline CSS and inline SVG charts drawn here, no script and no
 * network, so it opens anywhere and renders the same everywhere.
 */

export interface ReportInput {
  sweep: string;
  created: string;
  board: Leaderboard;
  rows: LeaderboardRow[];
  /** Fold accuracies (0..1) of each trial, by trial key. */
  foldAccuracies: Map<string, number[]>;
  foldsPlanned: number;
  /** Where the numbers come from: enough to rerun the sweep and to check it was the same data. */
  provenance: Provenance;
  counts: TrialCounts;
  /** Accuracy against dropout rate per placement, with corrected intervals. */
  curve: CurvePoint[];
  importance: Importance[];
}

export interface Provenance {
  data: string;
  dataSha256: string | null;
  dataRows: number | null;
  seed: number;
  folds: number;
  repeats: number;
  engine: string;
  /** The backends that computed the stored fits (engine/backend), none before the first fit. */
  backends: string[];
  /** The epochs the sweep's trials train for. */
  epochs: number[];
  /** The sweep file as stored (its grid and explicit trials). */
  spec: unknown;
  version: string;
  /** When these numbers were read (ISO 8601). */
  generated: string;
}

export interface TrialCounts {
  trials: number;
  complete: number;
  /** Trials with at least one diverged fold (a result, not a failure). */
  diverged: number;
  failed: number;
  /** Stopped early by fold-level racing (`race:`). */
  pruned: number;
  /** Trials with no fold stored yet. */
  pending: number;
  /** Started, some folds missing. */
  inProgress: number;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
// Okabe-Ito colours for the placements, viridis for values: both stay apart with every common
// colour-vision deficiency, and viridis also reads in greyscale.
const PLACEMENT_COLOURS: Record<string, string> = { none: '#000000', visible: '#0072B2', hidden: '#D55E00', both: '#009E73' };
const VIRIDIS = ['#440154', '#482878', '#3e4989', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6ece58', '#fde725'];

/** The viridis colour at t in [0, 1], interpolated between its nine stops. */
export function viridis(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const rgb = (h: string) => [1, 3, 5].map((k) => parseInt(h.slice(k, k + 2), 16));
  const [a, b] = [rgb(VIRIDIS[i]), rgb(VIRIDIS[i + 1])];
  return `#${a.map((v, k) => Math.round(v + (b[k] - v) * (x - i)).toString(16).padStart(2, '0')).join('')}`;
}

interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}
const frame: Frame = { width: 640, height: 320, left: 56, right: 16, top: 16, bottom: 44 };

function scale(domain: [number, number], range: [number, number]): (v: number) => number {
  const [d0, d1] = domain[0] === domain[1] ? [domain[0] - 1, domain[1] + 1] : domain;
  return (v) => range[0] + ((v - d0) / (d1 - d0)) * (range[1] - range[0]);
}

function axes(f: Frame, yDomain: [number, number], xLabel: string, yLabel: string, xTicks: { at: number; label: string }[]): string {
  const y = scale(yDomain, [f.height - f.bottom, f.top]);
  const ticks = 5;
  let out = `<line class="axis" x1="${f.left}" y1="${f.height - f.bottom}" x2="${f.width - f.right}" y2="${f.height - f.bottom}"/>`;
  out += `<line class="axis" x1="${f.left}" y1="${f.top}" x2="${f.left}" y2="${f.height - f.bottom}"/>`;
  for (let i = 0; i <= ticks; i++) {
    const v = yDomain[0] + ((yDomain[1] - yDomain[0]) * i) / ticks;
    out += `<text class="tick" x="${f.left - 6}" y="${y(v) + 4}" text-anchor="end">${v.toFixed(1)}</text>`;
    out += `<line class="grid" x1="${f.left}" y1="${y(v)}" x2="${f.width - f.right}" y2="${y(v)}"/>`;
  }
  for (const t of xTicks) out += `<text class="tick" x="${t.at}" y="${f.height - f.bottom + 16}" text-anchor="middle">${esc(t.label)}</text>`;
  out += `<text class="label" x="${(f.left + f.width - f.right) / 2}" y="${f.height - 6}" text-anchor="middle">${esc(xLabel)}</text>`;
  out += `<text class="label" transform="translate(14 ${(f.top + f.height - f.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`;
  return out;
}

function svg(name: string, body: string, f: Frame = frame): string {
  return `<svg class="chart" data-chart="${name}" viewBox="0 0 ${f.width} ${f.height}" width="${f.width}" height="${f.height}" role="img">${body}</svg>`;
}

function extent(values: number[], pad = 1): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return [Math.floor(lo - pad), Math.ceil(hi + pad)];
}

const complete = (rows: LeaderboardRow[]) => rows.filter((r) => r.status === 'complete' && r.mean !== null);

/**
 * Mean accuracy against dropout rate, a line per placement: points with their corrected 95%
 * intervals (see `dropoutCurve`), so the axis need not start at 0.
 */
export function dropoutChart(curve: CurvePoint[]): string {
  if (curve.length === 0) return '<p class="empty">No complete trials with dropout yet.</p>';
  const rates = [...new Set(curve.map((p) => p.rate))].sort((a, b) => a - b);
  const placements = ['visible', 'hidden', 'both'].filter((p) => curve.some((c) => c.placement === p));
  const yDomain = extent(curve.flatMap((p) => [p.low ?? p.mean, p.high ?? p.mean]));
  const x = scale([rates[0], rates[rates.length - 1]], [frame.left + 20, frame.width - frame.right - 20]);
  const y = scale(yDomain, [frame.height - frame.bottom, frame.top]);
  let body = axes(frame, yDomain, 'dropout rate', 'mean accuracy % (95% corrected CI)', rates.map((r) => ({ at: x(r), label: String(r) })));
  placements.forEach((placement, i) => {
    const points = curve.filter((c) => c.placement === placement);
    const colour = PLACEMENT_COLOURS[placement];
    const dx = (i - (placements.length - 1) / 2) * 5; // keep the intervals of different placements apart
    body += `<polyline class="series" data-placement="${placement}" fill="none" stroke="${colour}" stroke-width="2" points="${points.map((p) => `${x(p.rate) + dx},${y(p.mean)}`).join(' ')}"/>`;
    for (const p of points) {
      const interval = p.low === null ? 'no interval (one fold)' : `95% CI ${p.low.toFixed(2)}-${p.high!.toFixed(2)}`;
      if (p.low !== null) body += `<line class="errorbar" stroke="${colour}" x1="${x(p.rate) + dx}" x2="${x(p.rate) + dx}" y1="${y(p.low)}" y2="${y(p.high!)}"/>`;
      body += `<circle class="point" data-placement="${placement}" data-x="${p.rate}" data-value="${p.mean.toFixed(4)}" cx="${x(p.rate) + dx}" cy="${y(p.mean)}" r="4" fill="${colour}"><title>${placement}, dropout ${p.rate}: ${p.mean.toFixed(2)}% (${interval}, ${p.trials} trial(s))</title></circle>`;
    }
    body += `<text class="legend" x="${frame.width - frame.right - 90}" y="${frame.top + 14 + 16 * i}" fill="${colour}">&#9632; ${placement}</text>`;
  });
  return svg('dropout-curve', body);
}

/** Mean accuracy for each learning rate x momentum cell. */
export function heatmap(rows: LeaderboardRow[]): string {
  const ok = complete(rows);
  const lrs = [...new Set(ok.map((r) => r.lr))].sort((a, b) => a - b);
  const moms = [...new Set(ok.map((r) => r.momentum))].sort((a, b) => a - b);
  if (lrs.length === 0) return '<p class="empty">No complete trials yet.</p>';
  const cells = moms.map((m) => lrs.map((lr) => {
    const at = ok.filter((r) => r.lr === lr && r.momentum === m);
    return at.length ? mean(at.map((r) => r.mean!)) : null;
  }));
  const values = cells.flat().filter((v): v is number => v !== null);
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  const f = { ...frame, height: 100 + 44 * moms.length, left: 80 };
  const w = (f.width - f.left - f.right) / lrs.length;
  let body = '';
  cells.forEach((row, i) => {
    row.forEach((v, j) => {
      const t = v === null || hi === lo ? 0.5 : (v - lo) / (hi - lo);
      const fill = v === null ? '#eee' : viridis(t);
      const cx = f.left + j * w;
      const cy = f.top + i * 44;
      body += `<rect class="cell" data-lr="${lrs[j]}" data-momentum="${moms[i]}" data-value="${v === null ? '' : v.toFixed(4)}" x="${cx}" y="${cy}" width="${w - 2}" height="42" fill="${fill}"><title>lr ${lrs[j]}, momentum ${moms[i]}</title></rect>`;
      // Dark text on the light end of viridis, light text on the dark end.
      body += `<text class="cell-label" x="${cx + w / 2}" y="${cy + 26}" text-anchor="middle" fill="${v !== null && t > 0.55 ? '#000' : '#fff'}">${v === null ? '-' : v.toFixed(1)}</text>`;
    });
    body += `<text class="tick" x="${f.left - 8}" y="${f.top + i * 44 + 26}" text-anchor="end">m ${moms[i]}</text>`;
  });
  lrs.forEach((lr, j) => (body += `<text class="tick" x="${f.left + j * w + w / 2}" y="${f.top + moms.length * 44 + 16}" text-anchor="middle">lr ${lr}</text>`));
  const ly = f.top + moms.length * 44 + 34;
  const stops = VIRIDIS.map((c, i) => `<stop offset="${(i / (VIRIDIS.length - 1)).toFixed(3)}" stop-color="${c}"/>`).join('');
  body += `<defs><linearGradient id="viridis-legend">${stops}</linearGradient></defs>`;
  body += `<g class="colour-legend"><rect x="${f.left}" y="${ly}" width="200" height="10" fill="url(#viridis-legend)"/>`;
  body += `<text class="tick" x="${f.left}" y="${ly + 24}" text-anchor="start">${lo.toFixed(1)}</text><text class="tick" x="${f.left + 200}" y="${ly + 24}" text-anchor="end">${hi.toFixed(1)}</text>`;
  body += `<text class="tick" x="${f.left + 210}" y="${ly + 9}">mean accuracy % (viridis)</text></g>`;
  return svg('lr-momentum-heatmap', body, f);
}

/** Mean accuracy per max-norm value, as bars. */
export function maxNormChart(rows: LeaderboardRow[]): string {
  const effects = dimensionEffects(rows).filter((e) => e.dimension === 'maxNorm');
  const ok = complete(rows);
  const groups = effects.length
    ? effects.map((e) => ({ label: e.value === null ? 'none' : String(e.value), mean: e.mean }))
    : ok.length
      ? [{ label: ok[0].maxNorm === null ? 'none' : String(ok[0].maxNorm), mean: mean(ok.map((r) => r.mean!)) }]
      : [];
  if (groups.length === 0) return '<p class="empty">No complete trials yet.</p>';
  // Bars start at 0: a bar's length is its value, so a cut axis would exaggerate the differences.
  const yDomain: [number, number] = [0, 100];
  const y = scale(yDomain, [frame.height - frame.bottom, frame.top]);
  const w = (frame.width - frame.left - frame.right) / groups.length;
  let body = axes(frame, yDomain, 'max-norm limit', 'mean accuracy %', groups.map((g, i) => ({ at: frame.left + i * w + w / 2, label: g.label })));
  groups.forEach((g, i) => {
    body += `<rect class="bar" data-x="${g.label}" data-value="${g.mean.toFixed(4)}" x="${frame.left + i * w + w * 0.2}" y="${y(g.mean)}" width="${w * 0.6}" height="${frame.height - frame.bottom - y(g.mean)}" fill="${viridis(0.35)}"><title>max-norm ${g.label}: ${g.mean.toFixed(2)}%</title></rect>`;
  });
  return svg('max-norm', body);
}

/** Every fold accuracy of the top trials, one column of dots per trial. */
export function foldDistribution(rows: LeaderboardRow[], folds: Map<string, number[]>, top = 10): string {
  const chosen = complete(rows).slice(0, top);
  if (chosen.length === 0) return '<p class="empty">No complete trials yet.</p>';
  const values = chosen.flatMap((r) => (folds.get(r.trialKey) ?? []).map((a) => a * 100));
  const [lo, hi] = extent(values, 2);
  const yDomain: [number, number] = [Math.max(0, lo), Math.min(100, hi)];
  const w = (frame.width - frame.left - frame.right) / chosen.length;
  const f = { ...frame, bottom: 70 };
  const yf = scale(yDomain, [f.height - f.bottom, f.top]);
  let body = axes(f, yDomain, 'trial key (by rank)', 'fold accuracy %', []);
  chosen.forEach((r, i) => {
    const at = f.left + i * w + w / 2;
    body += `<text class="tick trial-key" data-trial="${r.trialKey}" transform="translate(${at + 4} ${f.height - f.bottom + 12}) rotate(-35)" text-anchor="end">${esc(r.trialKey.slice(0, 10))}<title>${esc(r.label ?? r.trialKey)}</title></text>`;
  });
  chosen.forEach((r, i) => {
    const cx = frame.left + i * w + w / 2;
    (folds.get(r.trialKey) ?? []).forEach((a, k) => {
      const jitter = ((k % 5) - 2) * 3;
      body += `<circle class="fold" data-trial="${r.trialKey}" data-value="${a.toFixed(4)}" cx="${cx + jitter}" cy="${yf(a * 100)}" r="3" fill="#3b528b" fill-opacity="0.6"/>`;
    });
    body += `<line class="mean" x1="${cx - w * 0.3}" x2="${cx + w * 0.3}" y1="${yf(r.mean!)}" y2="${yf(r.mean!)}" stroke="#D55E00" stroke-width="2"/>`;
  });
  return svg('fold-distribution', body, f);
}

/** The same columns as the terminal table (one definition), as HTML; every text is escaped. */
function leaderboardTable(rows: LeaderboardRow[], board: Leaderboard): string {
  const columns = leaderboardColumns(board).filter((c) => !['p', 'ci95High', 'seconds', 'diverged'].includes(c.key));
  const text = (c: (typeof columns)[number], r: LeaderboardRow) => (c.text ? c.text(r) : String(c.value(r) ?? '-'));
  return `<table class="leaderboard"><thead><tr>${columns.map((c) => `<th>${esc(c.header)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr class="${r.status}${r.likeBest ? ' like-best' : ''}">${columns.map((c) => `<td>${esc(text(c, r))}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** Where the numbers come from, so that a reader can rerun the sweep and check the data. */
function provenanceSection(input: ReportInput): string {
  const p = input.provenance;
  const facts: [string, string][] = [
    ['data', `${p.data}${p.dataRows === null ? '' : ` (${p.dataRows} rows)`}`],
    ['data SHA-256', p.dataSha256 ?? 'not recorded'],
    ['split', `seed ${p.seed}, ${p.folds} stratified folds x ${p.repeats} repeat(s)`],
    ['engine', p.engine],
    ['backend', p.backends.length ? p.backends.join(', ') : 'no fit stored yet'],
    ['epochs', p.epochs.join(', ') || '-'],
    ['sweep created', input.created],
    ['report', `${p.generated}, dropsweep ${p.version}`],
  ];
  const spec = p.spec as { protocol?: unknown; grid?: unknown; trials?: unknown } | null;
  // Lists of plain values on one line each, so that the grid reads like the sweep file.
  const grid = JSON.stringify({ protocol: spec?.protocol, grid: spec?.grid, trials: spec?.trials }, null, 1).replace(/\[[^[\]{}]*\]/g, (list) => list.replace(/\s+/g, ' '));
  return `<dl class="provenance">${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd data-fact="${esc(k)}">${esc(v)}</dd>`).join('')}</dl>
<details open><summary>The grid (the sweep file as stored)</summary><pre class="spec">${esc(grid)}</pre></details>`;
}

function countsLine(c: TrialCounts): string {
  const items: [string, number][] = [
    ['complete', c.complete],
    ['diverged', c.diverged],
    ['failed', c.failed],
    ['pruned', c.pruned],
    ['in progress', c.inProgress],
    ['not started', c.pending],
  ];
  return `<p class="counts">${c.trials} trials: ${items.map(([k, n]) => `<span data-count="${k}"><b>${n}</b> ${k}</span>`).join(', ')}.
A diverged trial has at least one fold whose loss became non-finite (a result, ranked after the complete ones); a pruned trial was stopped by racing after its first folds (it is listed after the others, unranked).</p>`;
}

export function renderReport(input: ReportInput, topRows = 30): string {
  const { rows } = input;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>dropsweep report: ${esc(input.sweep)}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table.leaderboard { border-collapse: collapse; font-size: 12px; }
table.leaderboard th, table.leaderboard td { border-bottom: 1px solid #ddd; padding: 3px 6px; text-align: right; }
tr.like-best td { background: #eaf4e4; } tr.failed td, tr.incomplete td { color: #999; }
svg.chart { background: #fff; border: 1px solid #eee; }
.axis { stroke: #333; } .grid { stroke: #eee; } .tick { font-size: 11px; fill: #444; } .label { font-size: 12px; fill: #222; }
.legend { font-size: 12px; } .cell-label { font-size: 12px; } .empty { color: #999; }
figcaption, .note { color: #555; font-size: 12px; max-width: 720px; }
dl.provenance { display: grid; grid-template-columns: max-content 1fr; gap: 2px 1rem; font-size: 13px; }
dl.provenance dt { color: #666; } dl.provenance dd { margin: 0; overflow-wrap: anywhere; }
pre.spec { font-size: 12px; background: #f6f6f6; padding: 0.5rem; }
</style></head><body>
<h1>dropsweep: ${esc(input.sweep)}</h1>
<h2>Provenance</h2>
${provenanceSection(input)}
${countsLine(input.counts)}
<p>Accuracy is the mean of the held-out fold accuracies over ${input.foldsPlanned} folds. The 95% CI of each mean uses the corrected
resampled variance (1/k + n_test/n_train) s², because the folds' training sets overlap.</p>
<h2>Leaderboard</h2>
${leaderboardTable(rows.slice(0, topRows), input.board)}
${rows.length > topRows ? `<p>${rows.length - topRows} more trials: see <code>dropsweep leaderboard</code>.</p>` : ''}
<p class="note" id="like-best">~best (green rows${input.board.bestSet ? `, ${input.board.bestSet.size} of ${input.board.bestSet.complete} complete trials` : ''}): the trial could be the best. The rows marked are a 95% model confidence set: trials are dropped, worst first, while one of them is significantly worse than another one left (multiple comparisons with the best, Hsu 1996, step-down as in Hansen, Lunde &amp; Nason 2011, on the Nadeau–Bengio corrected variance), so the set holds the truly best trial with probability at least 0.95. p (MCS) is the level at which a trial would leave the set.</p>
<h2>Accuracy against dropout rate</h2>
<figure>${dropoutChart(input.curve)}<figcaption>Each point is the mean over the complete trials at that dropout rate and placement (other settings averaged out). Its bar is the corrected 95% interval of that group mean: the group's mean accuracy on each fold, with the variance (1/k + n_test/n_train) s². Rate 0 is the no-dropout model and starts every line.</figcaption></figure>
<h2>Learning rate × momentum</h2>
<figure>${heatmap(rows)}<figcaption>Mean accuracy of the complete trials in each cell, on the viridis scale of the legend (colour-blind safe, readable in greyscale).</figcaption></figure>
<h2>Max-norm</h2>
<figure>${maxNormChart(rows)}<figcaption>Mean accuracy per max-norm limit, averaged over the other settings; the bars start at 0.</figcaption></figure>
<h2>Fold accuracies of the top trials</h2>
<figure>${foldDistribution(rows, input.foldAccuracies)}<figcaption>Each dot is one held-out fold of a top-10 trial, labelled by its trial key (hover for its name); the orange line is the trial's mean.</figcaption></figure>
</body></html>
`;
}
