import type { Leaderboard, LeaderboardRow } from './leaderboard.js';
import { leaderboardColumns, nestedFooter } from './leaderboard-columns.js';
import { nestedValue } from './nested.js';
import { sweepChartData } from './chart-data.js';
import { toMarkup } from './charts/node.js';
import { lossCurveSeries } from './charts/curves.js';
import { lineChart } from './charts/lines.js';
import { LOG_LOSS, type Metric } from './charts/metric.js';
import { CHART_CSS } from './charts/theme.js';
import { dropoutPanel, heatmapPanel, historyPanel, importancePanel, maxNormPanel, slicePanels, stripPanel, type Panel } from './charts/sweep.js';
import type { ReportInput, TrialCounts } from './report-input.js';

export type { Provenance, ReportInput, TrialCounts } from './report-input.js';

/**
 * A self-contained HTML report: inline CSS and inline SVG charts drawn by the chart module the
 * dashboard uses (charts/), rendered here to markup: no script and no network, so it opens
 * anywhere, renders the same everywhere and follows the reader's light or dark mode.
 */

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Report charts are drawn 720 px wide and scale down with the page (viewBox). */
const WIDTH = 720;

/** A note's first line, cut to fit a table cell (the whole note is in the Notes section). */
const firstLine = (note: string) => {
  const line = note.split('\n')[0];
  return line.length > 60 || line.length < note.length ? `${line.slice(0, 60)}…` : line;
};

/** The same columns as the terminal table (one definition), as HTML, with a note column when a trial has a note; every text is escaped. */
function leaderboardTable(rows: LeaderboardRow[], board: Leaderboard, notes: Map<string, string>): string {
  const columns = leaderboardColumns(board).filter((c) => !['p', 'ci95High', 'seconds', 'diverged'].includes(c.key));
  const text = (c: (typeof columns)[number], r: LeaderboardRow) => (c.text ? c.text(r) : String(c.value(r) ?? '-'));
  const noted = notes.size > 0;
  const noteCell = (r: LeaderboardRow) => (noted ? `<td data-key="note" class="note-cell">${esc(firstLine(notes.get(r.trialKey) ?? ''))}</td>` : '');
  return `<div class="scroll-x"><table class="leaderboard"><thead><tr>${columns.map((c) => `<th>${esc(c.header)}</th>`).join('')}${noted ? '<th>note</th>' : ''}</tr></thead><tbody>${rows
    .map((r) => `<tr class="${r.status}${r.folds === 0 ? ' not-started' : ''}${r.likeBest ? ' like-best' : ''}" data-trial="${esc(r.trialKey)}">${columns.map((c) => `<td data-key="${c.key}">${esc(text(c, r))}</td>`).join('')}${noteCell(r)}</tr>`)
    .join('')}</tbody></table></div>`;
}

/** The sweep's nested estimate beside its top score, and each outer fold's winner and scores (when a nested run is stored). */
function nestedSection(board: Leaderboard): string {
  const n = board.nested;
  const line = nestedFooter(board);
  if (!n || !line) return '';
  const folds = n.folds.map((f) => `<tr><td>${f.outerFold + 1}</td><td>${esc(f.sweep)}</td><td>${esc(f.winner.slice(0, 10))}</td><td>${esc(nestedValue(n, f.innerScore))}</td><td>${esc(nestedValue(n, f.outerScore))}${f.diverged ? ' (diverged)' : ''}</td></tr>`);
  return `<section class="panel" id="nested"><h2>Nested estimate</h2><p>${esc(line)}.</p>
<p>The top score is the best of many noisy scores, so it is optimistic; the nested estimate runs the whole sweep inside each outer training fold and scores its winner on the outer fold the search never saw.</p>
<div class="scroll-x"><table class="leaderboard"><thead><tr><th>outer fold</th><th>inner sweep</th><th>winner</th><th>inner ${esc(n.metric)}</th><th>outer ${esc(n.metric)}</th></tr></thead><tbody>${folds.join('')}</tbody></table></div></section>`;
}

/** Every trial's note in full, in leaderboard order (a trial past the table's top rows too). */
function notesSection(input: ReportInput): string {
  const noted = input.rows.filter((r) => input.notes.trials.has(r.trialKey));
  if (noted.length === 0) return '';
  return `<h2>Notes</h2><dl class="notes">${noted
    .map((r) => `<dt data-trial="${esc(r.trialKey)}">${esc(r.trialKey.slice(0, 10))}${r.label ? ` (${esc(r.label)})` : ''}</dt><dd class="note-text">${esc(input.notes.trials.get(r.trialKey)!)}</dd>`)
    .join('')}</dl>`;
}

/** Where the numbers come from, so that a reader can rerun the sweep and check the data. */
function provenanceSection(input: ReportInput): string {
  const p = input.provenance;
  const facts: [string, string][] = [
    ['data', `${p.data}${p.dataRows === null ? '' : ` (${p.dataRows} rows)`}`],
    ['data SHA-256', p.dataSha256 ?? 'not recorded'],
    ['split', `seed ${p.seed}, ${p.folds} stratified folds x ${p.repeats} repeat(s)`],
    ['trials', p.sampler],
    ['engine', p.engine],
    ['backend', p.backends.length ? p.backends.join(', ') : 'no fit stored yet'],
    ['epochs', p.epochs.join(', ') || '-'],
    ['sweep created', input.created],
    ['report', `${p.generated}, dropsweep ${p.version}`],
  ];
  const spec = p.spec as { protocol?: unknown; grid?: unknown; trials?: unknown; sampler?: unknown; samples?: unknown; ranges?: unknown } | null;
  const stored = spec?.sampler ? { sampler: spec.sampler, trials: spec.samples, protocol: spec.protocol, grid: spec.grid, ranges: spec.ranges } : { protocol: spec?.protocol, grid: spec?.grid, trials: spec?.trials };
  // Lists of plain values on one line each, so that the grid reads like the sweep file.
  const grid = JSON.stringify(stored, null, 1).replace(/\[[^[\]{}]*\]/g, (list) => list.replace(/\s+/g, ' '));
  return `<dl class="provenance">${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd data-fact="${esc(k)}">${esc(v)}</dd>`).join('')}</dl>
<details open><summary>${spec?.sampler ? 'What was drawn (the sweep file as stored)' : 'The grid (the sweep file as stored)'}</summary><pre class="spec">${esc(grid)}</pre></details>`;
}

function countsLine(c: TrialCounts): string {
  const items: [string, number][] = [
    ['complete', c.complete],
    ['diverged', c.diverged],
    ['failed', c.failed],
    ['pruned', c.pruned],
    ['running', c.running],
    ['not started', c.notStarted],
    ['stopped part-way', c.partial],
  ];
  return `<p class="counts">${c.trials} trials: ${items.map(([k, n]) => `<span data-count="${k}"><b>${n}</b> ${k}</span>`).join(', ')}.
A diverged trial has at least one fold whose loss became non-finite (a result, ranked after the complete ones); a pruned trial was stopped by racing after its first folds (listed after the others, unranked); a trial not started has no rank.</p>`;
}

/** The best trial's loss curves: the mean over its folds with a band, training and held-out. */
function bestCurvesPanel(input: ReportInput, width: number): Panel {
  const curves = input.bestCurves ?? [];
  return {
    id: 'best-curves',
    title: `Learning curves of the best trial, ${(input.board.best ?? '').slice(0, 10)}`,
    chart: lineChart(lossCurveSeries(curves), { width, metric: LOG_LOSS, xLabel: 'epoch', yLabel: 'loss (cross-entropy)', name: 'best-curves' }),
    caption: `Mean over ${curves.length} folds; band: +- 1 population std over the folds with a value at that epoch (a diverged fold stops early). Training loss every epoch, held-out loss at the checkpoints; the mark is the checkpoint with the lowest mean held-out loss when it rises after (descriptive, not a test).`,
  };
}

/** What the leaderboard and the charts measure: the sweep's ranking metric, its direction and its range. */
function rankingParagraph(input: ReportInput, m: Metric): string {
  const range = m.max === null ? `below ${m.min ?? 0}` : `past ${m.min ?? 0}-${m.max}`;
  const what = input.metric === 'accuracy' ? 'Accuracy is the mean of the held-out fold accuracies' : `Trials are ranked by ${esc(m.name)} (<code>${esc(input.metric)}</code>, ${m.higherIsBetter ? 'higher' : 'lower'} is better), the sweep's metric: the mean of the held-out folds' ${esc(m.name)}`;
  return `<p id="ranked-by">${what} over ${input.foldsPlanned} folds; the leaderboard, its tests and every chart below use it. The 95% CI of each mean uses the corrected
resampled variance (1/k + n_test/n_train) s², because the folds' training sets overlap; an interval that runs ${range} stops at the bound, marked (clipped).</p>`;
}

function figure(p: Panel): string {
  return `<section class="panel" id="${esc(p.id)}"><h2>${esc(p.title)}</h2><figure>${toMarkup(p.chart)}${p.caption ? `<figcaption>${esc(p.caption)}</figcaption>` : ''}</figure></section>`;
}

const PAGE_CSS = `
:root { color-scheme: light dark; --bg: #ffffff; --text: #222; --muted: #555; --rule: #ddd; --best: #eaf4e4; --code: #f6f6f6; }
@media (prefers-color-scheme: dark) { :root { --bg: #161618; --text: #e6e6e8; --muted: #b0b0b4; --rule: #3a3a40; --best: #1f3a24; --code: #222226; } }
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: var(--text); background: var(--bg); padding: 0 1rem; }
h1 { font-size: 1.5rem; overflow-wrap: anywhere; } h2 { font-size: 1.15rem; margin-top: 2rem; }
.scroll-x { overflow-x: auto; max-width: 100%; }
table.leaderboard { border-collapse: collapse; font-size: 12px; }
table.leaderboard th, table.leaderboard td { border-bottom: 1px solid var(--rule); padding: 3px 6px; text-align: right; white-space: nowrap; }
tr.like-best td { background: var(--best); } tr.failed td, tr.incomplete td { color: var(--muted); }
figure { margin: 0; } .empty { color: var(--muted); }
figcaption, .note { color: var(--muted); font-size: 12px; max-width: 720px; }
dl.provenance { display: grid; grid-template-columns: max-content 1fr; gap: 2px 1rem; font-size: 13px; }
dl.provenance dt { color: var(--muted); } dl.provenance dd { margin: 0; overflow-wrap: anywhere; min-width: 0; }
.note-text { white-space: pre-wrap; overflow-wrap: anywhere; } td.note-cell { text-align: left; white-space: normal; max-width: 24em; }
dl.notes dt { font-family: ui-monospace, monospace; font-size: 12px; } dl.notes dd { margin: 0 0 0.5rem 1rem; }
pre.spec { font-size: 12px; background: var(--code); padding: 0.5rem; overflow-x: auto; }
.slices { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 340px), 1fr)); gap: 0 1rem; }
`;

export function renderReport(input: ReportInput, topRows = 30): string {
  const { rows } = input;
  const data = sweepChartData(input);
  const half = 480;
  const slices = slicePanels(data, half);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>dropsweep report: ${esc(input.sweep)}</title>
<style>${PAGE_CSS}${CHART_CSS}</style></head><body>
<h1>dropsweep: ${esc(input.sweep)}</h1>
${input.notes.sweep !== null ? `<p class="note-text" id="sweep-note">${esc(input.notes.sweep)}</p>` : ''}
<h2>Provenance</h2>
${provenanceSection(input)}
${countsLine(input.counts)}
${rankingParagraph(input, data.metric)}
<h2>Leaderboard</h2>
${leaderboardTable(rows.slice(0, topRows), input.board, input.notes.trials)}
${rows.length > topRows ? `<p>${rows.length - topRows} more trials: see <code>dropsweep leaderboard</code>.</p>` : ''}
<p class="note" id="like-best">~best (green rows${input.board.bestSet ? `, ${input.board.bestSet.size} of ${input.board.bestSet.complete} complete trials` : ''}): the trial could be the best. The rows marked are a 95% model confidence set: trials are dropped, worst first, while one of them is significantly worse than another one left (multiple comparisons with the best, Hsu 1996, step-down as in Hansen, Lunde &amp; Nason 2011, on the Nadeau–Bengio corrected variance), so the set holds the truly best trial with probability at least 0.95. p (MCS) is the level at which a trial would leave the set.</p>
${nestedSection(input.board)}
${input.bestCurves?.length ? figure(bestCurvesPanel(input, WIDTH)) : ''}
${notesSection(input)}
${figure(historyPanel(data, WIDTH, 'trials'))}
${figure(dropoutPanel(data, WIDTH))}
${figure(heatmapPanel(data, WIDTH))}
${figure(maxNormPanel(data, WIDTH))}
${figure(stripPanel(data, WIDTH))}
${figure(importancePanel(data, WIDTH))}
${slices.length ? `<h2>Slices: ${data.metric.name} against each setting</h2><div class="slices">${slices.map(figure).join('')}</div>` : ''}
</body></html>
`;
}
