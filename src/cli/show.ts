import type { Command } from 'commander';
import { SHOW_OPTIONS } from '../api/options/results.js';
import type { CurveRow, FoldRow, TrialDetail } from '../api/results.js';
import type { LearningCurve } from '../engine/model.js';
import { curvesText } from '../report/curve-text.js';
import { formatMetricWithUnit } from '../report/metric-format.js';
import { METRICS, type MetricName } from '../stats/metrics.js';
import { fixed, renderListing, type Column } from '../report/formats.js';
import { addOptions, readFlags } from './flags.js';
import { pct, reading } from './reading.js';

const foldColumns: Column<FoldRow>[] = [
  { key: 'fold', header: 'fold', value: (r) => r.fold },
  { key: 'repeat', header: 'repeat', value: (r) => r.repeat },
  { key: 'accuracy', header: 'accuracy %', value: (r) => r.accuracy, text: (r) => fixed(2)(r.accuracy === null ? null : r.accuracy * 100) },
  { key: 'loss', header: 'held-out loss', value: (r) => r.loss, text: (r) => fixed(4)(r.loss) },
  { key: 'trainLoss', header: 'train loss', value: (r) => r.trainLoss, text: (r) => fixed(4)(r.trainLoss) },
  { key: 'epochsRun', header: 'epochs', value: (r) => r.epochsRun },
  { key: 'diverged', header: 'diverged', value: (r) => r.diverged, text: (r) => (r.diverged ? 'yes' : 'no') },
  { key: 'seconds', header: 'seconds', value: (r) => r.seconds, text: (r) => fixed(2)(r.seconds) },
  { key: 'engine', header: 'engine', value: (r) => r.engine },
  { key: 'backend', header: 'backend', value: (r) => r.backend },
  { key: 'seed', header: 'seed', value: (r) => r.seed },
];

export function registerShow(program: Command): void {
  const command = program
    .command('show')
    .description('one trial: its configuration, every fold and its timings')
    .argument('<trial>', 'trial key, a unique prefix of it, or SWEEP/KEY');
  addOptions(command, SHOW_OPTIONS).action(async (ref: string, raw: Record<string, unknown>) => {
    const flags = readFlags(SHOW_OPTIONS, raw);
    const t = await reading(flags.db, (results) => results.trial(ref, { sweep: flags.sweep, metric: flags.metric, curves: flags.curves }));
    if (flags.format === 'json') {
      process.stdout.write(`${JSON.stringify(t)}\n`);
      return;
    }
    // Sparklines only on a terminal, as wide as it is; a pipe or file gets the table alone.
    const width = process.stdout.isTTY ? process.stdout.columns || 80 : 0;
    process.stdout.write(trialText(t) + (t.curves ? `${curvesText(t.curves.map(storedCurve), t.metric, width)}\n` : ''));
  });
}

/** A trial as `show` prints it: the configuration, when it ran, its folds and their mean. */
export function trialText(t: TrialDetail): string {
  const c = t.config;
  return (
    `trial ${t.trialKey}${t.name ? ` (${t.name})` : ''} in sweep ${t.sweep}: ${t.state}, ${t.attempts} failed attempt(s)\n` +
    `  placement ${c.placement}, dropout ${c.dropout}, max-norm ${c.maxNorm ?? 'none'}, lr ${c.lr}, momentum ${c.momentum}, ` +
    `epochs ${c.epochs}, batch ${c.batchSize}, hidden ${c.hidden.join('-')}\n` +
    `  started ${t.startedAt ?? '-'}, finished ${t.finishedAt ?? '-'}, training ${t.trainingSeconds.toFixed(1)} s\n` +
    `  data ${t.data} (sha256 ${t.dataSha256 ?? 'not recorded'}), split seed ${t.seed}, ${t.foldsPlanned} fold fits planned\n` +
    (t.error ? `  last error: ${t.error}\n` : '') +
    (t.note !== null ? `  note (${t.noteAt}): ${t.note.replace(/\n/g, '\n    ')}\n` : '') +
    `${renderListing(t.folds, foldColumns, 'table')}\n` +
    `accuracy ${pct(t.meanAccuracy)}% (${pct(t.stdAccuracy)}%) over ${t.folds.filter((f) => f.accuracy !== null).length} scored of ${t.foldsPlanned} folds\n` +
    metricsLine(t)
  );
}

/** The other metrics' means (std) over the folds that scored them, the ranking one first; nothing for fits stored before they were kept. */
function metricsLine(t: TrialDetail): string {
  const names = [t.metric, ...METRICS.filter((m) => m !== t.metric)].filter((m) => m !== 'accuracy' && t.metrics[m].scored > 0);
  if (names.length === 0) return '';
  const one = (m: MetricName) => `${m}${m === t.metric ? ' (ranked by)' : ''} ${formatMetricWithUnit(m, t.metrics[m].mean!)} (${formatMetricWithUnit(m, t.metrics[m].std!)})`;
  return `${names.map(one).join(', ')}: mean (population std) over the folds scored\n`;
}

/** A curve as JSON carries it back to arrays for the text renderers (null is NaN). */
function storedCurve(c: CurveRow): LearningCurve {
  const floats = (a: (number | null)[]) => Float32Array.from(a, (v) => v ?? NaN);
  return {
    trainLoss: floats(c.trainLoss),
    epochs: Int32Array.from(c.epochs),
    heldOut: Object.fromEntries(METRICS.map((m) => [m, floats(c.heldOut[m])])) as LearningCurve['heldOut'],
  };
}
