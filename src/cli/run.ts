import type { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { UserError } from '../errors.js';
import { resolveDataset } from '../data/registry.js';
import { stratifiedFolds } from '../data/folds.js';
import { DEFAULT_ENGINE, ENGINES, FUSED_BACKEND } from '../engine/train.js';
import { runSweep } from '../runner/scheduler.js';
import { DEFAULT_DB, Store, type SweepRow } from '../store/store.js';
import type { SweepSpec } from '../sweep/spec.js';
import { choiceOption, integerOption } from './options.js';
import { createProgress } from './progress.js';
import { loadSweepFile, specChange, type LoadedSweep } from './sweep-file.js';

interface RunFlags {
  db: string;
  workers?: string;
  pack: string;
  backend?: string;
  engine?: string;
  extend?: boolean;
  new?: boolean;
  retryFailed?: boolean;
  maxAttempts: string;
  quiet?: boolean;
}

/** Finds or creates the stored sweep for this file, refusing a changed spec unless asked. */
function storedSweep(store: Store, loaded: LoadedSweep, flags: RunFlags, engine: string): { sweep: SweepRow; note: string } {
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
  });
  if (!existing) {
    existing = store.createSweep(row(name), loaded.plan.trials);
    if (existing.spec_hash === loaded.specHash) return { sweep: existing, note: `new sweep "${name}"` };
  }
  if (existing.spec_hash === loaded.specHash && !flags.new) return { sweep: existing, note: `resuming sweep "${name}"` };

  const change = specChange(JSON.parse(existing.spec) as SweepSpec, loaded.spec);
  if (flags.new) {
    for (let i = 2; store.sweep(name); i++) name = `${loaded.spec.name}-${i}`;
    return { sweep: store.createSweep(row(name), loaded.plan.trials), note: `new sweep "${name}" (the old "${loaded.spec.name}" is kept)` };
  }
  if (flags.extend || change.sameTrials) {
    if (change.blockers.length) {
      throw new UserError(
        `cannot extend sweep "${name}": ${change.blockers.join(', ')} changed, so old and new results would not be comparable.\n` +
          `Run with --new to start a separate sweep.`,
      );
    }
    const added = store.extendSweep(existing.id, { spec: loaded.specJson, spec_hash: loaded.specHash, source_file: loaded.file }, loaded.plan.trials);
    return { sweep: store.sweep(name)!, note: `extending sweep "${name}" with ${added} new trial(s)` };
  }
  throw new UserError(
    `${loaded.file}: sweep "${name}" is already in ${flags.db} with a different spec:\n` +
      change.lines.map((d) => `  ${d}`).join('\n') +
      `\nRun with --extend to add the new trials and keep old results, or --new to start a separate sweep.`,
  );
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run (or resume) a sweep file; every fold result goes to the database as it finishes')
    .argument('<file>', 'sweep file (YAML or JSON)')
    .option('--db <path>', 'database file', DEFAULT_DB)
    .option('--workers <n>', 'worker threads (default: the number of cores)')
    .option('--pack <k>', 'fold fits trained together per task', '20')
    .option('--backend <name>', 'tfjs engine only: tensorflow|wasm|cpu (default: the fastest that loads)')
    .option('--engine <name>', `training engine: ${ENGINES.join('|')} (default: the sweep file's, else ${DEFAULT_ENGINE})`)
    .option('--extend', 'the sweep file changed: add its new trials, keep the old results')
    .option('--new', 'the sweep file changed: start a separate sweep under a new name')
    .option('--retry-failed', 'run failed trials again')
    .option('--max-attempts <n>', 'tries per trial before it is marked failed', '3')
    .option('--quiet', 'no progress output')
    .action(async (file: string, flags: RunFlags) => {
      const workers = flags.workers === undefined ? availableParallelism() : integerOption('--workers', flags.workers, 1, 256);
      const packSize = integerOption('--pack', flags.pack, 1, 10_000);
      const maxAttempts = integerOption('--max-attempts', flags.maxAttempts, 1, 100);
      const loaded = loadSweepFile(file);
      const requested = flags.engine ? choiceOption('--engine', ENGINES, flags.engine) : undefined;
      // Everything that can be wrong with the input is checked before the database is touched.
      const data = await resolveDataset(loaded.dataPath, { target: loaded.spec.target });
      const foldOf = stratifiedFolds(data.labels, loaded.spec.folds, loaded.spec.seed, data.source);

      const store = Store.open(flags.db);
      try {
        // A resumed sweep keeps the engine it started with: two engines draw different dropout
        // masks, so mixing them inside one sweep would make its trials incomparable.
        const existing = flags.new ? undefined : store.sweep(loaded.spec.name);
        const engine = requested ?? existing?.engine ?? loaded.spec.engine ?? DEFAULT_ENGINE;
        if (existing && existing.engine !== engine) {
          throw new UserError(`sweep "${existing.name}" was run with the ${existing.engine} engine; resume it with --engine ${existing.engine}, or start a separate sweep with --new`);
        }
        if (engine !== 'tfjs' && flags.backend !== undefined) {
          throw new UserError(`option --backend: only the tfjs engine has backends; the ${engine} engine runs its own WebAssembly kernel`);
        }
        const backend = engine === 'tfjs' ? await (await import('../engine/backend.js')).selectBackend(flags.backend) : FUSED_BACKEND;
        const { sweep, note } = storedSweep(store, loaded, flags, engine);
        if (flags.retryFailed) store.retryFailed(sweep.id);
        const say = (line: string) => flags.quiet || process.stderr.write(`${line}\n`);
        const plan = loaded.plan;
        say(`${note}: ${plan.trials.length} trials x ${sweep.folds * sweep.repeats} fold fits, ${workers} worker(s), engine ${engine}, backend ${backend}, db ${flags.db}`);

        const counts = store.sweepCounts().find((c) => c.id === sweep.id)!;
        const fitsTotal = counts.trials * sweep.folds * sweep.repeats;
        const progress = createProgress({ label: sweep.name, unit: 'fold fits', total: fitsTotal, startAt: counts.fits_done, quiet: flags.quiet, plainEveryMs: 60_000 });
        let lastBest = 0;
        let best: number | null = null;

        const controller = new AbortController();
        let interrupts = 0;
        const onSigint = () => {
          interrupts++;
          if (interrupts === 1) {
            controller.abort();
            return;
          }
          process.stderr.write('\ndropsweep: second Ctrl-C, exiting now; the next run takes over the unfinished trials\n');
          process.exit(130);
        };
        process.on('SIGINT', onSigint);
        process.on('SIGTERM', onSigint);
        const summary = await runSweep(
          {
            store,
            sweep,
            data,
            foldOf,
            engine,
            backend: engine === 'tfjs' ? (flags.backend ?? backend) : undefined,
            workers,
            packSize,
            maxAttempts,
            graceMs: 5_000,
            onProgress: (p) => {
              if (performance.now() - lastBest > 2_000) {
                best = store.bestMean(sweep.name);
                lastBest = performance.now();
              }
              const failed = p.trialsFailed ? `  failed ${p.trialsFailed}` : '';
              progress.update(counts.fits_done + p.fitsThisRun, `trials ${p.trialsDone}/${p.trialsTotal}${failed}${best === null ? '' : `  best ${(best * 100).toFixed(2)}%`}`);
            },
            onStopping: (n) => {
              progress.finish();
              process.stderr.write(`\nstopping: storing what finishes within 5 s (${n} pack(s) in flight); Ctrl-C again to quit at once\n`);
            },
          },
          controller.signal,
        );
        process.off('SIGINT', onSigint);
        process.off('SIGTERM', onSigint);
        progress.finish();
        const rate = summary.fitsThisRun / Math.max(summary.seconds, 1e-9);
        if (summary.outcome === 'interrupted') {
          process.stderr.write(
            `interrupted: ${summary.trialsDone}/${summary.trialsTotal} trials done, ${summary.fitsThisRun} fold fits stored this run.\n` +
              `Resume with: dropsweep run ${file}${flags.db === DEFAULT_DB ? '' : ` --db ${flags.db}`}\n`,
          );
          process.exitCode = 130;
          return;
        }
        say(
          `done: ${summary.trialsDone}/${summary.trialsTotal} trials, ${summary.fitsThisRun} fold fits in ${summary.seconds.toFixed(1)} s ` +
            `(${rate.toFixed(2)} fits/s)${summary.trialsFailed ? `, ${summary.trialsFailed} failed (see dropsweep status; --retry-failed runs them again)` : ''}`,
        );
        if (summary.trialsFailed) process.exitCode = 1;
      } finally {
        store.close();
      }
    });
}
