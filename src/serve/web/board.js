// The leaderboard: sortable by any column (std by the CLI's rule), filterable, with downloads
// and boxes to pick two trials to compare.
import { compareHref, downloadLink, h, trialHref } from './dom.js';

const SETTINGS = ['placement', 'dropout', 'maxNorm', 'lr', 'momentum', 'epochs', 'batchSize', 'hidden'];
const SETTING_LABELS = { placement: 'placement', dropout: 'dropout', maxNorm: 'max-norm', lr: 'lr', momentum: 'momentum', epochs: 'epochs', batchSize: 'batch', hidden: 'hidden' };
const TEXT_COLUMNS = new Set(['trialKey', 'name', 'placement', 'status', 'hidden']);
/** A filter lists a setting's values when it has at most this many; more (random search) would be noise. */
const FILTER_VALUES = 12;

export function compareValues(a, b) {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' || typeof b === 'boolean') return Number(a) - Number(b);
  return String(a).localeCompare(String(b));
}

/**
 * Rows in the order a column asks for. Sorting by std uses the server's order for
 * `leaderboard --sort std`: the trials like the best by std, then the rest by mean (by std alone,
 * degenerate models that predict one class every time would come first).
 */
function sorted(rows, state, b) {
  if (!state.sort) return rows;
  if (state.sort === (b.stdKey ?? 'stdPct')) {
    const at = new Map(b.stdOrder.map((k, i) => [k, i]));
    return [...rows].sort((x, y) => state.dir * ((at.get(x.trialKey) ?? Infinity) - (at.get(y.trialKey) ?? Infinity)));
  }
  return [...rows].sort((x, y) => state.dir * compareValues(x.values[state.sort], y.values[state.sort]) || compareValues(x.values.rank, y.values.rank));
}

export function drawBoard(holder, b, state) {
  const settings = SETTINGS.filter((s) => b.columns.some((c) => c.key === s));
  const visible = () =>
    b.rows.filter(
      (r) =>
        settings.every((s) => !state.filters[s] || r.text[s] === state.filters[s]) &&
        (!state.text || `${r.trialKey} ${r.values.name ?? ''} ${r.values.note ?? ''}`.toLowerCase().includes(state.text.toLowerCase())),
    );
  const tbody = h('tbody');
  const count = h('span', { class: 'note', id: 'row-count' });
  const compareButton = h('button', { type: 'button', disabled: true, onclick: () => {
    const [x, y] = state.picked;
    location.hash = compareHref(`${b.sweep}/${x}`, `${b.sweep}/${y}`);
  } }, 'compare the two ticked trials');
  const headCells = b.columns.map((c) =>
    h('th', { class: TEXT_COLUMNS.has(c.key) ? 'text' : null, 'data-key': c.key, scope: 'col' }, h('button', { type: 'button', onclick: () => sortBy(c.key) }, c.header || ' ')),
  );
  function sortBy(key) {
    if (state.sort === key) state.dir = -state.dir;
    else [state.sort, state.dir] = [key, 1];
    fill();
  }
  function fill() {
    const rows = sorted(visible(), state, b);
    for (const th of headCells) th.setAttribute('aria-sort', th.dataset.key === state.sort ? (state.dir > 0 ? 'ascending' : 'descending') : 'none');
    tbody.replaceChildren(
      ...rows.map((r) =>
        h(
          'tr',
          { class: `${r.values.status}${r.values.folds === 0 ? ' not-started' : ''}${r.values.likeBest ? ' like-best' : ''}`, 'data-trial': r.trialKey },
          h('td', {}, h('input', { type: 'checkbox', 'aria-label': `pick ${r.trialKey} to compare`, checked: state.picked.includes(r.trialKey), onchange: (ev) => {
            state.picked = ev.target.checked ? [...state.picked, r.trialKey].slice(-2) : state.picked.filter((k) => k !== r.trialKey);
            fill();
          } })),
          b.columns.map((c) => h('td', { class: TEXT_COLUMNS.has(c.key) ? 'text' : null, 'data-key': c.key }, c.key === 'trialKey' ? h('a', { href: trialHref(b.sweep, r.trialKey) }, r.text[c.key]) : r.text[c.key], c.key === 'name' && r.values.note ? h('span', { class: 'has-note', title: r.values.note, 'aria-label': `note: ${r.values.note}` }, '✎') : null)),
        ),
      ),
    );
    count.textContent = `${rows.length} of ${b.rows.length} trials shown`;
    compareButton.disabled = state.picked.length !== 2;
  }
  const filters = settings.flatMap((s) => {
    const values = [...new Map(b.rows.map((r) => [r.text[s], r.values[s]])).entries()].sort((x, y) => compareValues(x[1], y[1])).map(([t]) => t);
    if (values.length > FILTER_VALUES) return [];
    return [h('label', {}, `${SETTING_LABELS[s]} `, h('select', { 'data-filter': s, onchange: (ev) => ((state.filters[s] = ev.target.value), fill()) }, h('option', { value: '' }, 'any'), values.map((v) => h('option', { value: v, selected: state.filters[s] === v }, v))))];
  });
  const search = h('input', { type: 'search', placeholder: 'trial key, name or note', value: state.text, oninput: (ev) => ((state.text = ev.target.value), fill()) });
  holder.replaceChildren(
    h('h2', {}, 'Leaderboard'),
    b.metric && b.metric !== 'accuracy' ? h('p', { class: 'note', id: 'ranked-by' }, `Ranked by ${b.metric.replace('_', ' ')}${b.metric === 'log_loss' ? ', lower is better' : ''} (the sweep’s metric): its mean, std, interval and the tests below are of it.`) : null,
    ...(b.nestedLine ? [h('p', { class: 'nested', id: 'nested' }, `${b.nestedLine}. The top score is the best of many noisy scores, so it is optimistic; the nested estimate scores each outer fold's sweep winner on rows its search never saw.`)] : []),
    h('div', { class: 'filters' }, filters, h('label', {}, 'find ', search), count, compareButton),
    h('div', { class: 'scroll' }, h('table', { class: 'board' }, h('thead', {}, h('tr', {}, h('th', {}, 'cmp'), headCells)), tbody)),
    h('p', { class: 'downloads' }, 'Download the leaderboard (every trial, the columns of ', h('code', {}, 'dropsweep leaderboard --format csv|json'), '): ', downloadLink('/download/leaderboard.csv', { sweep: b.sweep }, 'CSV'), ' · ', downloadLink('/download/leaderboard.json', { sweep: b.sweep }, 'JSON')),
    h(
      'p',
      { class: 'note' },
      'Click a column to sort by it (again to reverse); std sorts as dropsweep leaderboard --sort std does: the trials like the best by std, then the others by mean. 95% CI: the corrected resampled interval, variance (1/k + n_test/n_train) s², since the folds share training rows; an interval past the metric’s range (0-100 for a percent) stops at the bound (clipped). ',
      `~best (green rows${b.bestSet ? `, ${b.bestSet.size} of ${b.bestSet.complete} complete trials` : ''}): the trial could be the best. The rows marked are a 95% model confidence set: trials are dropped, worst first, while one of them is significantly worse than another one left (multiple comparisons with the best, Hsu 1996, step-down as in Hansen, Lunde & Nason 2011, on the Nadeau–Bengio corrected variance), so the set holds the truly best trial with probability at least 0.95. A trial not started has no rank.`,
    ),
  );
  fill();
}
