import { ENGINES, DEFAULT_ENGINE } from '../../engine/train.js';
import { DEFAULT_LEASE_SECONDS, DEFAULT_STORE_TIMEOUT_SECONDS } from '../../runner/sweep-run.js';
import type { RaceSettings } from '../../sweep/racing.js';
import { backend, kernel, db, format, maxDataMb, pack, quiet, workers } from './common.js';
import { abortSignal, callback, choice, custom, flag, integer, libraryOnly } from './declare.js';

/** `runSweep`'s options and the run command's flags. */
export const RUN_OPTIONS = {
  db,
  workers,
  pack,
  backend,
  kernel,
  engine: choice(ENGINES, { arg: '<name>', help: `training engine: ${ENGINES.join('|')}`, defaultText: `the sweep file's, else ${DEFAULT_ENGINE}` }),
  extend: flag({ help: 'the sweep file changed: add its new trials, keep the old results' }),
  new: flag({ help: 'the sweep file changed: start a separate sweep under a new name' }),
  retryFailed: flag({ help: 'run failed trials again' }),
  race: custom<boolean | RaceSettings, { help: string }>(
    () => ({ value: true }),
    (v) => (typeof v === 'boolean' || (typeof v === 'object' && v !== null && !Array.isArray(v)) ? null : `${JSON.stringify(v)} is neither true, false nor { minFolds, tests, alpha, stopDiverged }`),
    {
      help: "fold-level racing: stop trials clearly worse than the best complete one (the sweep file's race: settings, else up to 3 tests from 2 folds on at a family-wise alpha of 0.05); a sweep that raced once always resumes raced",
    },
  ),
  maxAttempts: integer(1, 100, { arg: '<n>', help: 'tries per trial before it is marked failed', default: 3 }),
  leaseSeconds: integer(2, 86_400, { arg: '<s>', help: 'a runner silent this long loses its trials to other runners', default: DEFAULT_LEASE_SECONDS }),
  storeTimeoutSeconds: integer(0, 86_400, {
    arg: '<s>',
    flag: '--store-timeout',
    help: 'how long to keep retrying a locked or unreachable database before stopping',
    default: DEFAULT_STORE_TIMEOUT_SECONDS,
  }),
  maxDataMb,
  graceSeconds: libraryOnly(integer(0, 3_600, { help: 'how long a stop waits for packs in flight', default: 5 })),
  quiet,
  signal: abortSignal("aborting stops the run gracefully (its reason, e.g. 'SIGINT', is reported)"),
  stopNow: abortSignal('aborting gives every lease back at once and ends the run without waiting'),
  onStart: callback('called once the sweep is found or made, with what will run (RunStart)'),
  onProgress: callback('called as packs are stored, with the sweep-wide progress (SweepProgress)'),
  onStopping: callback('called when a stop begins, with its reason and the packs in flight'),
  onNotice: callback('called with a line the user should know mid-run (a lost lease, a locked database)'),
};

/** `planSweep`'s options and the plan command's flags. */
export const PLAN_OPTIONS = {
  workers: { ...workers, help: 'workers to estimate for' },
  db: { ...db, help: 'database (file or postgresql:// URL) to read measured speed from (default: $DROPSWEEP_DB, else results/dropsweep.sqlite)' },
  format,
  maxDataMb,
  outer: integer(2, 100, { arg: '<k>', help: 'also state the cost of nested cross-validation with k outer folds (dropsweep nested --outer k)' }),
};
