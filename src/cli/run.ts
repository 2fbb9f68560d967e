import type { Command } from 'commander';
import { openResults } from '../api/results.js';
import { RUN_OPTIONS } from '../api/options/run.js';
import { runSweepChecked, type RunSweepSummary } from '../api/run.js';
import { EXIT_STORE_FAULT, fileWentAway } from '../store/faults.js';
import { shownLocation } from '../store/location.js';
import { printTopOfLeaderboard } from './leaderboard.js';
import { addOptions, libraryPart, readFlags, type FlagValues } from './flags.js';
import { invocation } from './options.js';
import { createProgress, type Progress } from './progress.js';
import { onStopSignals, signalExit } from './signals.js';
import { formatMetricWithUnit } from '../report/metric-format.js';
import type { MetricName } from '../stats/metrics.js';
import { testsOf } from '../sweep/racing.js';

type RunFlags = FlagValues<typeof RUN_OPTIONS>;

export function registerRun(program: Command): void {
  const command = program
    .command('run')
    .description('run (or resume) a sweep file; every fold result goes to the database as it finishes')
    .argument('<file>', 'sweep file (YAML or JSON)');
  addOptions(command, RUN_OPTIONS).action(async (file: string, raw: Record<string, unknown>) => {
    const flags = readFlags(RUN_OPTIONS, raw);
    const { summary, stoppedNow, raced } = await runWithSignals(file, flags);
    if (!stoppedNow) await printOutcome(file, flags, summary, raced);
  });
}

/** Runs the sweep with progress on stderr: a first signal stops gracefully, a second at once. */
async function runWithSignals(file: string, flags: RunFlags): Promise<{ summary: RunSweepSummary; stoppedNow: boolean; raced: boolean }> {
  let raced = false;
  let metric: MetricName = 'accuracy';
  const say = (line: string) => flags.quiet || process.stderr.write(`${line}\n`);
  let progress: Progress | undefined;
  const graceful = new AbortController();
  const now = new AbortController();
  let signals = 0;
  const stopListening = onStopSignals((name: NodeJS.Signals) => {
    signals++;
    if (signals === 1) graceful.abort(name);
    else {
      // Leases go back synchronously inside stopNow, so no trial is left `running`.
      now.abort(name);
      process.stderr.write(`\ndropsweep: ${name} again: exiting now; unfinished trials are pending again\n`);
      process.exitCode = signalExit(name);
    }
  });
  try {
    const summary = await runSweepChecked(file, {
      ...libraryPart(RUN_OPTIONS, flags),
      signal: graceful.signal,
      stopNow: now.signal,
      onStart: (s) => {
        raced = s.race !== null;
        metric = s.metric;
        say(`${s.note}: ${s.trials} trials x ${s.fitsPerTrial} fold fits, ${s.workers} worker(s), engine ${s.engine}, backend ${s.backend}, db ${s.db}${s.race ? `, racing (minFolds ${s.race.minFolds}, tests ${testsOf(s.race)}, alpha ${s.race.alpha})` : ''}`);
        progress = createProgress({ label: s.sweep, unit: 'fits', total: s.fitsTotal, startAt: s.fitsDone, quiet: flags.quiet, plainEveryMs: 60_000 });
      },
      onProgress: (p) => {
        const notes = [
          ...(p.waitingOn ? [`waiting on ${p.waitingOn.reduce((n, w) => n + w.trials, 0)} trial(s) leased by ${p.waitingOn.map((w) => w.owner).join(', ')}`] : []),
          ...(p.best === null ? [] : [`best ${formatMetricWithUnit(metric, p.best)}${metric === 'accuracy' ? '' : ` ${metric}`}`]),
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
    return { summary, stoppedNow: now.signal.aborted, raced };
  } finally {
    stopListening();
    progress?.finish();
  }
}

/**
 * The run's end: a stopped run says how to resume; a finished one prints its totals and the top
 * of the leaderboard. `--quiet` silences progress only: the totals and the table are the result.
 */
async function printOutcome(file: string, flags: RunFlags, summary: RunSweepSummary, raced: boolean): Promise<void> {
  const share = `this runner: ${summary.trialsThisRun} trial(s), ${summary.fitsThisRun} fold fits in ${summary.seconds.toFixed(1)} s (${(summary.fitsThisRun / Math.max(summary.seconds, 1e-9)).toFixed(2)} fits/s)`;
  const lost = summary.leasesLost ? `; lost ${summary.leasesLost} lease(s) to other runners, ${summary.fitsFenced} fold fits refused` : '';
  // A raced sweep resumes raced whatever the flag (its race settings are stored with it, api/run.ts);
  // --race stays in the hint so it reads as it was typed, and the hint says so.
  const resume = `${invocation()} run ${file}${flags.db ? ` --db ${shownLocation(flags.db)}` : ''}${flags.race ? ' --race' : ''}${raced ? '\n(it resumes raced, with or without --race: its race settings are stored with the sweep)' : ''}`;
  if (summary.startUp) {
    const { stage, trialsWritten, trialsPlanned } = summary.startUp;
    const written = stage === 'writing the plan' ? ` (${trialsWritten} of ${trialsPlanned} trials written; the next run writes the rest)` : '';
    process.stderr.write(`interrupted (${summary.reason}) while ${stage}${written}; nothing was trained.\nResume with: ${resume}\n`);
    process.exitCode = signalExit(summary.reason);
    return;
  }
  if (summary.outcome === 'store-fault' || !summary.totals) {
    const kept = fileWentAway(summary.reason) ? 'the results it had stored went with that file' : 'every stored result is kept';
    process.stderr.write(`dropsweep: ${summary.reason}; stopped, ${summary.fitsLost} fold fits in flight were lost, ${kept}. Resume with: ${resume}\n`);
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
  process.stderr.write(`done: ${totals}; ${share}${lost}${t.failed ? ` (see ${invocation()} status; --retry-failed runs them again)` : ''}\n`);
  const results = await openResults(summary.db);
  try {
    await printTopOfLeaderboard(results, summary.sweep, flags.db);
  } finally {
    await results.close();
  }
  if (t.failed) process.exitCode = 1;
}
