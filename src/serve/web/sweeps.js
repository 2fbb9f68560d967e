// The sweeps in the database: a live status table, and every sweep side by side.
import { chartMetric, formatMetric, fromFraction, lineChart, rangeChart } from '/charts/index.js';
import { api, basename, chartBox, duration, etaText, fixed, h, sweepHref, trialHref } from './dom.js';

const STATUS_COLUMNS = [
  ['trials', 'trials', (r) => r.trials],
  ['done', 'done', (r) => r.done],
  ['running', 'running', (r) => r.running],
  ['pending', 'waiting', (r) => r.pending],
  ['failed', 'failed', (r) => r.failed],
  ['foldFits', 'fold fits', (r) => `${r.foldFits}/${r.foldFitsTotal}`],
  ['fitsPerSecond', 'fits/s', (r) => fixed(2)(r.fitsPerSecond)],
  ['elapsed', 'elapsed', (r) => duration(r.elapsedSeconds)],
  ['eta', 'ETA', (r) => etaText(r)],
  ['best', 'best', (r) => bestText(r.metric, r.best)],
  ['data', 'data (sha256)', (r) => `${basename(r.data)} (${r.dataSha256 ? r.dataSha256.slice(0, 12) : '-'})`],
];

/** A best mean as the board shows it (percent for accuracies), with its unit and the metric's name when it is not accuracy. */
function metricText(name, value) {
  const m = chartMetric(name);
  const text = formatMetric(m, value);
  return text === '-' || m.name === 'accuracy' ? text : `${text} ${m.name}${m.higherIsBetter ? '' : ' (lower better)'}`;
}

/** A sweep's best with its unit, and the metric's name when it is not accuracy (log loss is no percent; lower is better). */
function bestText(name, value) {
  return metricText(name, fromFraction(chartMetric(name), value));
}

export async function sweepsPage(ctx) {
  ctx.setCrumbs('sweeps');
  ctx.main.append(
    h('h1', {}, 'Sweeps'),
    h('p', { class: 'note' }, 'Every sweep in the database, updated live while runners work. ', h('a', { href: '#/across', id: 'across-link' }, 'All sweeps side by side'), '.'),
  );
  const holder = h('section', { class: 'card' });
  ctx.main.append(holder);
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
        'div',
        { class: 'scroll-x' },
        h(
          'table',
          { class: 'status' },
          h('thead', {}, h('tr', {}, h('th', { class: 'text' }, 'sweep'), STATUS_COLUMNS.map(([, header]) => h('th', {}, header)))),
          h('tbody', {}, rows.map((r) => h('tr', { 'data-sweep': r.sweep }, h('td', { class: 'text' }, h('a', { href: sweepHref(r.sweep) }, r.sweep)), STATUS_COLUMNS.map(([key, , value]) => h('td', { 'data-field': key, 'data-sweep': r.sweep }, String(value(r))))))),
        ),
      ),
      h('p', { class: 'note' }, 'running: trials a runner holds now; waiting: not started, or stopped part-way (the next run finishes them). An idle sweep (no runner) shows no ETA.'),
    );
  };
  const rows = await api('/api/status');
  if (!ctx.current()) return;
  draw(rows);
  ctx.onStatus(draw);
}

/** Sweeps compare fairly only on the same rows and folds: a letter per (data, split seed, folds). */
function comparableGroups(sweeps) {
  const letters = new Map();
  for (const s of sweeps) {
    const k = `${s.dataSha256 ?? s.data}|${s.seed}|${s.folds}x${s.repeats}`;
    if (!letters.has(k)) letters.set(k, String.fromCharCode(65 + (letters.size % 26)));
  }
  return (s) => letters.get(`${s.dataSha256 ?? s.data}|${s.seed}|${s.folds}x${s.repeats}`);
}

/** An interval in its metric's unit, stopped at the metric's range (0-100 for a percent) and marked when it ran past. */
const ciText = (m, lo, hi) => {
  if (lo === null || hi === null) return '-';
  const max = m.max ?? Infinity;
  const clipped = lo < (m.min ?? -Infinity) || hi > max;
  const digits = m.unit === '%' ? 1 : 3;
  return `${Math.max(m.min ?? -Infinity, lo).toFixed(digits)}-${Math.min(max, hi).toFixed(digits)}${clipped ? ' (clipped)' : ''}`;
};

/**
 * The two charts of every sweep ranked by one metric: each sweep's best with its interval, and its
 * best so far. Sweeps ranked by different metrics share no axis, so each metric has its own pair.
 */
function acrossCharts(sweeps, group, metricName, suffix) {
  const m = chartMetric(metricName);
  const label = `${m.name}${m.unit ? ` ${m.unit}` : ''}`;
  const mine = sweeps.filter((s) => (s.metric ?? 'accuracy') === metricName);
  const withBest = mine.filter((s) => s.best && s.best.mean !== null);
  const of = suffix ? ` (sweeps ranked by ${m.name})` : '';
  return [
    h(
      'section',
      { class: 'card panel', id: `across-best${suffix}` },
      h('h2', {}, `Best trial per sweep${of}`),
      chartBox((width) => rangeChart(withBest.map((s) => ({ key: s.sweep, label: `${s.sweep} (${group(s)})`, value: s.best.mean, low: s.best.ciLow, high: s.best.ciHigh, title: `${s.sweep}, group ${group(s)}: best trial ${s.best.trialKey.slice(0, 10)}` })), { width, metric: m, name: `across-best${suffix}`, xLabel: `best mean ${label}` }), `across-best${suffix}`),
      h('figcaption', {}, `A dot per sweep: the mean ${m.name} of its best complete trial${m.higherIsBetter ? '' : ' (lower is better)'}, with the corrected 95% interval; an interval past the metric's range is drawn to the bound with an arrowhead (clipped). The best of many trials is biased ${m.higherIsBetter ? 'upward' : 'downward'}: the more trials a sweep ran, the more its best flatters it.`),
    ),
    h(
      'section',
      { class: 'card panel', id: `across-history${suffix}` },
      h('h2', {}, `Best so far, sweep by sweep${of}`),
      chartBox((width) => lineChart(mine.filter((s) => s.bestSoFar.length).map((s) => ({ key: s.sweep, label: `${s.sweep} (${group(s)})`, points: s.bestSoFar })), { width, metric: m, xLabel: 'trials completed', yLabel: `best mean ${label} so far`, step: true, name: `across-history${suffix}` }), `across-history${suffix}`),
      h('figcaption', {}, 'Each sweep’s best complete trial so far against the trials it had completed: how fast each search found its best.'),
    ),
  ];
}

export async function acrossPage(ctx) {
  ctx.setCrumbs(h('a', { href: '#/' }, 'sweeps'), 'side by side');
  const sweeps = await api('/api/across');
  if (!ctx.current()) return;
  const group = comparableGroups(sweeps);
  const metrics = [...new Set(sweeps.map((s) => s.metric ?? 'accuracy'))];
  // Every sweep ranked by accuracy: percent, as the leaderboards show it; else each best names its metric.
  const mixed = metrics.some((m) => m !== 'accuracy');
  ctx.main.append(
    h('h1', {}, 'All sweeps side by side'),
    h('p', { class: 'note' }, 'Each sweep’s best complete trial with its corrected 95% interval. Sweeps in the same group (same data, split seed and folds) were scored on the same held-out rows and can be compared fold by fold; across groups the numbers are not comparable.'),
    h(
      'section',
      { class: 'card', id: 'across-table' },
      h('h2', {}, 'Best trial of each sweep'),
      h(
        'div',
        { class: 'scroll-x' },
        h(
          'table',
          {},
          h('thead', {}, h('tr', {}, ['sweep', 'group', 'data', 'trials', 'complete', 'best trial', mixed ? 'best' : 'best %', '95% CI'].map((t) => h('th', { class: t === 'sweep' || t === 'data' || t === 'trials' || t === 'best trial' ? 'text' : null }, t)))),
          h(
            'tbody',
            {},
            sweeps.map((s) =>
              h(
                'tr',
                { 'data-sweep': s.sweep },
                h('td', { class: 'text' }, h('a', { href: sweepHref(s.sweep) }, s.sweep)),
                h('td', { 'data-field': 'group' }, group(s)),
                h('td', { class: 'text' }, `${basename(s.data)} (${s.dataSha256 ? s.dataSha256.slice(0, 12) : '-'}), seed ${s.seed}, ${s.folds} folds x ${s.repeats}`),
                h('td', { class: 'text wrap' }, s.sampler),
                h('td', {}, `${s.counts.complete}/${s.counts.trials}`),
                h('td', { class: 'text' }, s.best ? h('a', { href: trialHref(s.sweep, s.best.trialKey) }, `${s.best.trialKey.slice(0, 10)}${s.best.name ? ` ${s.best.name}` : ''}`) : '-'),
                h('td', { 'data-field': 'best' }, !s.best ? '-' : mixed ? metricText(s.metric, s.best.mean) : fixed(2)(s.best.mean)),
                h('td', {}, s.best ? ciText(chartMetric(s.metric), s.best.ciLow, s.best.ciHigh) : '-'),
              ),
            ),
          ),
        ),
      ),
    ),
    ...metrics.flatMap((metric, i) => acrossCharts(sweeps, group, metric, i === 0 ? '' : `-${metric}`)),
  );
}
