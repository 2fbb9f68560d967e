import { availableParallelism } from 'node:os';
import { UserError } from '../errors.js';
import { isShippedName, resolveDataset } from '../data/registry.js';
import { splitFolds } from '../data/folds.js';
import { dataIdentity, identityChange, type DataIdentity } from '../data/identity.js';
import { DEFAULT_ENGINE } from '../engine/train.js';
import { chooseKernel } from '../engine/fused/kernels.js';
import { SweepRun, type RunProgress, type RunSummary } from '../runner/sweep-run.js';
import { chooseDb, openStore, parseLocation, type Store, type SweepRow } from '../store/store.js';
import { specChange } from '../sweep/spec-change.js';
import { readRace, type SweepSpec } from '../sweep/spec.js';
import type { RaceSettings } from '../sweep/racing.js';
import { RUN_OPTIONS } from './options/run.js';
import { resolveOptions, type LibraryValues, type Resolved } from './options/declare.js';
import { checkSweepArgument, loadSweep, type LoadedSweep } from './sweep-file.js';

type Hook = 'onStart' | 'onProgress' | 'onStopping' | 'onNotice';

/** `runSweep`'s options: declared with their ranges, defaults and help in src/api/options/run.ts; the callbacks typed here. */
export interface RunSweepOptions extends Omit<LibraryValues<typeof RUN_OPTIONS>, Hook> {
  onStart?: (start: RunStart) => void;
  onProgress?: (progress: SweepProgress) => void;
  onStopping?: (reason: string, inFlight: number) => void;
  onNotice?: (line: string) => void;
}

export interface RunStart {
  sweep: string;
  /** `new sweep "x"`, `resuming sweep "x"`, ... */
  note: string;
  db: string;
  trials: number;
  fitsPerTrial: number;
  fitsTotal: number;
  /** Fits already stored when this run started. */
  fitsDone: number;
  workers: number;
  engine: string;
  backend: string;
  /** Racing settings, when racing. */
  race: RaceSettings | null;
}

export interface SweepProgress extends RunProgress {
  /** Fits stored in the sweep, by every runner. */
  fitsDone: number;
  fitsTotal: number;
  /** The store's best mean accuracy (0-1), as `status` shows it. */
  best: number | null;
}

export interface SweepTotals {
  trials: number;
  done: number;
  failed: number;
  pruned: number;
  /** Planned fits of pruned trials never run. */
  fitsSaved: number;
  fitsDone: number;
  fitsTotal: number;
}

export interface RunSweepSummary extends RunSummary {
  sweep: string;
  db: string;
  /** The sweep's totals from the store after the run; null when the store failed. */
  totals: SweepTotals | null;
}

/** Finds or creates the stored sweep, refusing a changed spec or changed data unless asked. */
async function storedSweep(store: Store, loaded: LoadedSweep, o: RunSweepOptions, engine: string, identity: DataIdentity, db: string): Promise<{ sweep: SweepRow; note: string }> {
  let name = loaded.spec.name;
  let existing = await store.sweep(name);
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
    existing = await store.createSweep(row(name), loaded.plan.trials);
    if (existing.spec_hash === loaded.specHash && existing.data_sha256 === identity.data_sha256) return { sweep: existing, note: `new sweep "${name}"` };
  }
  if (o.new) {
    for (let i = 2; await store.sweep(name); i++) name = `${loaded.spec.name}-${i}`;
    return { sweep: await store.createSweep(row(name), loaded.plan.trials), note: `new sweep "${name}" (the old "${loaded.spec.name}" is kept)` };
  }
  // The same sweep over edited data would mix results from two data sets.
  if (existing.data_sha256 === null) await store.setDataIdentity(existing.id, identity);
  else {
    const changed = identityChange(existing as DataIdentity, identity);
    if (changed.length) {
      throw new UserError(
        `${isShippedName(loaded.dataPath) ? `data ${loaded.dataPath}` : loaded.dataPath}: the data changed since sweep "${name}" started (${changed.join(', ')}); ` +
          `its stored results were computed on the old data. Restore the file, or start a separate sweep with --new`,
      );
    }
  }
  if (existing.spec_hash === loaded.specHash) return { sweep: existing, note: `resuming sweep "${name}"` };

  const change = specChange(JSON.parse(existing.spec) as SweepSpec, loaded.spec);
  if (o.extend || change.sameTrials) {
    if (change.blockers.length) {
      throw new UserError(`cannot extend sweep "${name}": ${change.blockers.join(', ')} changed, so old and new results would not be comparable.\nRun with --new to start a separate sweep.`);
    }
    const added = await store.extendSweep(existing.id, { spec: loaded.specJson, spec_hash: loaded.specHash, source_file: loaded.file }, loaded.plan.trials);
    const what = added === 0 && change.sameTrials ? `resuming sweep "${name}"` : `extending sweep "${name}" with ${added} new trial(s)`;
    return { sweep: (await store.sweep(name))!, note: [what, ...change.notes].join('; ') };
  }
  throw new UserError(
    `${loaded.file}: sweep "${name}" is already in ${db} with a different spec:\n` +
      change.lines.map((d) => `  ${d}`).join('\n') +
      `\nRun with --extend to add the new trials and keep old results, or --new to start a separate sweep.`,
  );
}

/**
 * Runs (or resumes) a sweep to the end and returns its summary. Everything that can be wrong with
 * the input (options, spec, data, folds, backend) is checked before the database is touched. A
 * store that fails mid-run ends it with outcome `store-fault`, never with an exception.
 */
export async function runSweepChecked(specOrPath: string | Record<string, unknown>, options: RunSweepOptions = {}): Promise<RunSweepSummary> {
  checkSweepArgument('runSweep', specOrPath);
  const o = resolveOptions('runSweep', RUN_OPTIONS, options) as Resolved<typeof RUN_OPTIONS> & RunSweepOptions;
  if (o.extend && o.new) throw new UserError('options extend and new: give one, not both');
  const db = chooseDb(o.db);
  parseLocation(db);
  const workers = o.workers ?? availableParallelism();
  const loaded = loadSweep(specOrPath);
  const wanted = o.engine ?? loaded.spec.engine ?? DEFAULT_ENGINE;
  if (o.backend !== undefined && wanted !== 'tfjs') {
    throw new UserError(`option --backend: only the tfjs engine has backends; the ${wanted} engine runs its own WebAssembly kernel`);
  }
  const data = await resolveDataset(loaded.dataPath, { target: loaded.spec.target });
  const foldOf = splitFolds(data.labels, loaded.spec.folds, loaded.spec.seed, loaded.spec.split, data.source, data.classes);
  const identity = dataIdentity(data);
  const race = o.race === undefined || o.race === false ? loaded.spec.race : o.race === true ? (loaded.spec.race ?? readRace(true, loaded.spec.folds * loaded.spec.repeats, (k, m) => new UserError(`option race: ${m}`))) : readRace(o.race, loaded.spec.folds * loaded.spec.repeats, (k, m) => new UserError(`option ${k}: ${m}`));
  if (o.kernel !== undefined && wanted === 'tfjs') throw new UserError('option kernel: only the fused engine has kernels; the tfjs engine has backends');
  const kernelSource = o.kernel !== undefined ? 'option kernel' : 'DROPSWEEP_KERNEL';
  const kernelWanted = o.kernel ?? process.env.DROPSWEEP_KERNEL;
  const models = loaded.plan.trials.map((t) => ({ inputs: data.columns, config: t.config, classes: data.classes.length }));
  // Checked before the store is touched; a resumed sweep may still pin another kernel below.
  let backend = wanted === 'tfjs' ? await (await import('../engine/backend.js')).selectBackend(o.backend) : chooseKernel(kernelWanted, kernelSource, models);

  const store = await openStore(db, { check: true, busyTimeoutMs: 1_000 });
  let storeBroken = false;
  try {
    // A resumed sweep keeps the engine it started with: two engines draw different dropout
    // masks, so mixing them inside one sweep would make its trials incomparable.
    const existing = o.new ? undefined : await store.sweep(loaded.spec.name);
    const engine = o.engine ?? existing?.engine ?? loaded.spec.engine ?? DEFAULT_ENGINE;
    if (existing && existing.engine !== engine) {
      throw new UserError(`sweep "${existing.name}" was run with the ${existing.engine} engine; resume it with --engine ${existing.engine}, or start a separate sweep with --new`);
    }
    // A tfjs sweep resumed without --engine: its backend, not the fused kernel chosen above.
    if (engine === 'tfjs' && wanted !== 'tfjs') backend = await (await import('../engine/backend.js')).selectBackend(o.backend);
    // Likewise its kernel build: one sweep never mixes two (their results differ in the last bits).
    if (engine === 'fused' && existing) {
      const storedBackends = (await store.sweepBackends(existing.id)).filter((b) => b.engine === 'fused').map((b) => b.backend);
      backend = chooseKernel(kernelWanted, kernelSource, models, { name: existing.name, storedBackends });
    }
    const { sweep, note } = await storedSweep(store, loaded, o, engine, identity, db);
    if (o.retryFailed) await store.retryFailed(sweep.id);
    const counts = async () => (await store.sweepCounts()).find((c) => c.id === sweep.id)!;
    const before = await counts();
    const fitsPerTrial = sweep.folds * sweep.repeats;
    const fitsTotal = before.trials * fitsPerTrial;
    o.onStart?.({ sweep: sweep.name, note, db, trials: before.trials, fitsPerTrial, fitsTotal, fitsDone: before.fits_done, workers, engine, backend, race: race ?? null });

    // The best is the store's (what status shows); it can only change when a trial completes. It is
    // read beside the runner's own calls and shown from the next update on.
    let best: number | null = await store.bestMean(sweep.name).catch(() => null);
    let trialsSeen = 0;
    let bestReadAt = performance.now();
    const bestNow = (trialsThisRun: number) => {
      if (trialsThisRun !== trialsSeen || performance.now() - bestReadAt > 10_000) {
        trialsSeen = trialsThisRun;
        bestReadAt = performance.now();
        store.bestMean(sweep.name).then(
          (b) => (best = b),
          () => {
            // A locked or unreachable database: keep the last best.
          },
        );
      }
      return best;
    };
    const runner = new SweepRun({
      store,
      sweep,
      data,
      foldOf,
      engine,
      // The fused engine's backend is its kernel build: recorded with the run and every fold.
      backend: engine === 'tfjs' ? (o.backend ?? backend) : backend,
      workers,
      packSize: o.pack,
      maxAttempts: o.maxAttempts,
      leaseSeconds: o.leaseSeconds,
      storeTimeoutSeconds: o.storeTimeoutSeconds,
      graceMs: o.graceSeconds * 1000,
      onProgress: (p) => o.onProgress?.({ ...p, fitsDone: before.fits_done + p.fitsThisRun, fitsTotal, best: bestNow(p.trialsThisRun) }),
      onStopping: o.onStopping,
      onNotice: o.onNotice,
      race,
    });
    const now = () => runner.stopNow();
    o.stopNow?.addEventListener('abort', now, { once: true });
    const signal = o.signal ?? new AbortController().signal;
    const summary = await runner.run(signal).finally(() => o.stopNow?.removeEventListener('abort', now));
    storeBroken = summary.outcome === 'store-fault';
    let totals: SweepTotals | null = null;
    if (!storeBroken) {
      // The last update shows the store as the run leaves it: the best read after the last pack,
      // not the one read beside it (which lags a pack).
      best = await store.bestMean(sweep.name).catch(() => best);
      const { fitsThisRun, trialsThisRun, trialsFailedThisRun, trialsPrunedThisRun } = summary;
      o.onProgress?.({ fitsThisRun, trialsThisRun, trialsFailedThisRun, trialsPrunedThisRun, waitingOn: null, fitsDone: before.fits_done + fitsThisRun, fitsTotal, best });
      const after = await counts();
      totals = { trials: after.trials, done: after.done ?? 0, failed: after.failed ?? 0, pruned: after.pruned ?? 0, fitsSaved: after.fits_saved ?? 0, fitsDone: after.fits_done, fitsTotal };
    }
    return { ...summary, sweep: sweep.name, db, totals };
  } finally {
    await closeStore(store, storeBroken);
  }
}

/**
 * `runSweepChecked` for confirmSweep, which passes its own options (top, repeats) on to the run:
 * those two are left to it, every other key is checked the same. The library exports
 * runSweepChecked as runSweep (src/index.ts), which refuses them.
 */
export function runSweep(specOrPath: string | Record<string, unknown>, o: RunSweepOptions & { top?: unknown; repeats?: unknown } = {}): Promise<RunSweepSummary> {
  const { top: _top, repeats: _repeats, ...rest } = o;
  return runSweepChecked(specOrPath, rest);
}

/** Closing a store that already failed may fail again; that is not news. */
async function closeStore(store: Store, broken: boolean): Promise<void> {
  try {
    await store.close();
  } catch (err) {
    if (!broken) throw err;
  }
}
