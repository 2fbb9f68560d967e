// One trial fold by fold, and two trials compared fold by fold.
import { LOG_LOSS, chartMetric, differenceChart, formatMetric, fromFraction, lineChart, lossCurveSeries, overlayCurveSeries } from '/charts/index.js';
import { api, chartBox, compareHref, downloadLink, fixed, h, pct2, sweepHref } from './dom.js';
import { noteCard } from './note.js';

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

export async function trialPage(ctx, ref) {
  const t = await api('/api/trial', { ref, curves: '1' });
  if (!ctx.current()) return;
  ctx.setCrumbs(h('a', { href: '#/' }, 'sweeps'), h('a', { href: sweepHref(t.sweep) }, t.sweep), t.trialKey.slice(0, 10));
  const c = t.config;
  const engines = [...new Set(t.folds.map((f) => `${f.engine}/${f.backend}`))];
  const board = await api('/api/board', { sweep: t.sweep });
  if (!ctx.current()) return;
  const scored = t.folds.filter((f) => f.accuracy !== null).length;
  const ranked = chartMetric(t.metric);
  const note = await noteCard(t);
  if (!ctx.current()) return;
  ctx.main.append(
    h('h1', { class: 'trial-title' }, 'Trial ', h('span', { id: 'trial-key' }, t.trialKey), t.name ? ' ' : '', t.name ? h('span', { id: 'trial-name' }, `(${t.name})`) : ''),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Configuration'),
      h(
        'dl',
        { class: 'facts' },
        [
          ['sweep', t.sweep],
          ['state', `${t.state}${t.foldsDone === 0 && t.state === 'pending' ? ' (not started)' : ''}${t.attempts ? `, ${t.attempts} failed attempt(s)` : ''}`],
          ['placement', c.placement],
          ['dropout', c.dropout],
          ['max-norm', c.maxNorm ?? 'none'],
          ['learning rate', c.lr],
          ['momentum', c.momentum],
          ['epochs', c.epochs],
          ['batch size', c.batchSize],
          ['hidden layers', c.hidden.join('-')],
          ['accuracy', `${pct2(t.meanAccuracy === null ? null : t.meanAccuracy * 100)}% (std ${pct2(t.stdAccuracy === null ? null : t.stdAccuracy * 100)}) over ${scored} of ${t.foldsPlanned} folds`],
          ...(t.metric && t.metric !== 'accuracy' ? [[`ranked by ${ranked.name}`, `${formatMetric(ranked, fromFraction(ranked, t.metrics[t.metric].mean))} (std ${formatMetric(ranked, fromFraction(ranked, t.metrics[t.metric].std))})${ranked.higherIsBetter ? '' : ', lower is better'}, over ${t.metrics[t.metric].scored} of ${t.foldsPlanned} folds`]] : []),
          ['seeds', `split seed ${t.seed}; each fold's model seed is in the table below`],
          ['data', `${t.data}, sha256 ${t.dataSha256 ?? 'not recorded'}`],
          ['engine / backend', engines.join(', ') || '-'],
          ['started / finished', `${t.startedAt ?? '-'} / ${t.finishedAt ?? '-'}`],
          ['training time', `${t.trainingSeconds.toFixed(1)} s`],
        ].flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, String(v))]),
        t.error ? [h('dt', {}, 'last error'), h('dd', { class: 'error' }, t.error)] : [],
      ),
      board.best && board.best !== t.trialKey ? h('p', {}, h('a', { href: compareHref(`${t.sweep}/${board.best}`, `${t.sweep}/${t.trialKey}`) }, 'compare with the best trial')) : '',
    ),
    t.curves && t.curves.length
      ? h(
          'section',
          { class: 'card', id: 'curves' },
          h('h2', {}, 'Learning curves'),
          h('figure', { class: 'panel', id: 'loss-curves' }, chartBox((width) => lineChart(lossCurveSeries(t.curves), { width, metric: LOG_LOSS, xLabel: 'epoch', yLabel: 'loss (cross-entropy)', name: 'loss-curves' }), 'loss-curves')),
          h('p', { class: 'note' }, `Mean over ${t.curves.length} folds, band: ± 1 population std over the folds with a value at that epoch (a diverged fold stops early). Training loss every epoch; held-out loss at the checkpoints. The mark is the checkpoint with the lowest mean held-out loss when it rises after: descriptive, not a test.`),
        )
      : '',
    note,
    h(
      'section',
      { class: 'card', id: 'folds' },
      h('h2', {}, 'Every fold'),
      h('div', { class: 'scroll-x' }, h('table', { class: 'folds' }, h('thead', {}, h('tr', {}, FOLD_COLUMNS.map(([k]) => h('th', {}, k)))), h('tbody', {}, t.folds.map((f) => h('tr', {}, FOLD_COLUMNS.map(([, v]) => h('td', {}, String(v(f))))))))),
      h('p', { class: 'downloads' }, 'Download these folds: ', downloadLink('/download/folds.csv', { ref: `${t.sweep}/${t.trialKey}` }, 'CSV'), ' · ', downloadLink('/download/folds.json', { ref: `${t.sweep}/${t.trialKey}` }, 'JSON')),
    ),
  );
}

/** The two trials' loss curves overlaid: each its own colour, training dashed, held-out solid, mean over folds with a band. */
function curvesCard(ta, tb, nameA, nameB) {
  const has = (t) => t.curves && t.curves.length > 0;
  const missing = [ta, tb].filter((t) => !has(t)).map((t) => (t === ta ? `a (${nameA})` : `b (${nameB})`));
  return h(
    'section',
    { class: 'card', id: 'compare-curves' },
    h('h2', {}, 'Learning curves, overlaid'),
    has(ta) || has(tb)
      ? h('figure', { class: 'panel', id: 'overlay-curves' }, chartBox((width) => lineChart(overlayCurveSeries({ label: `a ${nameA}`, curves: ta.curves ?? [] }, { label: `b ${nameB}`, curves: tb.curves ?? [] }), { width, metric: LOG_LOSS, xLabel: 'epoch', yLabel: 'loss (cross-entropy)', name: 'compare-curves' }), 'compare-curves'))
      : '',
    h(
      'p',
      { class: 'note' },
      `Each trial in its own colour: training loss dashed (every epoch), held-out loss solid (at the checkpoints); each line the mean over the trial's folds (a: ${ta.curves?.length ?? 0}, b: ${tb.curves?.length ?? 0}), band ± 1 population std over the folds with a value there. A vertical mark is a trial's checkpoint with the lowest mean held-out loss when its loss rises after (descriptive, not a test). Whether the two trials differ is the paired test above, not the gap between the lines.`,
      missing.length ? ` No curve stored for ${missing.join(' and ')} (fits stored before curves were kept, or no fold yet).` : '',
    ),
  );
}

export async function comparePage(ctx, q) {
  const a = q.get('a');
  const b = q.get('b');
  const sweep = (a ?? b ?? '').split('/')[0] || undefined;
  const board = await api('/api/board', sweep ? { sweep } : {});
  if (!ctx.current()) return;
  ctx.setCrumbs(h('a', { href: '#/' }, 'sweeps'), h('a', { href: sweepHref(board.sweep) }, board.sweep), 'compare');
  const meanKey = board.meanKey ?? 'meanPct';
  const boardMetric = chartMetric(board.metric);
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
        h('option', { value: r.trialKey, selected: chosen?.endsWith(`/${r.trialKey}`) || chosen === r.trialKey }, `#${r.text.rank} ${r.trialKey.slice(0, 10)} ${r.values.name ?? ''} (${r.text[meanKey]}${boardMetric.unit})`),
      ),
    );
  ctx.main.append(h('h1', {}, 'Compare two trials'), h('div', { class: 'filters' }, h('label', {}, 'a ', choose('a', a)), h('label', {}, 'b ', choose('b', b))));
  if (!a || !b) return;
  const [cmp, ta, tb] = await Promise.all([api('/api/compare', { a, b }), api('/api/trial', { ref: a, curves: '1' }), api('/api/trial', { ref: b, curves: '1' })]);
  if (!ctx.current()) return;
  const nameA = cmp.aName ?? cmp.a.slice(0, 10);
  const nameB = cmp.bName ?? cmp.b.slice(0, 10);
  // The paired test is on the sweep's metric; percent metrics are shown in points, the others as they are.
  const m = chartMetric(cmp.metric);
  const v = (x) => fromFraction(m, x);
  const shown = (x) => (x === null ? '-' : x.toFixed(m.digits));
  const diffUnit = m.unit === '%' ? `${m.name} points` : m.name;
  const better = m.higherIsBetter ? '' : ' (lower is better: a negative difference favours a)';
  ctx.main.append(
    h(
      'section',
      { class: 'card' },
      h(
        'p',
        { id: 'compare-result' },
        cmp.meanDifference === null
          ? 'No folds that both trials scored.'
          : `a - b (${m.name}${better}): mean difference ${shown(v(cmp.meanDifference))}${m.unit === '%' ? ' points' : ''} over ${cmp.pairs.length} paired folds; corrected resampled t = ${cmp.t === null ? '-' : cmp.t.toFixed(3)}, df = ${cmp.df}, p = ${cmp.p === null ? '-' : cmp.p.toPrecision(3)}`,
      ),
      h('p', { class: 'note' }, 'Nadeau–Bengio corrected resampled paired t-test: the variance (1/k + n_test/n_train) s² allows for the training sets the folds share; the naive test would find differences that are not there.'),
      h(
        'div',
        { class: 'panels' },
        h('div', { class: 'scroll-x' }, h(
          'table',
          {},
          h('thead', {}, h('tr', {}, h('th', {}, 'fold'), h('th', {}, 'repeat'), h('th', {}, `a: ${nameA} ${m.name}${m.unit ? ` ${m.unit}` : ''}`), h('th', {}, `b: ${nameB} ${m.name}${m.unit ? ` ${m.unit}` : ''}`), h('th', {}, 'a - b'))),
          h('tbody', {}, cmp.pairs.map((p) => h('tr', {}, [p.fold, p.repeat, shown(v(p.a)), shown(v(p.b)), shown(v(p.difference))].map((x) => h('td', {}, String(x)))))),
        )),
        h('figure', { class: 'panel', id: 'differences' }, chartBox((width) => differenceChart(cmp.pairs.map((p) => ({ label: cmp.pairs.some((x) => x.repeat > 0) ? `${p.fold}/${p.repeat}` : String(p.fold), value: v(p.difference) })), { width, unit: diffUnit, digits: m.digits, mean: cmp.meanDifference === null ? null : v(cmp.meanDifference) }), 'differences')),
      ),
    ),
    curvesCard(ta, tb, nameA, nameB),
  );
}
