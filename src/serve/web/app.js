// The dashboard's front end: plain ES module, no build step. Every string that comes from the
// results (trial names, errors, file names) reaches the page as a text node or through
// Observable Plot, which sets text with textContent too; nothing is ever parsed as HTML.
const Plot = globalThis.Plot;

const main = document.getElementById('main');
const crumbs = document.getElementById('crumbs');
const live = document.getElementById('live');

/** An element with attributes and children; strings become text nodes. */
function h(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'class') e.className = v;
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

async function api(path, params = {}) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) url.searchParams.set(k, v);
  const r = await fetch(url, { cache: 'no-store' });
  const body = await r.json();
  if (!r.ok) throw new Error(body.error ?? r.statusText);
  return body;
}

const fixed = (digits) => (v) => (v === null || v === undefined ? '-' : Number(v).toFixed(digits));
const pct2 = fixed(2);
const basename = (p) => (p === 'sonar' ? 'sonar' : p.split(/[\\/]/).pop());
function duration(s) {
  if (s === null || s === undefined) return '-';
  const t = Math.round(s);
  if (t < 60) return `${t}s`;
  if (t < 3600) return `${Math.floor(t / 60)}m${String(t % 60).padStart(2, '0')}s`;
  return `${Math.floor(t / 3600)}h${String(Math.floor((t % 3600) / 60)).padStart(2, '0')}m`;
}
const trialHref = (sweep, key) => `#/trial/${encodeURIComponent(sweep)}/${encodeURIComponent(key)}`;
const sweepHref = (sweep) => `#/sweep/${encodeURIComponent(sweep)}`;

// ---- live status: one event stream for the whole session -------------------------------------

const statusListeners = new Set();
let lastStatus = [];
function connectStatus() {
  const events = new EventSource('/api/events');
  events.addEventListener('status', (ev) => {
    lastStatus = JSON.parse(ev.data);
    live.textContent = `live, updated ${new Date().toLocaleTimeString()}`;
    live.className = 'live on';
    for (const f of statusListeners) f(lastStatus);
  });
  events.addEventListener('error', () => {
    live.textContent = 'reconnecting…';
    live.className = 'live off';
  });
}

// ---- routing ------------------------------------------------------------------------------------

let generation = 0;
function route() {
  const gen = ++generation;
  const [path, query] = (location.hash.slice(1) || '/').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  statusListeners.clear();
  main.replaceChildren();
  crumbs.replaceChildren();
  const current = () => gen === generation;
  const page =
    parts.length === 0 ? sweepsPage(current)
    : parts[0] === 'sweep' && parts[1] ? sweepPage(parts[1], current)
    : parts[0] === 'trial' && parts.length >= 2 ? trialPage(parts.slice(1).join('/'), current)
    : parts[0] === 'compare' ? comparePage(new URLSearchParams(query ?? ''), current)
    : Promise.resolve(main.append(h('p', {}, 'No such page. ', h('a', { href: '#/' }, 'All sweeps'))));
  page.catch((err) => current() && main.append(h('p', { class: 'error', role: 'alert' }, String(err.message ?? err))));
}

function setCrumbs(...items) {
  crumbs.replaceChildren(...items.flatMap((item, i) => [i ? ' / ' : '', item]));
}

// ---- the sweeps -------------------------------------------------------------------------------

const STATUS_COLUMNS = [
  ['trials', 'trials', (r) => r.trials],
  ['done', 'done', (r) => r.done],
  ['running', 'running', (r) => r.running],
  ['pending', 'pending', (r) => r.pending],
  ['failed', 'failed', (r) => r.failed],
  ['foldFits', 'fold fits', (r) => `${r.foldFits}/${r.foldFitsTotal}`],
  ['fitsPerSecond', 'fits/s', (r) => fixed(2)(r.fitsPerSecond)],
  ['elapsed', 'elapsed', (r) => duration(r.elapsedSeconds)],
  ['eta', 'ETA', (r) => duration(r.etaSeconds)],
  ['best', 'best %', (r) => (r.best === null ? '-' : (r.best * 100).toFixed(2))],
  ['data', 'data (sha256)', (r) => `${basename(r.data)} (${r.dataSha256 ? r.dataSha256.slice(0, 12) : '-'})`],
];

async function sweepsPage(current) {
  setCrumbs('sweeps');
  main.append(h('h1', {}, 'Sweeps'), h('p', { class: 'note' }, 'Every sweep in the database, updated live while runners work.'));
  const holder = h('section', { class: 'card' });
  main.append(holder);
  const draw = (rows) => {
    if (rows.length === 0) return holder.replaceChildren(h('p', {}, 'No sweeps in this database yet: start one with dropsweep run.'));
    const known = [...holder.querySelectorAll('tbody tr')].map((tr) => tr.dataset.sweep);
    if (known.join('\n') === rows.map((r) => r.sweep).join('\n')) {
      for (const r of rows) {
        for (const [key, , value] of STATUS_COLUMNS) {
          const cell = holder.querySelector(`td[data-field="${key}"][data-sweep="${CSS.escape(r.sweep)}"]`);
          if (cell) cell.textContent = String(value(r));
        }
      }
      return;
    }
    holder.replaceChildren(
      h(
        'table',
        { class: 'status' },
        h('thead', {}, h('tr', {}, h('th', { class: 'text' }, 'sweep'), STATUS_COLUMNS.map(([, header]) => h('th', {}, header)))),
        h(
          'tbody',
          {},
          rows.map((r) =>
            h(
              'tr',
              { 'data-sweep': r.sweep },
              h('td', { class: 'text' }, h('a', { href: sweepHref(r.sweep) }, r.sweep)),
              STATUS_COLUMNS.map(([key, , value]) => h('td', { 'data-field': key, 'data-sweep': r.sweep }, String(value(r)))),
            ),
          ),
        ),
      ),
    );
  };
  const rows = await api('/api/status');
  if (!current()) return;
  draw(rows);
  statusListeners.add(draw);
}

// ---- one sweep ----------------------------------------------------------------------------------

const SETTINGS = ['placement', 'dropout', 'maxNorm', 'lr', 'momentum', 'epochs', 'batchSize', 'hidden'];
const SETTING_LABELS = { placement: 'placement', dropout: 'dropout', maxNorm: 'max-norm', lr: 'lr', momentum: 'momentum', epochs: 'epochs', batchSize: 'batch', hidden: 'hidden' };
const PLACEMENT_ORDER = ['none', 'visible', 'hidden', 'both'];
// Okabe-Ito: told apart with every common colour-vision deficiency.
const PLACEMENT_COLOURS = { visible: '#0072B2', hidden: '#D55E00', both: '#009E73', none: '#000000' };

async function sweepPage(name, current) {
  setCrumbs(h('a', { href: '#/' }, 'sweeps'), name);
  const liveLine = h('p', { class: 'note', id: 'sweep-live' });
  const provenance = h('section', { class: 'card', id: 'provenance' });
  const board = h('section', { class: 'card', id: 'leaderboard' });
  const charts = {
    parallel: h('section', { class: 'card', id: 'parallel' }),
    curve: h('section', { class: 'card', id: 'dropout-curve' }),
    heatmap: h('section', { class: 'card', id: 'heatmap' }),
    strip: h('section', { class: 'card', id: 'strip' }),
    importance: h('section', { class: 'card', id: 'importance' }),
  };
  main.append(
    h('h1', {}, `Sweep ${name}`),
    liveLine,
    provenance,
    board,
    charts.parallel,
    h('div', { class: 'grid2' }, charts.curve, charts.heatmap),
    h('div', { class: 'grid2' }, charts.strip, charts.importance),
  );

  const state = { sort: null, dir: 1, filters: {}, text: '', picked: [] };
  let loadedFits = -1;
  let loading = null;
  async function load() {
    const [b, o] = await Promise.all([api('/api/board', { sweep: name }), api('/api/overview', { sweep: name })]);
    if (!current()) return;
    drawProvenance(provenance, o);
    drawBoard(board, b, state);
    guard(charts.parallel, parallelChart(b));
    guard(charts.curve, curveChart(o));
    guard(charts.heatmap, heatmapChart(b));
    guard(charts.strip, stripChart(o));
    guard(charts.importance, importanceChart(o));
  }
  const showLive = (rows) => {
    const r = rows.find((x) => x.sweep === name);
    if (!r) return;
    liveLine.replaceChildren(
      h('span', { 'data-field': 'done' }, String(r.done)),
      ` of ${r.trials} trials done, `,
      h('span', { 'data-field': 'running' }, String(r.running)),
      ' running, ',
      h('span', { 'data-field': 'failed' }, String(r.failed)),
      ` failed; fold fits ${r.foldFits}/${r.foldFitsTotal}; ETA ${duration(r.etaSeconds)}`,
    );
    // Redraw when new folds are stored, at most every 2 s, while the page stays put.
    if (r.foldFits !== loadedFits && !loading) {
      loadedFits = r.foldFits;
      loading = load()
        .catch((err) => current() && board.prepend(h('p', { class: 'error' }, String(err.message))))
        .then(() => new Promise((res) => setTimeout(res, 2000)))
        .finally(() => {
          loading = null;
          if (current()) showLive(lastStatus);
        });
    }
  };
  const rows = await api('/api/status');
  if (!current()) return;
  if (!rows.some((r) => r.sweep === name)) throw new Error(`no sweep named ${name}`);
  showLive(rows);
  statusListeners.add(showLive);
}

function guard(holder, draw) {
  try {
    draw(holder);
  } catch (err) {
    holder.replaceChildren(h('p', { class: 'error' }, `chart failed: ${err.message}`));
  }
}

function drawProvenance(holder, o) {
  const p = o.provenance;
  const c = o.counts;
  const spec = p.spec ?? {};
  const grid = { protocol: spec.protocol, grid: spec.grid, trials: spec.trials };
  holder.replaceChildren(
    h('h2', {}, 'Provenance'),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'data'),
      h('dd', {}, `${p.data} (${p.dataRows ?? '?'} rows), sha256 ${p.dataSha256 ?? 'not recorded'}`),
      h('dt', {}, 'split'),
      h('dd', {}, `seed ${p.seed}, ${p.folds} folds x ${p.repeats} repeat(s)`),
      h('dt', {}, 'engine / backend'),
      h('dd', {}, `${p.engine}; fits computed by ${p.backends.length ? p.backends.join(', ') : 'none yet'}`),
      h('dt', {}, 'epochs'),
      h('dd', {}, p.epochs.join(', ') || '-'),
      h('dt', {}, 'created'),
      h('dd', {}, o.created),
      h('dt', {}, 'read'),
      h('dd', {}, `${p.generated} by dropsweep ${p.version}`),
    ),
    h(
      'div',
      { class: 'counts', id: 'counts' },
      ...[
        ['complete', c.complete],
        ['diverged', c.diverged],
        ['failed', c.failed],
        ['pruned', c.pruned],
        ['in progress', c.inProgress],
        ['not started', c.pending],
      ].map(([label, n]) => h('span', { 'data-count': label }, h('b', {}, String(n)), label)),
    ),
    h('details', {}, h('summary', {}, 'the grid (sweep file as stored)'), h('pre', { class: 'spec' }, JSON.stringify(grid, null, 1).replace(/\[[^[\]{}]*\]/g, (list) => list.replace(/\s+/g, ' ')))),
  );
}

// ---- the leaderboard ------------------------------------------------------------------------------

const TEXT_COLUMNS = new Set(['trialKey', 'name', 'placement', 'status', 'hidden']);

function compareValues(a, b) {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' || typeof b === 'boolean') return Number(a) - Number(b);
  return String(a).localeCompare(String(b));
}

function drawBoard(holder, b, state) {
  const settings = SETTINGS.filter((s) => b.columns.some((c) => c.key === s));
  const visible = () =>
    b.rows.filter(
      (r) =>
        settings.every((s) => !state.filters[s] || r.text[s] === state.filters[s]) &&
        (!state.text || `${r.trialKey} ${r.values.name ?? ''}`.toLowerCase().includes(state.text.toLowerCase())),
    );
  const tbody = h('tbody');
  const count = h('span', { class: 'note', id: 'row-count' });
  const compareButton = h('button', { type: 'button', disabled: true, onclick: () => {
    const [x, y] = state.picked;
    location.hash = `#/compare?a=${encodeURIComponent(`${b.sweep}/${x}`)}&b=${encodeURIComponent(`${b.sweep}/${y}`)}`;
  } }, 'compare the two ticked trials');
  const syncButton = () => (compareButton.disabled = state.picked.length !== 2);
  const headCells = b.columns.map((c) =>
    h('th', { class: TEXT_COLUMNS.has(c.key) ? 'text' : null, 'data-key': c.key, scope: 'col' }, h('button', { type: 'button', onclick: () => sortBy(c.key) }, c.header || ' ')),
  );
  function sortBy(key) {
    if (state.sort === key) state.dir = -state.dir;
    else {
      state.sort = key;
      state.dir = 1;
    }
    fill();
  }
  function fill() {
    let rows = visible();
    if (state.sort) rows = [...rows].sort((x, y) => state.dir * compareValues(x.values[state.sort], y.values[state.sort]) || compareValues(x.values.rank, y.values.rank));
    for (const th of headCells) th.setAttribute('aria-sort', th.dataset.key === state.sort ? (state.dir > 0 ? 'ascending' : 'descending') : 'none');
    tbody.replaceChildren(
      ...rows.map((r) =>
        h(
          'tr',
          { class: `${r.values.status}${r.values.likeBest ? ' like-best' : ''}`, 'data-trial': r.trialKey },
          h('td', {}, h('input', { type: 'checkbox', 'aria-label': `pick ${r.trialKey} to compare`, checked: state.picked.includes(r.trialKey), onchange: (ev) => {
            state.picked = ev.target.checked ? [...state.picked, r.trialKey].slice(-2) : state.picked.filter((k) => k !== r.trialKey);
            fill();
          } })),
          b.columns.map((c) =>
            h('td', { class: TEXT_COLUMNS.has(c.key) ? 'text' : null, 'data-key': c.key }, c.key === 'trialKey' ? h('a', { href: trialHref(b.sweep, r.trialKey) }, r.text[c.key]) : r.text[c.key]),
          ),
        ),
      ),
    );
    count.textContent = `${rows.length} of ${b.rows.length} trials shown`;
    syncButton();
  }
  const filters = settings.map((s) => {
    const values = [...new Map(b.rows.map((r) => [r.text[s], r.values[s]])).entries()].sort((x, y) => compareValues(x[1], y[1])).map(([t]) => t);
    return h(
      'label',
      {},
      `${SETTING_LABELS[s]} `,
      h('select', { 'data-filter': s, onchange: (ev) => ((state.filters[s] = ev.target.value), fill()) }, h('option', { value: '' }, 'any'), values.map((v) => h('option', { value: v, selected: state.filters[s] === v }, v))),
    );
  });
  const search = h('input', { type: 'search', placeholder: 'trial key or name', value: state.text, oninput: (ev) => ((state.text = ev.target.value), fill()) });
  holder.replaceChildren(
    h('h2', {}, 'Leaderboard'),
    h('div', { class: 'filters' }, filters, h('label', {}, 'find ', search), count, compareButton),
    h('div', { class: 'scroll' }, h('table', { class: 'board' }, h('thead', {}, h('tr', {}, h('th', {}, 'cmp'), headCells)), tbody)),
    h(
      'p',
      { class: 'note' },
      'Click a column to sort by it (again to reverse). 95% CI: the corrected resampled interval, variance (1/k + n_test/n_train) s², since the folds share training rows. ',
      '~best (green rows): the trial cannot be told apart from the best at 0.05 by the Nadeau–Bengio corrected paired t-test on the same folds, Holm-adjusted across the table.',
    ),
  );
  fill();
}

// ---- charts ---------------------------------------------------------------------------------------

const caption = (text) => h('figcaption', {}, text);
const settingText = (s, v) => (v === null ? 'none' : Array.isArray(v) ? v.join('-') : String(v));

function orderedValues(rows, s) {
  const values = [...new Map(rows.map((r) => [JSON.stringify(r.values[s]), r.values[s]])).values()];
  if (s === 'placement') return values.sort((a, b) => PLACEMENT_ORDER.indexOf(a) - PLACEMENT_ORDER.indexOf(b));
  return values.sort(compareValues).sort((a, b) => (a === null ? -1 : b === null ? 1 : 0));
}

/** Every trial as a line across its settings, each axis at the grid's values in order, coloured by mean accuracy. */
function parallelChart(b) {
  return (holder) => drawParallel(holder, b);
}

function drawParallel(holder, b) {
  const settings = SETTINGS.filter((s) => b.columns.some((c) => c.key === s));
  const scored = b.rows.filter((r) => r.values.meanPct !== null).sort((x, y) => x.values.meanPct - y.values.meanPct);
  holder.replaceChildren(h('h2', {}, 'Every trial: parallel coordinates'));
  if (scored.length === 0) return holder.append(h('p', { class: 'note' }, 'No scored trials yet.'));
  const axes = [...settings.map((s) => SETTING_LABELS[s]), 'mean %'];
  const position = Object.fromEntries(
    settings.map((s) => {
      const values = orderedValues(b.rows, s);
      return [s, new Map(values.map((v, i) => [JSON.stringify(v), values.length === 1 ? 0.5 : i / (values.length - 1)]))];
    }),
  );
  const means = scored.map((r) => r.values.meanPct);
  const [lo, hi] = [Math.min(...means), Math.max(...means)];
  const meanPos = (m) => (hi === lo ? 0.5 : (m - lo) / (hi - lo));
  const lines = scored.flatMap((r) => [
    ...settings.map((s) => ({ trial: r.trialKey, axis: SETTING_LABELS[s], y: position[s].get(JSON.stringify(r.values[s])), mean: r.values.meanPct })),
    { trial: r.trialKey, axis: 'mean %', y: meanPos(r.values.meanPct), mean: r.values.meanPct },
  ]);
  const labels = [
    ...settings.flatMap((s) => orderedValues(b.rows, s).map((v) => ({ axis: SETTING_LABELS[s], y: position[s].get(JSON.stringify(v)), text: settingText(s, v) }))),
    ...[lo, (lo + hi) / 2, hi].map((m) => ({ axis: 'mean %', y: meanPos(m), text: m.toFixed(1) })),
  ];
  holder.append(
    Plot.plot({
      width: 1300,
      height: 380,
      marginLeft: 30,
      marginRight: 60,
      x: { type: 'point', domain: axes, label: null, axis: 'top', padding: 0.05 },
      y: { domain: [0, 1], axis: null, inset: 12 },
      color: { type: 'linear', scheme: 'viridis', legend: true, label: 'mean accuracy %' },
      marks: [
        Plot.ruleX(axes, { stroke: '#aaa' }),
        Plot.lineY(lines, { x: 'axis', y: 'y', z: 'trial', stroke: 'mean', strokeWidth: 1.3, strokeOpacity: 0.75 }),
        Plot.text(labels, { x: 'axis', y: 'y', text: 'text', dx: 5, textAnchor: 'start', fill: '#111', stroke: 'white', strokeWidth: 3 }),
      ],
    }),
    caption(`${scored.length} trials with a score, one line each, coloured by mean accuracy (viridis); the best are drawn last, on top. Each axis lists the values the grid takes, in order.`),
  );
}

/** Mean accuracy against dropout rate, one line per placement, with corrected 95% intervals. */
function curveChart(o) {
  return (holder) => {
    holder.replaceChildren(h('h2', {}, 'Accuracy against dropout rate'));
    if (o.curve.length === 0) return holder.append(h('p', { class: 'note' }, 'No complete trials with dropout yet.'));
    const placements = PLACEMENT_ORDER.filter((p) => o.curve.some((c) => c.placement === p));
    const rates = [...new Set(o.curve.map((c) => c.rate))].sort((a, b) => a - b);
    holder.append(
      Plot.plot({
        width: 620,
        height: 340,
        marginLeft: 50,
        grid: true,
        x: { label: 'dropout rate', ticks: rates },
        y: { label: 'mean accuracy % (95% corrected CI)' },
        color: { domain: placements, range: placements.map((p) => PLACEMENT_COLOURS[p]), legend: true },
        marks: placements.flatMap((p, i) => {
          const points = o.curve.filter((c) => c.placement === p);
          const dx = (i - (placements.length - 1) / 2) * 6; // keep the intervals of the placements apart
          return [
            Plot.ruleX(points.filter((c) => c.low !== null), { x: 'rate', y1: 'low', y2: 'high', stroke: 'placement', strokeWidth: 1.5, dx }),
            Plot.line(points, { x: 'rate', y: 'mean', stroke: 'placement', strokeWidth: 2, dx }),
            Plot.dot(points, {
              x: 'rate',
              y: 'mean',
              fill: 'placement',
              r: 4,
              dx,
              title: (c) => `${c.placement}, dropout ${c.rate}: ${c.mean.toFixed(2)}% [${pct2(c.low)}, ${pct2(c.high)}] over ${c.trials} trial(s)`,
            }),
          ];
        }),
      }),
      caption(
        'Each point is the mean over the complete trials at that placement and rate (other settings averaged out). Its interval is the corrected 95% interval of that group mean: the group’s mean accuracy on each fold, with the variance (1/k + n_test/n_train) s² the leaderboard’s CI uses. Rate 0 is the no-dropout model and starts every line.',
      ),
    );
  };
}

/** Mean accuracy of the complete trials in each learning rate x momentum cell. */
function heatmapChart(b) {
  return (holder) => {
    holder.replaceChildren(h('h2', {}, 'Learning rate × momentum'));
    const complete = b.rows.filter((r) => r.values.status === 'complete');
    if (complete.length === 0) return holder.append(h('p', { class: 'note' }, 'No complete trials yet.'));
    const cells = new Map();
    for (const r of complete) {
      const k = `${r.values.lr}|${r.values.momentum}`;
      const c = cells.get(k) ?? cells.set(k, { lr: r.values.lr, momentum: r.values.momentum, sum: 0, n: 0 }).get(k);
      c.sum += r.values.meanPct;
      c.n += 1;
    }
    const data = [...cells.values()].map((c) => ({ ...c, mean: c.sum / c.n }));
    const lrs = [...new Set(data.map((d) => d.lr))].sort((a, b) => a - b);
    const moms = [...new Set(data.map((d) => d.momentum))].sort((a, b) => a - b);
    const [lo, hi] = [Math.min(...data.map((d) => d.mean)), Math.max(...data.map((d) => d.mean))];
    holder.append(
      Plot.plot({
        width: 620,
        height: 110 + 46 * moms.length,
        marginLeft: 70,
        padding: 0.04,
        x: { type: 'band', domain: lrs, label: 'learning rate' },
        y: { type: 'band', domain: moms, label: 'momentum' },
        color: { type: 'linear', scheme: 'viridis', domain: lo === hi ? [lo - 1, hi + 1] : [lo, hi], legend: true, label: 'mean accuracy %' },
        marks: [
          Plot.cell(data, { x: 'lr', y: 'momentum', fill: 'mean', title: (d) => `lr ${d.lr}, momentum ${d.momentum}: ${d.mean.toFixed(2)}% over ${d.n} trial(s)` }),
          // Dark text on the light (yellow) end of viridis, light text on the dark end.
          Plot.text(data, { x: 'lr', y: 'momentum', text: (d) => d.mean.toFixed(1), fill: (d) => (hi > lo && (d.mean - lo) / (hi - lo) > 0.55 ? 'black' : 'white') }),
        ],
      }),
      caption('Mean accuracy of the complete trials in each cell, other settings averaged out; viridis scale (colour-blind safe, readable in greyscale).'),
    );
  };
}

/** Every fold of the top trials: a column of dots per trial, labelled with its key. */
function stripChart(o) {
  return (holder) => {
    holder.replaceChildren(h('h2', {}, 'Fold accuracies of the top trials'));
    if (o.strip.length === 0) return holder.append(h('p', { class: 'note' }, 'No complete trials yet.'));
    const labels = o.strip.map((s) => `${s.trialKey.slice(0, 10)}${s.name ? ` ${s.name.slice(0, 14)}` : ''}`);
    const dots = o.strip.flatMap((s, i) => s.folds.map((a, k) => ({ x: i + ((k % 5) - 2) * 0.07, accuracy: a, trial: labels[i], fold: k })));
    holder.append(
      Plot.plot({
        width: 620,
        height: 360,
        marginBottom: 80,
        marginLeft: 50,
        x: { domain: [-0.5, o.strip.length - 0.5], ticks: o.strip.map((_, i) => i), tickFormat: (i) => labels[i] ?? '', tickRotate: -30, label: 'trial (by rank)' },
        y: { label: 'fold accuracy %', grid: true },
        marks: [
          Plot.dot(dots, { x: 'x', y: 'accuracy', r: 3, fill: '#3b528b', fillOpacity: 0.65, title: (d) => `${d.trial}, fold ${d.fold}: ${d.accuracy.toFixed(2)}%` }),
          Plot.link(o.strip, { x1: (_, i) => i - 0.3, x2: (_, i) => i + 0.3, y1: 'mean', y2: 'mean', stroke: '#D55E00', strokeWidth: 2 }),
        ],
      }),
      caption('Each dot is one held-out fold of a top-10 complete trial (labelled by trial key and name); the orange bar is its mean.'),
    );
  };
}

/** Variance decomposition over the grid, with the marginal means it comes from. */
function importanceChart(o) {
  return (holder) => {
    holder.replaceChildren(h('h2', {}, 'Hyperparameter importance'));
    if (o.importance.length === 0) return holder.append(h('p', { class: 'note' }, 'Needs complete trials that differ in at least one setting.'));
    const n = o.importance[0].trials;
    holder.append(
      Plot.plot({
        width: 620,
        height: 60 + 28 * o.importance.length,
        marginLeft: 90,
        marginRight: 50,
        x: { domain: [0, 100], label: 'share of the variance of trial means (%)', grid: true },
        y: { label: null, domain: o.importance.map((d) => SETTING_LABELS[d.dimension]) },
        marks: [
          Plot.barX(o.importance, { x: (d) => d.share * 100, y: (d) => SETTING_LABELS[d.dimension], fill: '#21918c' }),
          Plot.text(o.importance, { x: (d) => d.share * 100, y: (d) => SETTING_LABELS[d.dimension], text: (d) => `${(d.share * 100).toFixed(1)}%`, dx: 4, textAnchor: 'start' }),
          Plot.ruleX([0]),
        ],
      }),
      caption(
        `Computed on the ${n} complete trials of this sweep: for each setting, the between-value sum of squares of the trials’ mean accuracies over their total sum of squares (a one-way main effect, η²). What is left is interactions and fold noise.`,
      ),
      h(
        'details',
        {},
        h('summary', {}, 'marginal means per value'),
        h(
          'table',
          {},
          h('thead', {}, h('tr', {}, ['setting', 'value', 'mean %', 'trials', 'best %', 'best trial'].map((t) => h('th', {}, t)))),
          h(
            'tbody',
            {},
            o.effects.map((e) =>
              h(
                'tr',
                {},
                h('td', { class: 'text' }, SETTING_LABELS[e.dimension]),
                h('td', {}, settingText(e.dimension, e.value)),
                h('td', {}, pct2(e.mean)),
                h('td', {}, String(e.trials)),
                h('td', {}, pct2(e.best)),
                h('td', { class: 'text' }, h('a', { href: trialHref(o.sweep, e.bestTrial) }, e.bestTrial.slice(0, 10))),
              ),
            ),
          ),
        ),
      ),
    );
  };
}

// ---- one trial ----------------------------------------------------------------------------------

const FOLD_COLUMNS = [
  ['fold', (f) => f.fold],
  ['repeat', (f) => f.repeat],
  ['accuracy %', (f) => (f.accuracy === null ? '-' : (f.accuracy * 100).toFixed(2))],
  ['held-out loss', (f) => fixed(4)(f.loss)],
  ['train loss', (f) => fixed(4)(f.trainLoss)],
  ['epochs', (f) => f.epochsRun],
  ['diverged', (f) => (f.diverged ? 'yes' : 'no')],
  ['seconds', (f) => fixed(2)(f.seconds)],
  ['engine', (f) => f.engine],
  ['backend', (f) => f.backend],
  ['model seed', (f) => f.seed],
];

async function trialPage(ref, current) {
  const t = await api('/api/trial', { ref });
  if (!current()) return;
  setCrumbs(h('a', { href: '#/' }, 'sweeps'), h('a', { href: sweepHref(t.sweep) }, t.sweep), t.trialKey);
  const c = t.config;
  const engines = [...new Set(t.folds.map((f) => `${f.engine}/${f.backend}`))];
  const board = await api('/api/board', { sweep: t.sweep });
  if (!current()) return;
  main.append(
    h('h1', {}, 'Trial ', h('span', { id: 'trial-key' }, t.trialKey), t.name ? ' ' : '', t.name ? h('span', { id: 'trial-name' }, `(${t.name})`) : ''),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Configuration'),
      h(
        'dl',
        { class: 'facts' },
        [
          ['sweep', t.sweep],
          ['state', `${t.state}${t.attempts ? `, ${t.attempts} failed attempt(s)` : ''}`],
          ['placement', c.placement],
          ['dropout', c.dropout],
          ['max-norm', c.maxNorm ?? 'none'],
          ['learning rate', c.lr],
          ['momentum', c.momentum],
          ['epochs', c.epochs],
          ['batch size', c.batchSize],
          ['hidden layers', c.hidden.join('-')],
          ['accuracy', `${pct2(t.meanAccuracy === null ? null : t.meanAccuracy * 100)}% (std ${pct2(t.stdAccuracy === null ? null : t.stdAccuracy * 100)}) over ${t.folds.filter((f) => f.accuracy !== null).length} of ${t.foldsPlanned} folds`],
          ['seeds', `split seed ${t.seed}; each fold's model seed is in the table below`],
          ['data', `${t.data}, sha256 ${t.dataSha256 ?? 'not recorded'}`],
          ['engine / backend', engines.join(', ') || '-'],
          ['started / finished', `${t.startedAt ?? '-'} / ${t.finishedAt ?? '-'}`],
          ['training time', `${t.trainingSeconds.toFixed(1)} s`],
        ].flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, String(v))]),
        t.error ? [h('dt', {}, 'last error'), h('dd', { class: 'error' }, t.error)] : [],
      ),
      board.best && board.best !== t.trialKey ? h('p', {}, h('a', { href: `#/compare?a=${encodeURIComponent(`${t.sweep}/${board.best}`)}&b=${encodeURIComponent(`${t.sweep}/${t.trialKey}`)}` }, 'compare with the best trial')) : '',
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Every fold'),
      h('table', { class: 'folds' }, h('thead', {}, h('tr', {}, FOLD_COLUMNS.map(([k]) => h('th', {}, k)))), h('tbody', {}, t.folds.map((f) => h('tr', {}, FOLD_COLUMNS.map(([, v]) => h('td', {}, String(v(f)))))))),
    ),
  );
}

// ---- two trials ---------------------------------------------------------------------------------

async function comparePage(q, current) {
  const a = q.get('a');
  const b = q.get('b');
  const sweep = (a ?? b ?? '').split('/')[0] || undefined;
  const board = await api('/api/board', sweep ? { sweep } : {});
  if (!current()) return;
  setCrumbs(h('a', { href: '#/' }, 'sweeps'), h('a', { href: sweepHref(board.sweep) }, board.sweep), 'compare');
  const choose = (param, chosen) =>
    h(
      'select',
      { 'data-pick': param, onchange: (ev) => {
        const next = new URLSearchParams({ a: a ?? '', b: b ?? '' });
        next.set(param, `${board.sweep}/${ev.target.value}`);
        location.hash = `#/compare?${next}`;
      } },
      h('option', { value: '' }, 'choose a trial'),
      board.rows.filter((r) => r.values.folds > 0).map((r) =>
        h('option', { value: r.trialKey, selected: chosen?.endsWith(`/${r.trialKey}`) || chosen === r.trialKey }, `#${r.text.rank} ${r.trialKey.slice(0, 10)} ${r.values.name ?? ''} (${r.text.meanPct}%)`),
      ),
    );
  main.append(h('h1', {}, 'Compare two trials'), h('div', { class: 'filters' }, h('label', {}, 'a ', choose('a', a)), h('label', {}, 'b ', choose('b', b))));
  if (!a || !b) return;
  const cmp = await api('/api/compare', { a, b });
  if (!current()) return;
  const nameA = cmp.aName ?? cmp.a.slice(0, 10);
  const nameB = cmp.bName ?? cmp.b.slice(0, 10);
  main.append(
    h(
      'section',
      { class: 'card' },
      h(
        'p',
        { id: 'compare-result' },
        cmp.meanDifference === null
          ? 'No folds that both trials scored.'
          : `a - b: mean difference ${(cmp.meanDifference * 100).toFixed(2)} points over ${cmp.pairs.length} paired folds; corrected resampled t = ${cmp.t === null ? '-' : cmp.t.toFixed(3)}, df = ${cmp.df}, p = ${cmp.p === null ? '-' : cmp.p.toPrecision(3)}`,
      ),
      h('p', { class: 'note' }, 'Nadeau–Bengio corrected resampled paired t-test: the variance (1/k + n_test/n_train) s² allows for the training sets the folds share; the naive test would find differences that are not there.'),
      h('div', { class: 'grid2' },
        h(
          'table',
          {},
          h('thead', {}, h('tr', {}, h('th', {}, 'fold'), h('th', {}, 'repeat'), h('th', {}, `a: ${nameA} %`), h('th', {}, `b: ${nameB} %`), h('th', {}, 'a - b'))),
          h('tbody', {}, cmp.pairs.map((p) => h('tr', {}, [p.fold, p.repeat, (p.a * 100).toFixed(2), (p.b * 100).toFixed(2), (p.difference * 100).toFixed(2)].map((v) => h('td', {}, String(v)))))),
        ),
        cmp.pairs.length
          ? Plot.plot({
              width: 560,
              height: 300,
              marginLeft: 50,
              x: { label: 'fold', ticks: cmp.pairs.map((p) => p.fold) },
              y: { label: 'a - b, accuracy points', grid: true },
              marks: [
                Plot.ruleY([0]),
                Plot.ruleY([cmp.meanDifference * 100], { stroke: '#D55E00', strokeDasharray: '4 3' }),
                Plot.dot(cmp.pairs, { x: 'fold', y: (p) => p.difference * 100, fill: '#3b528b', r: 4 }),
              ],
            })
          : '',
      ),
    ),
  );
}

connectStatus();
window.addEventListener('hashchange', route);
route();
