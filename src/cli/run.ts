import type { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { UserError } from '../errors.js';
import { resolveDataset } from '../data/registry.js';
import { stratifiedFolds } from '../data/folds.js';
import { dataIdentity, identityChange } from '../data/identity.js';
import { DEFAULT_ENGINE, ENGINES, FUSED_BACKEND } from '../engine/train.js';
import { DEFAULT_LEASE_SECONDS, DEFAULT_STORE_TIMEOUT_SECONDS, SweepRun } from '../runner/sweep-run.js';
import { EXIT_STORE_FAULT } from '../store/faults.js';
import { Store, chooseDb, type DataIdentity, type SweepRow } from '../store/store.js';
import type { SweepSpec } from '../sweep/spec.js';
import { choiceOption, integerOption, invocation } from './options.js';
import { createProgress } from './progress.js';
import { loadSweepFile, specChange, type LoadedSweep } from './sweep-file.js';
import { printTopOfLeaderboard } from './leaderboard.js';

interface RunFlags {
  db?: string;
  workers?: string;
  pack: string;
  backend?: string;
  engine?: string;
  extend?: boolean;
  new?: boolean;
  retryFailed?: boolean;
  maxAttempts: string;
  leaseSeconds: string;
  storeTimeout: string;
  quiet?: boolean;
}

/** Exit codes of a run stopped by a signal: 128 + the signal's number, as shells report them. */
const SIGNAL_EXIT: Record<string, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/** Finds or creates the stored sweep for this file, refusing a changed spec or changed data unless asked. */
function storedSweep(store: Store, loaded: LoadedSweep, flags: RunFlags, engine: string, identity: DataIdentity, db: string): { sweep: SweepRow; note: string } {
  let name = loaded.spec.name;
  let existing = store.sweep(name);
  const row = (n: string) => ({
    name: n,
    spec: loaded.specJson,
    spec_hash: loaded.specHash,
    source_file: loaded.file,
    data: loaded.dataPath,
    seed: loaded.spec.seed,
    folds: loaded.spec.folds,
    repeats: loaded.spec.repeats,
    engine,
    ...identity,
  });
  if (!existing) {
    existing = store.createSweep(row(name), loaded.plan.trials);
    if (existing.spec_hash === loaded.specHash && existing.data_sha256 === identity.data_sha256) return { sweep: existing, note: `new sweep "${name}"` };
  }
  if (flags.new) {
    for (let i = 2; store.sweep(name); i++) name = `${loaded.spec.name}-${i}`;
    return { sweep: store.createSweep(row(name), loaded.plan.trials), note: `new sweep "${name}" (the old "${loaded.spec.name}" is kept)` };
  }
  // The same file over edited data would mix results from two data sets in one sweep.
  if (existing.data_sha256 === null) store.setDataIdentity(existing.id, identity);
  else {
    const changed = identityChange(existing as DataIdentity, identity);
    if (changed.length) {
      throw new UserError(
        `${loaded.dataPath === 'sonar' ? 'data sonar' : loaded.dataPath}: the data changed since sweep "${name}" started (${changed.join(', ')}); ` +
          `its stored results were computed on the old data. Restore the file, or start a separate sweep with --new`,
      );
    }
  }
  if (existing.spec_hash === loaded.specHash) return { sweep: existing, note: `resuming sweep "${name}"` };

  const change = specChange(JSON.parse(existing.spec) as SweepSpec, loaded.spec);
  if (flags.extend || change.sameTrials) {
    if (change.blockers.length) {
      throw new UserError(
        `cannot extend sweep "${name}": ${change.blockers.join(', ')} changed, so old and new results would not be comparable.\n` + `Run with --new to start a separate sweep.`,
      );
    }
    const added = store.extendSweep(existing.id, { spec: loaded.specJson, spec_hash: loaded.specHash, source_file: loaded.file }, loaded.plan.trials);
    return { sweep: store.sweep(name)!, note: `extending sweep "${name}" with ${added} new trial(s)` };
  }
  throw new UserError(
    `${loaded.file}: sweep "${name}" is already in ${db} with a different spec:\n` +
      change.lines.map((d) => `  ${d}`).join('\n') +
      `\nRun with --extend to add the new trials and keep old results, or --new to start a separate sweep.`,
  );
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run (or resume) a sweep file; every fold result goes to the database as it finishes')
    .argument('<file>', 'sweep file (YAML or JSON)')
    .option('--db <path>', 'database file (default: $DROPSWEEP_DB, else results/dropsweep.sqlite)')
    .option('--workers <n>', 'worker threads (default: the number of cores)')
    .option('--pack <k>', 'fold fits trained together per task', '20')
    .option('--backend <name>', 'tfjs engine only: tensorflow|wasm|cpu (default: the fastest that loads)')
    .option('--engine <name>', `training engine: ${ENGINES.join('|')} (default: the sweep file's, else ${DEFAULT_ENGINE})`)
    .option('--extend', 'the sweep file changed: add its new trials, keep the old results')
    .option('--new', 'the sweep file changed: start a separate sweep under a new name')
    .option('--retry-failed', 'run failed trials again')
    .option('--max-attempts <n>', 'tries per trial before it is marked failed', '3')
    .option('--lease-seconds <s>', 'a runner silent this long loses its trials to other runners', String(DEFAULT_LEASE_SECONDS))
    .option('--store-timeout <s>', 'how long to keep retrying a locked database before stopping', String(DEFAULT_STORE_TIMEOUT_SECONDS))
    .option('--quiet', 'no progress output')
    .action(async (file: string, flags: RunFlags) => {
      // Everything that can be wrong with the input is checked before the database is touched.
      const db = chooseDb(flags.db);
      const workers = flags.workers === undefined ? availableParallelism() : integerOption('--workers', flags.workers, 1, 256);
      const packSize = integerOption('--pack', flags.pack, 1, 10_000);
      const maxAttempts = integerOption('--max-attempts', flags.maxAttempts, 1, 100);
      const leaseSeconds = integerOption('--lease-seconds', flags.leaseSeconds, 2, 86_400);
      const storeTimeoutSeconds = integerOption('--store-timeout', flags.storeTimeout, 0, 86_400);
      if (flags.extend && flags.new) throw new UserError('options --extend and --new: give one, not both');
      const loaded = loadSweepFile(file);
      const requested = flags.engine ? choiceOption('--engine', ENGINES, flags.engine) : undefined;
      if (flags.backend !== undefined && (requested ?? loaded.spec.engine ?? DEFAULT_ENGINE) !== 'tfjs') {
        throw new UserError(`option --backend: only the tfjs engine has backends; the ${requested ?? loaded.spec.engine ?? DEFAULT_ENGINE} engine runs its own WebAssembly kernel`);
      }
      const data = await resolveDataset(loaded.dataPath, { target: loaded.spec.target });
      const foldOf = stratifiedFolds(data.labels, loaded.spec.folds, loaded.spec.seed, data.source);
      const identity = dataIdentity(data, loaded.dataPath);
      const backend = (requested ?? loaded.spec.engine ?? DEFAULT_ENGINE) === 'tfjs' ? await (await import('../engine/backend.js')).selectBackend(flags.backend) : FUSED_BACKEND;

      const store = Store.open(db, { check: true, busyTimeoutMs: 1_000 });
      let closeStore = true;
      try {
        // A resumed sweep keeps the engine it started with: two engines draw different dropout
        // masks, so mixing them inside one sweep would make its trials incomparable.
        const existing = flags.new ? undefined : store.sweep(loaded.spec.name);
        const engine = requested ?? existing?.engine ?? loaded.spec.engine ?? DEFAULT_ENGINE;
        if (existing && existing.engine !== engine) {
          throw new UserError(`sweep "${existing.name}" was run with the ${existing.engine} engine; resume it with --engine ${existing.engine}, or start a separate sweep with --new`);
        }
        const { sweep, note } = storedSweep(store, loaded, flags, engine, identity, db);
        if (flags.retryFailed) store.retryFailed(sweep.id);
        const say = (line: string) => flags.quiet || process.stderr.write(`${line}\n`);
        const counts = () => store.sweepCounts().find((c) => c.id === sweep.id)!;
        const before = counts();
        const fitsTotal = before.trials * sweep.folds * sweep.repeats;
        say(`${note}: ${before.trials} trials x ${sweep.folds * sweep.repeats} fold fits, ${workers} worker(s), engine ${engine}, backend ${backend}, db ${db}`);

        const progress = createProgress({ label: sweep.name, unit: 'fits', total: fitsTotal, startAt: before.fits_done, quiet: flags.quiet, plainEveryMs: 60_000 });
        // The progress line's best is the store's best (what status shows): it can only change when a
        // trial completes, here or in another runner, so it is read again then, and every 10 s.
        let bestReadAt = -Infinity;
        let trialsSeen = -1;
        let best: number | null = null;
        const bestNow = (trialsThisRun: number) => {
          if (trialsThisRun !== trialsSeen || performance.now() - bestReadAt > 10_000) {
            try {
              best = store.bestMean(sweep.name);
              trialsSeen = trialsThisRun;
            } catch {
              // A locked database: keep the last best.
            }
            bestReadAt = performance.now();
          }
          return best;
        };

        const controller = new AbortController();
        const runner = new SweepRun({
          store,
          sweep,
          data,
          foldOf,
          engine,
          backend: engine === 'tfjs' ? (flags.backend ?? backend) : undefined,
          workers,
          packSize,
          maxAttempts,
          leaseSeconds,
          storeTimeoutSeconds,
          graceMs: 5_000,
          onProgress: (p) => {
            const b = bestNow(p.trialsThisRun);
            const notes = [
              ...(p.waitingOn ? [`waiting on ${p.waitingOn.reduce((n, w) => n + w.trials, 0)} trial(s) leased by ${p.waitingOn.map((w) => w.owner).join(', ')}`] : []),
              ...(b === null ? [] : [`best ${(b * 100).toFixed(2)}%`]),
              ...(p.trialsFailedThisRun ? [`failed ${p.trialsFailedThisRun}`] : []),
            ];
            progress.update(before.fits_done + p.fitsThisRun, notes.join('  '));
          },
          onStopping: (reason, inFlight) => {
            progress.finish();
            process.stderr.write(`\nstopping (${reason}): storing what finishes within 5 s (${inFlight} pack(s) in flight); ${reason === 'SIGINT' ? 'Ctrl-C' : reason} again to quit at once\n`);
          },
          onNotice: (line) => {
            progress.finish();
            process.stderr.write(`dropsweep: ${line}\n`);
          },
        });

        let signals = 0;
        const onSignal = (name: NodeJS.Signals) => {
          signals++;
          if (signals === 1) {
            controller.abort(name);
            return;
          }
          // Leases go back synchronously, so no trial is left `running` by a hasty exit.
          runner.releaseNow();
          store.close();
          process.stderr.write(`\ndropsweep: ${name} again: exiting now; unfinished trials are pending again\n`);
          process.exit(SIGNAL_EXIT[name] ?? 130);
        };
        for (const s of Object.keys(SIGNAL_EXIT)) process.on(s, onSignal);
        const summary = await runner.run(controller.signal).finally(() => {
          for (const s of Object.keys(SIGNAL_EXIT)) process.off(s, onSignal);
          progress.finish();
        });
        const share = `this runner: ${summary.trialsThisRun} trial(s), ${summary.fitsThisRun} fold fits in ${summary.seconds.toFixed(1)} s (${(summary.fitsThisRun / Math.max(summary.seconds, 1e-9)).toFixed(2)} fits/s)`;
        const lost = summary.leasesLost ? `; lost ${summary.leasesLost} lease(s) to other runners, ${summary.fitsFenced} fold fits refused` : '';
        const resume = `${invocation()} run ${file}${flags.db ? ` --db ${flags.db}` : ''}`;

        if (summary.outcome === 'store-fault') {
          closeStore = false;
          try {
            store.close();
          } catch {
            // Nothing more can be done with a broken store.
          }
          process.stderr.write(`dropsweep: ${summary.reason}; stopped, ${summary.fitsLost} fold fits in flight were lost, every stored result is kept. Resume with: ${resume}\n`);
          process.exitCode = EXIT_STORE_FAULT;
          return;
        }
        const after = counts();
        const totals = `sweep ${sweep.name}: ${after.done}/${after.trials} trials done, ${after.fits_done}/${fitsTotal} fold fits stored${after.failed ? `, ${after.failed} failed` : ''}`;
        if (summary.outcome === 'interrupted') {
          process.stderr.write(`interrupted (${summary.reason}): ${totals}; ${share}${lost}.\nResume with: ${resume}\n`);
          process.exitCode = SIGNAL_EXIT[summary.reason ?? 'SIGINT'] ?? 130;
          return;
        }
        say(`done: ${totals}; ${share}${lost}${after.failed ? ` (see ${invocation()} status; --retry-failed runs them again)` : ''}`);
        if (!flags.quiet) printTopOfLeaderboard(store, sweep, flags.db);
        if (after.failed) process.exitCode = 1;
      } finally {
        if (closeStore) store.close();
      }
    });
}

