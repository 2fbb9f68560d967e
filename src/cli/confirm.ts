import type { Command } from 'commander';
import { confirmSweep } from '../api/confirm.js';
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
    .option('--sweep <name>', 'sweep name (default: the most recent)')
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
        process.stdout.write(`${JSON.stringify({ source: summary.source, sweep: summary.sweep, splitSeeds: summary.splitSeeds, method: summary.method, picked: summary.picked, confirmed: summary.confirmed, ranking: summary.ranking })}\n`);
        return;
      }
      const results = await openResults(run.db);
      try {
        const { board } = await results.board({ sweep: summary.sweep });
        const columns = leaderboardColumns(board).filter((c) => c.key !== 'p' && c.key !== 'ci95High');
        process.stdout.write(`${renderListing(board.rows, columns, 'table')}\n`);
      } finally {
        await results.close();
      }
      const f = (x: number | null) => (x === null ? '-' : x.toFixed(2));
      process.stdout.write(`sweep ${summary.sweep}: the top ${summary.picked.length} of ${summary.source} on ${summary.splitSeeds.length} new split(s) (seeds ${summary.splitSeeds.join(', ')}), new training seeds\n`);
      process.stdout.write(`confirmed %: mean over the new cells; 95% interval: ${summary.method}\n`);
      for (const c of summary.confirmed) {
        const drop = c.dropPct === null ? '' : Math.abs(c.dropPct) < 0.005 ? ', unchanged' : `, ${c.dropPct > 0 ? 'fell' : 'rose'} ${Math.abs(c.dropPct).toFixed(2)} points`;
        process.stdout.write(`  ${c.trialKey.slice(0, 10)}: rank ${c.sweepRank} (${f(c.sweepMeanPct)}%) in ${summary.source} -> confirmed ${f(c.meanPct)}% [${f(c.lowPct)}, ${f(c.highPct)}] over ${c.cells} cells${drop}\n`);
      }
    });
}
