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
    .description('re-run the top K complete trials of a sweep with new training seeds on the same folds (sweep NAME-confirm), and rank them over all the new repeats')
    .option('--db <path>', DB_HELP)
    .option('--sweep <name>', 'sweep name (default: the most recent)')
    .option('--top <k>', 'how many of the best complete trials', '5')
    .option('--repeats <r>', 'new training seeds per trial', '3')
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
          onStart: (s) => say(`${s.note}: ${s.trials} trials x ${s.fitsPerTrial} fold fits (new training seeds, the same folds), ${s.workers} worker(s), db ${s.db}`),
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
        process.stdout.write(`${JSON.stringify({ source: summary.source, sweep: summary.sweep, picked: summary.picked, ranking: summary.ranking })}\n`);
        return;
      }
      const results = await openResults(run.db);
      try {
        const { board } = await results.board({ sweep: summary.sweep });
        const columns = leaderboardColumns(board).filter((c) => c.key !== 'p' && c.key !== 'ci95High');
        const was = new Map(summary.picked.map((p) => [p.trialKey, p]));
        process.stdout.write(`${renderListing(board.rows, columns, 'table')}\n`);
        process.stdout.write(`sweep ${summary.sweep}: the top ${summary.picked.length} of ${summary.source}, ranked over ${run.totals?.fitsTotal ?? 0} fold fits of new seeds on the same folds\n`);
        for (const r of board.rows) {
          const p = was.get(r.trialKey);
          if (p) process.stdout.write(`  ${r.trialKey.slice(0, 10)}: rank ${p.rank} (${p.mean?.toFixed(2) ?? '-'}%) in ${summary.source} -> rank ${r.rank ?? '-'} (${r.mean?.toFixed(2) ?? '-'}%) confirmed${r.likeBest ? ', ~best' : ''}\n`);
        }
      } finally {
        await results.close();
      }
    });
}
