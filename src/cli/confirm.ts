import type { Command } from 'commander';
import { confirmSweep, type ConfirmSummary } from '../api/confirm.js';
import { PERCENT } from '../report/metric-format.js';
import { METRIC_DIRECTION } from '../stats/metrics.js';
import { openResults } from '../api/results.js';
import { leaderboardColumns } from '../report/leaderboard-columns.js';
import { renderListing } from '../report/formats.js';
import { EXIT_STORE_FAULT } from '../store/faults.js';
import { onStopSignals, signalExit } from './signals.js';
import { DB_HELP, FORMATS, MAX_DATA_MB_FLAG, MAX_DATA_MB_HELP, choiceOption, integerOption, invocation, maxDataMbOption } from './options.js';

interface ConfirmFlags {
  db?: string;
  sweep?: string;
  top: string;
  repeats: string;
  workers?: string;
  pack: string;
  format: string;
  maxDataMb?: string;
  quiet?: boolean;
}

export function registerConfirm(program: Command): void {
  program
    .command('confirm')
    .description('re-run the top K complete trials of a sweep on R new random splits with new training seeds (sweep NAME-confirm; other --top/--repeats make NAME-confirm-2, ...), and report each one\'s confirmed mean with the corrected repeated k-fold interval')
    .option('--db <path>', DB_HELP)
    .option('--sweep <name>', 'sweep name (default: the most recent one that is not a confirmation or an inner sweep of nested)')
    .option('--top <k>', 'how many of the best complete trials', '5')
    .option('--repeats <r>', 'new random splits (each with new training seeds) per trial', '3')
    .option('--workers <n>', 'worker threads (default: the number of cores)')
    .option('--pack <k>', 'fold fits trained together per task', '20')
    .option('--format <fmt>', 'table|json', 'table')
    .option(MAX_DATA_MB_FLAG, `${MAX_DATA_MB_HELP} (default 100)`)
    .option('--quiet', 'no progress lines')
    .action(async (flags: ConfirmFlags) => {
      const format = choiceOption('--format', FORMATS, flags.format);
      const say = (line: string) => flags.quiet || process.stderr.write(`${line}\n`);
      const graceful = new AbortController();
      const stopListening = onStopSignals((name) => graceful.abort(name));
      let summary;
      try {
        summary = await confirmSweep(flags.sweep, {
          db: flags.db,
          top: integerOption('--top', flags.top, 1, 1000),
          repeats: integerOption('--repeats', flags.repeats, 1, 100),
          workers: flags.workers === undefined ? undefined : integerOption('--workers', flags.workers, 1, 256),
          pack: integerOption('--pack', flags.pack, 1, 10_000),
          maxDataMb: maxDataMbOption(flags.maxDataMb),
          signal: graceful.signal,
          onStart: (s) => say(`${s.note}: ${s.trials} trials x ${s.fitsPerTrial} fold fits (new splits, new training seeds), ${s.workers} worker(s), db ${s.db}`),
          onNotice: (line) => process.stderr.write(`dropsweep: ${line}\n`),
        });
      } finally {
        stopListening();
      }
      const { run } = summary;
      if (run.outcome === 'store-fault') {
        process.stderr.write(`dropsweep: ${run.reason}; stopped, every stored result is kept. Resume with: ${invocation()} confirm --sweep ${summary.source}\n`);
        process.exitCode = EXIT_STORE_FAULT;
        return;
      }
      if (run.outcome === 'interrupted') {
        process.stderr.write(`interrupted (${run.reason}); resume with: ${invocation()} confirm --sweep ${summary.source} --top ${flags.top} --repeats ${flags.repeats}\n`);
        process.exitCode = signalExit(run.reason);
        return;
      }
      if (format === 'json') {
        process.stdout.write(`${JSON.stringify({ source: summary.source, sweep: summary.sweep, metric: summary.metric, splitSeeds: summary.splitSeeds, method: summary.method, picked: summary.picked, confirmed: summary.confirmed, ranking: summary.ranking })}\n`);
        return;
      }
      const results = await openResults(run.db);
      try {
        const { board } = await results.board({ sweep: summary.sweep, metric: summary.metric });
        const columns = leaderboardColumns(board).filter((c) => c.key !== 'p' && c.key !== 'ci95High');
        process.stdout.write(`${renderListing(board.rows, columns, 'table')}\n`);
      } finally {
        await results.close();
      }
      process.stdout.write(`sweep ${summary.sweep}: the top ${summary.picked.length} of ${summary.source} on ${summary.splitSeeds.length} new split(s) (seeds ${summary.splitSeeds.join(', ')}), new training seeds\n`);
      for (const line of confirmedLines(summary)) process.stdout.write(`${line}\n`);
    });
}

/** The confirmed table as text: each trial's sweep score and its confirmed mean with the interval, in the metric's unit. */
export function confirmedLines(summary: ConfirmSummary): string[] {
  const m = summary.metric;
  const percent = PERCENT.has(m);
  const unit = percent ? '%' : '';
  const f = (x: number | null) => (x === null ? '-' : x.toFixed(percent ? 2 : 4));
  const what = m === 'accuracy' ? 'confirmed %' : `confirmed ${m}${percent ? ' %' : ''}${METRIC_DIRECTION[m] === 'lower' ? ' (lower is better)' : ''}`;
  const change = (drop: number | null) => {
    if (drop === null) return '';
    if (Math.abs(drop) < (percent ? 0.005 : 0.00005)) return ', unchanged';
    // For accuracy-like metrics, worse is lower; for log loss, worse is higher.
    if (percent) return `, ${drop > 0 ? 'fell' : 'rose'} ${Math.abs(drop).toFixed(2)} points`;
    return `, ${drop > 0 ? 'worse' : 'better'} by ${Math.abs(drop).toFixed(4)}`;
  };
  return [
    `${what}: mean over the new cells; 95% interval: ${summary.method}`,
    ...summary.confirmed.map(
      (c) => `  ${c.trialKey.slice(0, 10)}: rank ${c.sweepRank} (${f(c.sweepMean)}${unit}) in ${summary.source} -> confirmed ${f(c.mean)}${unit} [${f(c.low)}, ${f(c.high)}] over ${c.cells} cells${change(c.drop)}`,
    ),
  ];
}
