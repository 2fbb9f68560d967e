import type { Command } from 'commander';
import { nestedSweep, type NestedSummary, type OuterFold } from '../api/nested.js';
import { renderListing, type Column } from '../report/formats.js';
import { formatMetric, metricHeader } from '../report/metric-format.js';
import { NESTED_ESTIMATES, nestedInterval, nestedValue } from '../report/nested.js';
import { METRICS } from '../stats/metrics.js';
import { EXIT_STORE_FAULT } from '../store/faults.js';
import { onStopSignals, signalExit } from './signals.js';
import { DB_HELP, FORMATS, MAX_DATA_MB_FLAG, MAX_DATA_MB_HELP, choiceOption, integerOption, invocation, maxDataMbOption } from './options.js';

interface NestedFlags {
  db?: string;
  outer: string;
  workers?: string;
  pack: string;
  format: string;
  maxDataMb?: string;
  quiet?: boolean;
  race?: boolean;
}

export function registerNested(program: Command): void {
  program
    .command('nested')
    .argument('<file>', 'sweep file')
    .description('nested cross-validation: run the sweep on the training rows of each of K outer folds (sweeps NAME-outer-1..K) and score each winner (by the sweep\'s ranking metric) on its outer test fold, stored, so a rerun trains only missing ones; prints a row per outer fold and the honest estimate beside the optimistic top score')
    .option('--db <path>', DB_HELP)
    .option('--outer <k>', 'outer folds', '5')
    .option('--workers <n>', 'worker threads (default: the number of cores)')
    .option('--pack <k>', 'fold fits trained together per task', '20')
    .option('--race', "race each inner sweep (the sweep file's race: settings, else racing's defaults; see dropsweep run --race)")
    .option('--format <fmt>', 'table|json', 'table')
    .option(MAX_DATA_MB_FLAG, `${MAX_DATA_MB_HELP} (default 100)`)
    .option('--quiet', 'no progress lines')
    .action(async (file: string, flags: NestedFlags) => {
      const format = choiceOption('--format', FORMATS, flags.format);
      const outer = integerOption('--outer', flags.outer, 2, 100);
      const say = (line: string) => flags.quiet || !process.stderr.isTTY || process.stderr.write(`${line}\n`);
      const graceful = new AbortController();
      const stopListening = onStopSignals((name) => graceful.abort(name));
      let summary;
      try {
        summary = await nestedSweep(file, {
          db: flags.db,
          outer,
          workers: flags.workers === undefined ? undefined : integerOption('--workers', flags.workers, 1, 256),
          pack: integerOption('--pack', flags.pack, 1, 10_000),
          maxDataMb: maxDataMbOption(flags.maxDataMb),
          ...(flags.race ? { race: true } : {}),
          signal: graceful.signal,
          onStart: (s) => say(`${s.sweep} (${s.note}): ${s.trials} trials x ${s.fitsPerTrial} fold fits, ${s.workers} worker(s)`),
          onNotice: (line) => process.stderr.write(`dropsweep: ${line}\n`),
        });
      } finally {
        stopListening();
      }
      const resume = `${invocation()} nested ${file} --outer ${outer}${flags.race ? ' --race' : ''}${flags.db ? ` --db ${flags.db}` : ''}`;
      if (summary.outcome === 'store-fault') {
        process.stderr.write(`dropsweep: ${summary.stoppedRun?.reason ?? 'store fault'}; stopped, every stored result is kept. Resume with: ${resume}\n`);
        process.exitCode = EXIT_STORE_FAULT;
        return;
      }
      if (summary.outcome !== 'completed') {
        process.stderr.write(`interrupted (${summary.stoppedRun?.reason ?? summary.outcome}); resume with: ${resume}\n`);
        process.exitCode = signalExit(summary.stoppedRun?.reason ?? 'SIGINT');
        return;
      }
      if (format === 'json') {
        process.stdout.write(`${JSON.stringify(summary, (k, v: unknown) => (k === 'stoppedRun' ? undefined : v))}\n`);
        return;
      }
      const table = renderListing(summary.folds, outerColumns(summary), 'table');
      process.stdout.write(`${table}\n${nestedLines(summary).join('\n')}\n`);
    });
}

/** One row per outer fold: its inner sweep and winner, the winner's inner and outer scores, every outer metric, the kernel. */
function outerColumns(n: NestedSummary): Column<OuterFold>[] {
  const unit = n.percent ? ' %' : '';
  const score = (v: number | null) => (v === null ? '-' : n.percent ? v.toFixed(2) : v.toFixed(4));
  return [
    { key: 'outerFold', header: 'outer', value: (f) => f.outerFold + 1 },
    { key: 'sweep', header: 'inner sweep', value: (f) => f.sweep },
    { key: 'winner', header: 'winner', value: (f) => f.winner, text: (f) => f.winner.slice(0, 10) },
    { key: 'innerScore', header: `inner ${n.metric}${unit}`, value: (f) => f.innerScore, text: (f) => score(f.innerScore) },
    { key: 'outerScore', header: `outer ${n.metric}${unit}`, value: (f) => f.outerScore, text: (f) => `${score(f.outerScore)}${f.diverged ? ' (diverged)' : ''}` },
    { key: 'testRows', header: 'test rows', value: (f) => f.testRows },
    ...METRICS.filter((m) => m !== n.metric).map((m) => ({ key: m, header: metricHeader(m), value: (f: OuterFold) => f.metrics[m], text: (f: OuterFold) => formatMetric(m, f.metrics[m]) })),
    { key: 'backend', header: 'kernel', value: (f) => f.backend },
  ];
}

/** The lines under the table: the estimate with its interval, the optimistic number, the method, the fits trained. */
function nestedLines(n: NestedSummary): string[] {
  const e = n.estimate;
  const lines = [];
  if (e) {
    lines.push(`nested estimate of ${n.metric} (${NESTED_ESTIMATES}): ${nestedValue(n, e.mean)}, 95% interval ${nestedInterval(n, e)} over ${e.cells} outer folds`);
  } else lines.push(`no nested estimate: fewer than 2 outer folds have ${n.metric} defined`);
  if (n.optimistic !== null && e) {
    const gap = n.optimistic - e.mean;
    lines.push(`optimistic top score (mean of the inner winners' sweep scores): ${nestedValue(n, n.optimistic)}, ${Math.abs(gap).toFixed(n.percent ? 2 : 4)} ${n.percent ? 'points ' : ''}${gap >= 0 ? 'above' : 'below'} the estimate`);
  }
  lines.push(`method: ${n.method}`);
  lines.push(`outer fits: ${n.outerFitsTrained} trained now, ${n.outerFitsReused} stored before`);
  return lines;
}
