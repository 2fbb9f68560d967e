// One sweep: live progress and counts, provenance, the leaderboard and every chart.
import { dropoutPanel, heatmapPanel, historyPanel, importancePanel, maxNormPanel, parallelPanel, slicePanels, stripPanel } from '/charts/sweep.js';
import { drawBoard } from './board.js';
import { api, etaText, h, panelCard } from './dom.js';

const specText = (spec) => {
  const shown = spec.sampler ? { sampler: spec.sampler, trials: spec.samples, protocol: spec.protocol, grid: spec.grid, ranges: spec.ranges } : { protocol: spec.protocol, grid: spec.grid, trials: spec.trials };
  return JSON.stringify(shown, null, 1).replace(/\[[^[\]{}]*\]/g, (list) => list.replace(/\s+/g, ' '));
};

function drawProvenance(holder, o) {
  const p = o.provenance;
  holder.replaceChildren(
    h('h2', {}, 'Provenance'),
    h(
      'dl',
      { class: 'facts' },
      [
        ['data', `${p.data} (${p.dataRows ?? '?'} rows), sha256 ${p.dataSha256 ?? 'not recorded'}`],
        ['split', `seed ${p.seed}, ${p.folds} folds x ${p.repeats} repeat(s)`],
        ['trials', p.sampler],
        ['engine / backend', `${p.engine}; fits computed by ${p.backends.length ? p.backends.join(', ') : 'none yet'}`],
        ['epochs', p.epochs.join(', ') || '-'],
        ['created', o.created],
        ['read', `${p.generated} by dropsweep ${p.version}`],
      ].flatMap(([k, v]) => [h('dt', {}, k), h('dd', { 'data-fact': k }, v)]),
    ),
    h('details', {}, h('summary', {}, p.spec?.sampler ? 'what was drawn (sweep file as stored)' : 'the grid (sweep file as stored)'), h('pre', { class: 'spec' }, specText(p.spec ?? {}))),
  );
}

/**
 * The counts and the progress line, both from one status row (and the last overview for the
 * split of done trials into complete and diverged): the header's "N running" and the counter
 * are the same number by construction.
 */
function drawLive(line, counts, r, overview) {
  line.replaceChildren(
    h('span', { 'data-field': 'done' }, String(r.done)),
    ` of ${r.trials} trials done, `,
    h('span', { 'data-field': 'running' }, String(r.running)),
    ' running, ',
    h('span', { 'data-field': 'failed' }, String(r.failed)),
    ` failed; fold fits ${r.foldFits}/${r.foldFitsTotal}; `,
    h('span', { 'data-field': 'eta' }, etaText(r)),
  );
  const c = overview?.counts;
  const items = [
    ['complete', c ? c.complete : '…', 'done, every fold scored'],
    ['diverged', c ? c.diverged : '…', 'done, a fold diverged: ranked after the complete ones'],
    ['running', r.running, 'held by a runner now'],
    ['waiting', r.pending, 'not started, or stopped part-way'],
    ['failed', r.failed, ''],
    ['pruned', r.pruned ?? 0, 'stopped by racing'],
  ];
  counts.replaceChildren(...items.map(([label, n, title]) => h('span', { 'data-count': label, title }, h('b', {}, String(n)), label)));
}

export async function sweepPage(ctx, name) {
  ctx.setCrumbs(h('a', { href: '#/' }, 'sweeps'), name);
  const liveLine = h('p', { class: 'note', id: 'sweep-live' });
  const counts = h('div', { class: 'counts', id: 'counts' });
  const provenance = h('section', { class: 'card', id: 'provenance' });
  const board = h('section', { class: 'card', id: 'leaderboard' });
  const charts = h('div', { id: 'charts' });
  // The sweep's note (dropsweep note --sweep NAME "text"), as text.
  const sweepNote = h('p', { class: 'note-text', id: 'sweep-note', hidden: true });
  ctx.main.append(h('h1', {}, `Sweep ${name}`), sweepNote, liveLine, counts, provenance, board, charts);

  const state = { sort: null, dir: 1, filters: {}, text: '', picked: [] };
  let overview = null;
  let statusRow = null;
  let loadedFits = -1;
  let loadedDone = -1;
  let loading = null;
  async function load() {
    const [b, o] = await Promise.all([api('/api/board', { sweep: name }), api('/api/overview', { sweep: name })]);
    if (!ctx.current()) return;
    overview = o;
    sweepNote.textContent = o.note ?? '';
    sweepNote.hidden = !o.note;
    drawProvenance(provenance, o);
    drawBoard(board, b, state);
    drawCharts(charts, o.charts);
    if (statusRow) drawLive(liveLine, counts, statusRow, overview);
  }
  const showLive = (rows) => {
    const r = rows.find((x) => x.sweep === name);
    if (!r) return;
    statusRow = r;
    drawLive(liveLine, counts, r, overview);
    // Redraw when new folds or trials are stored, at most every 2 s, while the page stays put.
    if ((r.foldFits !== loadedFits || r.done !== loadedDone) && !loading) {
      loadedFits = r.foldFits;
      loadedDone = r.done;
      loading = load()
        .catch((err) => ctx.current() && board.prepend(h('p', { class: 'error' }, String(err.message))))
        .then(() => new Promise((res) => setTimeout(res, 2000)))
        .finally(() => {
          loading = null;
          if (ctx.current()) showLive(ctx.lastStatus());
        });
    }
  };
  const rows = await api('/api/status');
  if (!ctx.current()) return;
  if (!rows.some((r) => r.sweep === name)) throw new Error(`no sweep named ${name}`);
  showLive(rows);
  ctx.onStatus(showLive);
}

/** Every panel of /charts/sweep.js, the report's, each at the width of its card. */
function drawCharts(holder, d) {
  const slices = slicePanels(d, 600);
  holder.replaceChildren(
    h(
      'div',
      { class: 'panels' },
      panelCard('history-trials', (w) => historyPanel(d, w, 'trials')),
      panelCard('history-time', (w) => historyPanel(d, w, 'time')),
      panelCard('dropout-curve', (w) => dropoutPanel(d, w)),
      panelCard('heatmap', (w) => heatmapPanel(d, w)),
      panelCard('strip', (w) => stripPanel(d, w)),
      panelCard('importance', (w) => importancePanel(d, w)),
      panelCard('max-norm', (w) => maxNormPanel(d, w)),
      slices.map((s, i) => panelCard(s.id, (w) => slicePanels({ ...d, slices: [d.slices[i]] }, w)[0])),
      panelCard('parallel', (w) => parallelPanel(d, w)),
    ),
  );
}
