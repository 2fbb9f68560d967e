import type { Command } from 'commander';
import { openResults } from '../api/results.js';
import { runSweep } from '../api/run.js';
import { ENGINES, DEFAULT_ENGINE } from '../engine/train.js';
import { DEFAULT_LEASE_SECONDS, DEFAULT_STORE_TIMEOUT_SECONDS } from '../runner/sweep-run.js';
import { EXIT_STORE_FAULT } from '../store/faults.js';
import { shownLocation } from '../store/location.js';
import { printTopOfLeaderboard } from './leaderboard.js';
import { DB_HELP, MAX_DATA_MB_FLAG, MAX_DATA_MB_HELP, choiceOption, integerOption, invocation, maxDataMbOption } from './options.js';
import { createProgress, type Progress } from './progress.js';
import { onStopSignals, signalExit } from './signals.js';

interface RunFlags {
  db?: string;
  workers?: string;
  pack: string;
  backend?: string;
  engine?: string;
  extend?: boolean;
  new?: boolean;
  retryFailed?: boolean;
  race?: boolean;
  maxAttempts: string;
  leaseSeconds: string;
  storeTimeout: string;
  maxDataMb?: string;
  quiet?: boolean;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run (or resume) a sweep file; every fold result goes to the database as it finishes')
    .argument('<file>', 'sweep file (YAML or JSON)')
    .option('--db <path>', DB_HELP)
    .option('--workers <n>', 'worker threads (default: the number of cores)')
    .option('--pack <k>', 'fold fits trained together per task', '20')
    .option('--backend <name>', 'tfjs engine only: tensorflow|wasm|cpu (default: the fastest that loads)')
    .option('--engine <name>', `training engine: ${ENGINES.join('|')} (default: the sweep file's, else ${DEFAULT_ENGINE})`)
    .option('--extend', 'the sweep file changed: add its new trials, keep the old results')
    .option('--new', 'the sweep file changed: start a separate sweep under a new name')
    .option('--retry-failed', 'run failed trials again')
    .option('--race', "fold-level racing: stop trials clearly worse than the best complete one (the sweep file's race: settings, else minFolds 3, alpha 0.05)")
    .option('--max-attempts <n>', 'tries per trial before it is marked failed', '3')
    .option('--lease-seconds <s>', 'a runner silent this long loses its trials to other runners', String(DEFAULT_LEASE_SECONDS))
    .option('--store-timeout <s>', 'how long to keep retrying a locked or unreachable database before stopping', String(DEFAULT_STORE_TIMEOUT_SECONDS))
    .option(MAX_DATA_MB_FLAG, `${MAX_DATA_MB_HELP} (default 100)`)
    .option('--quiet', 'no progress output')
    .action(async (file: string, flags: RunFlags) => {
      const say = (line: string) => flags.quiet || process.stderr.write(`${line}\n`);
      let progress: Progress | undefined;
      const graceful = new AbortController();
      const now = new AbortController();
      let signals = 0;
      const onSignal = (name: NodeJS.Signals) => {
        signals++;
        if (signals === 1) graceful.abort(name);
        else {
          // Leases go back synchronously inside stopNow, so no trial is left `running`.
          now.abort(name);
          process.stderr.write(`\ndropsweep: ${name} again: exiting now; unfinished trials are pending again\n`);
          process.exitCode = signalExit(name);
        }
      };
      const stopListening = onStopSignals(onSignal);
      let summary;
      try {
        summary = await runSweep(file, {
          db: flags.db,
          workers: flags.workers === undefined ? undefined : integerOption('--workers', flags.workers, 1, 256),
          pack: integerOption('--pack', flags.pack, 1, 10_000),
          engine: flags.engine === undefined ? undefined : choiceOption('--engine', ENGINES, flags.engine),
          backend: flags.backend,
          extend: flags.extend,
          new: flags.new,
          retryFailed: flags.retryFailed,
          race: flags.race,
          maxAttempts: integerOption('--max-attempts', flags.maxAttempts, 1, 100),
          leaseSeconds: integerOption('--lease-seconds', flags.leaseSeconds, 2, 86_400),
          storeTimeoutSeconds: integerOption('--store-timeout', flags.storeTimeout, 0, 86_400),
          maxDataMb: maxDataMbOption(flags.maxDataMb),
          signal: graceful.signal,
          stopNow: now.signal,
          onStart: (s) => {
            say(`${s.note}: ${s.trials} trials x ${s.fitsPerTrial} fold fits, ${s.workers} worker(s), engine ${s.engine}, backend ${s.backend}, db ${s.db}${s.race ? `, racing (minFolds ${s.race.minFolds}, alpha ${s.race.alpha})` : ''}`);
            progress = createProgress({ label: s.sweep, unit: 'fits', total: s.fitsTotal, startAt: s.fitsDone, quiet: flags.quiet, plainEveryMs: 60_000 });
          },
          onProgress: (p) => {
            const notes = [
              ...(p.waitingOn ? [`waiting on ${p.waitingOn.reduce((n, w) => n + w.trials, 0)} trial(s) leased by ${p.waitingOn.map((w) => w.owner).join(', ')}`] : []),
              ...(p.best === null ? [] : [`best ${(p.best * 100).toFixed(2)}%`]),
              ...(p.trialsFailedThisRun ? [`failed ${p.trialsFailedThisRun}`] : []),
              ...(p.trialsPrunedThisRun ? [`pruned ${p.trialsPrunedThisRun}`] : []),
            ];
            progress?.update(p.fitsDone, notes.join('  '));
          },
          onStopping: (reason, inFlight) => {
            progress?.finish();
            process.stderr.write(`\nstopping (${reason}): storing what finishes within 5 s (${inFlight} pack(s) in flight); ${reason === 'SIGINT' ? 'Ctrl-C' : reason} again to quit at once\n`);
          },
          onNotice: (line) => {
            progress?.finish();
            process.stderr.write(`dropsweep: ${line}\n`);
          },
        });
      } finally {
        stopListening();
        progress?.finish();
      }
      if (now.signal.aborted) return;

      const share = `this runner: ${summary.trialsThisRun} trial(s), ${summary.fitsThisRun} fold fits in ${summary.seconds.toFixed(1)} s (${(summary.fitsThisRun / Math.max(summary.seconds, 1e-9)).toFixed(2)} fits/s)`;
      const lost = summary.leasesLost ? `; lost ${summary.leasesLost} lease(s) to other runners, ${summary.fitsFenced} fold fits refused` : '';
      const resume = `${invocation()} run ${file}${flags.db ? ` --db ${shownLocation(flags.db)}` : ''}`;
      if (summary.startUp) {
        const { stage, trialsWritten, trialsPlanned } = summary.startUp;
        const written = stage === 'writing the plan' ? ` (${trialsWritten} of ${trialsPlanned} trials written; the next run writes the rest)` : '';
        process.stderr.write(`interrupted (${summary.reason}) while ${stage}${written}; nothing was trained.\nResume with: ${resume}\n`);
        process.exitCode = signalExit(summary.reason);
        return;
      }
      if (summary.outcome === 'store-fault' || !summary.totals) {
        process.stderr.write(`dropsweep: ${summary.reason}; stopped, ${summary.fitsLost} fold fits in flight were lost, every stored result is kept. Resume with: ${resume}\n`);
        process.exitCode = EXIT_STORE_FAULT;
        return;
      }
      const t = summary.totals;
      const totals = `sweep ${summary.sweep}: ${t.done}/${t.trials} trials done, ${t.fitsDone}/${t.fitsTotal} fold fits stored${t.failed ? `, ${t.failed} failed` : ''}${t.pruned ? `, ${t.pruned} pruned by racing (${t.fitsSaved} fold fits saved)` : ''}`;
      if (summary.outcome === 'interrupted') {
        const unsaved = summary.fitsLost ? `; ${summary.fitsLost} finished fold fits could not be stored (the database stayed locked)` : '';
        process.stderr.write(`interrupted (${summary.reason}): ${totals}; ${share}${lost}${unsaved}.\nResume with: ${resume}\n`);
        process.exitCode = signalExit(summary.reason);
        return;
      }
      say(`done: ${totals}; ${share}${lost}${t.failed ? ` (see ${invocation()} status; --retry-failed runs them again)` : ''}`);
      if (!flags.quiet) {
        const results = await openResults(summary.db);
        try {
          await printTopOfLeaderboard(results, summary.sweep, flags.db);
        } finally {
          await results.close();
        }
      }
      if (t.failed) process.exitCode = 1;
    });
}
