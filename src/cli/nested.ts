import type { Command } from 'commander';
import { nestedSweep } from '../api/nested.js';
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
}

export function registerNested(program: Command): void {
  program
    .command('nested')
    .argument('<file>', 'sweep file')
    .description('nested cross-validation: run the sweep on the training rows of each of K outer folds (sweeps NAME-outer-1..K) and score each winner on its outer test fold; prints the honest estimate beside the optimistic top score')
    .option('--db <path>', DB_HELP)
    .option('--outer <k>', 'outer folds', '5')
    .option('--workers <n>', 'worker threads (default: the number of cores)')
    .option('--pack <k>', 'fold fits trained together per task', '20')
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
          signal: graceful.signal,
          onStart: (s) => say(`${s.sweep} (${s.note}): ${s.trials} trials x ${s.fitsPerTrial} fold fits, ${s.workers} worker(s)`),
          onNotice: (line) => process.stderr.write(`dropsweep: ${line}\n`),
        });
      } finally {
        stopListening();
      }
      const resume = `${invocation()} nested ${file} --outer ${outer}${flags.db ? ` --db ${flags.db}` : ''}`;
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
      const f = (x: number | null) => (x === null ? 'diverged' : `${x.toFixed(2)}%`);
      for (const o of summary.folds) process.stdout.write(`  ${o.sweep}: winner ${o.winner.slice(0, 10)}, ${f(o.innerMeanPct)} in its sweep, ${f(o.outerPct)} on ${o.testRows} outer test rows\n`);
      const e = summary.estimate!;
      process.stdout.write(`nested estimate of "sweep ${summary.sweep}, take the top": ${e.meanPct.toFixed(2)}% [${e.lowPct.toFixed(2)}, ${e.highPct.toFixed(2)}] over ${summary.outer} outer folds\n`);
      const gap = summary.optimisticPct! - e.meanPct;
      process.stdout.write(`optimistic top score (mean of the inner winners' sweep scores): ${summary.optimisticPct!.toFixed(2)}%, ${Math.abs(gap).toFixed(2)} points ${gap >= 0 ? 'above' : 'below'} it\n`);
      process.stdout.write(`method: ${summary.method}\n`);
    });
}
