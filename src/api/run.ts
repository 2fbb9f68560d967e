import { availableParallelism } from 'node:os';
import { UserError } from '../errors.js';
import { isShippedName, resolveDataset } from '../data/registry.js';
import { splitFolds } from '../data/folds.js';
import { dataIdentity, type DataIdentity } from '../data/identity.js';
import { DEFAULT_ENGINE, ENGINES } from '../engine/train.js';
import { chooseKernel } from '../engine/fused/kernels.js';
import { DEFAULT_LEASE_SECONDS, DEFAULT_STORE_TIMEOUT_SECONDS, SweepRun, type RunProgress, type RunSummary } from '../runner/sweep-run.js';
import { chooseDb, openStore, parseLocation, type Store, type SweepRow } from '../store/store.js';
import { integerIn } from '../sweep/checks.js';
import { resumeDecision } from '../sweep/resume.js';
import { readRace } from '../sweep/spec.js';
import type { RaceSettings } from '../sweep/racing.js';
import { loadSweep, type LoadedSweep } from './sweep-file.js';

export interface RunSweepOptions {
  /** Default: `$DROPSWEEP_DB`, else results/dropsweep.sqlite. */
  db?: string;
  /** Worker threads; default: the number of cores. */
  workers?: number;
  /** Fold fits trained together per task; default 20. */
  pack?: number;
  engine?: string;
  /** tfjs engine only: tensorflow, wasm or cpu. */
  backend?: string;
  /**
   * Fused engine only: the kernel build, auto (default), simd or relaxed (src/engine/fused/kernels.ts);
   * default `$DROPSWEEP_KERNEL`. A resumed sweep keeps the kernel of its stored results.
   */
  kernel?: string;
  /** The spec changed: add its new trials and keep old results. */
  extend?: boolean;
  /** The spec changed: start a separate sweep under a new name. */
  new?: boolean;
  retryFailed?: boolean;
  /** Fold-level racing: true for the sweep file's settings (or the defaults), or the settings themselves. */
  race?: boolean | RaceSettings;
  maxAttempts?: number;
  leaseSeconds?: number;
  storeTimeoutSeconds?: number;
  /** How long a stop waits for packs in flight; default 5. */
  graceSeconds?: number;
  /** Aborting stops the run gracefully (the reason, e.g. 'SIGINT', is reported). */
  signal?: AbortSignal;
  /** Aborting gives every lease back at once and ends the run without waiting. */
  stopNow?: AbortSignal;
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

const RANGES = {
  workers: [1, 256],
  pack: [1, 10_000],
  maxAttempts: [1, 100],
  leaseSeconds: [2, 86_400],
  storeTimeoutSeconds: [0, 86_400],
  graceSeconds: [0, 3_600],
} as const;

/** Checks every numeric option by name and range, the way piscina checks its own. */
function checkOptions(o: RunSweepOptions): void {
  for (const [name, [lo, hi]] of Object.entries(RANGES)) {
    const value = o[name as keyof typeof RANGES];
    const problem = value === undefined ? null : integerIn(lo, hi)(value);
    if (problem) throw new UserError(`option ${name}: ${problem}`);
  }
  if (o.engine !== undefined && !(ENGINES as readonly string[]).includes(o.engine)) throw new UserError(`option engine: "${o.engine}" is not one of ${ENGINES.join(', ')}`);
  if (o.extend && o.new) throw new UserError('options extend and new: give one, not both');
}

/** Finds or creates the stored sweep; a changed spec or changed data is refused unless asked (src/sweep/resume.ts decides). */
async function storedSweep(store: Store, loaded: LoadedSweep, o: RunSweepOptions, engine: string, identity: DataIdentity, db: string): Promise<{ sweep: SweepRow; note: string }> {
  const { sweeps, results } = store;
  let name = loaded.spec.name;
  let existing = await results.sweep(name);
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
    existing = await sweeps.create(row(name), loaded.plan.trials);
    // Another runner may have made the sweep first, from another spec: then it is decided below.
    if (existing.spec_hash === loaded.specHash && existing.data_sha256 === identity.data_sha256) return { sweep: existing, note: `new sweep "${name}"` };
  }
  if (o.new) {
    for (let i = 2; await results.sweep(name); i++) name = `${loaded.spec.name}-${i}`;
    return { sweep: await sweeps.create(row(name), loaded.plan.trials), note: `new sweep "${name}" (the old "${loaded.spec.name}" is kept)` };
  }
  const dataName = isShippedName(loaded.dataPath) ? `data ${loaded.dataPath}` : loaded.dataPath;
  const decision = resumeDecision(existing, { file: loaded.file, spec: loaded.spec, specHash: loaded.specHash, dataName, identity }, { extend: o.extend ?? false, db });
  if (decision.action === 'refuse') throw new UserError(decision.message);
  if (decision.adoptIdentity) await sweeps.setDataIdentity(existing.id, identity);
  if (decision.action === 'resume') return { sweep: existing, note: `resuming sweep "${name}"` };
  const added = await sweeps.extend(existing.id, { spec: loaded.specJson, spec_hash: loaded.specHash, source_file: loaded.file }, loaded.plan.trials);
  const what = added === 0 && decision.sameTrials ? `resuming sweep "${name}"` : `extending sweep "${name}" with ${added} new trial(s)`;
  return { sweep: (await results.sweep(name))!, note: [what, ...decision.notes].join('; ') };
}

/**
 * Runs (or resumes) a sweep to the end and returns its summary. Everything that can be wrong with
 * the input (options, spec, data, folds, backend) is checked before the database is touched. A
 * store that fails mid-run ends it with outcome `store-fault`, never with an exception.
 */
export async function runSweep(specOrPath: string | Record<string, unknown>, o: RunSweepOptions = {}): Promise<RunSweepSummary> {
  checkOptions(o);
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
    const existing = o.new ? undefined : await store.results.sweep(loaded.spec.name);
    const engine = o.engine ?? existing?.engine ?? loaded.spec.engine ?? DEFAULT_ENGINE;
    if (existing && existing.engine !== engine) {
      throw new UserError(`sweep "${existing.name}" was run with the ${existing.engine} engine; resume it with --engine ${existing.engine}, or start a separate sweep with --new`);
    }
    // A tfjs sweep resumed without --engine: its backend, not the fused kernel chosen above.
    if (engine === 'tfjs' && wanted !== 'tfjs') backend = await (await import('../engine/backend.js')).selectBackend(o.backend);
    // Likewise its kernel build: one sweep never mixes two (their results differ in the last bits).
    if (engine === 'fused' && existing) {
      const storedBackends = (await store.results.sweepBackends(existing.id)).filter((b) => b.engine === 'fused').map((b) => b.backend);
      backend = chooseKernel(kernelWanted, kernelSource, models, { name: existing.name, storedBackends });
    }
    const { sweep, note } = await storedSweep(store, loaded, o, engine, identity, db);
    if (o.retryFailed) await store.sweeps.retryFailed(sweep.id);
    const counts = async () => (await store.results.sweepCounts()).find((c) => c.id === sweep.id)!;
    const before = await counts();
    const fitsPerTrial = sweep.folds * sweep.repeats;
    const fitsTotal = before.trials * fitsPerTrial;
    o.onStart?.({ sweep: sweep.name, note, db, trials: before.trials, fitsPerTrial, fitsTotal, fitsDone: before.fits_done, workers, engine, backend, race: race ?? null });

    // The best is the store's (what status shows); it can only change when a trial completes. It is
    // read beside the runner's own calls and shown from the next update on.
    let best: number | null = await store.results.bestMean(sweep.name).catch(() => null);
    let trialsSeen = 0;
    let bestReadAt = performance.now();
    const bestNow = (trialsThisRun: number) => {
      if (trialsThisRun !== trialsSeen || performance.now() - bestReadAt > 10_000) {
        trialsSeen = trialsThisRun;
        bestReadAt = performance.now();
        store.results.bestMean(sweep.name).then(
          (b) => (best = b),
          () => {
            // A locked or unreachable database: keep the last best.
          },
        );
      }
      return best;
    };
    const runner = new SweepRun({
      store: store.leases,
      sweep,
      data,
      foldOf,
      engine,
      // The fused engine's backend is its kernel build: recorded with the run and every fold.
      backend: engine === 'tfjs' ? (o.backend ?? backend) : backend,
      workers,
      packSize: o.pack ?? 20,
      maxAttempts: o.maxAttempts ?? 3,
      leaseSeconds: o.leaseSeconds ?? DEFAULT_LEASE_SECONDS,
      storeTimeoutSeconds: o.storeTimeoutSeconds ?? DEFAULT_STORE_TIMEOUT_SECONDS,
      graceMs: (o.graceSeconds ?? 5) * 1000,
      onProgress: (p) => o.onProgress?.({ ...p, fitsDone: before.fits_done + p.fitsStoredThisRun, fitsTotal, best: bestNow(p.trialsThisRun) }),
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
      const after = await counts();
      totals = { trials: after.trials, done: after.done ?? 0, failed: after.failed ?? 0, pruned: after.pruned ?? 0, fitsSaved: after.fits_saved ?? 0, fitsDone: after.fits_done, fitsTotal };
    }
    return { ...summary, sweep: sweep.name, db, totals };
  } finally {
    await closeStore(store, storeBroken);
  }
}

/** Closing a store that already failed may fail again; that is not news. */
async function closeStore(store: Store, broken: boolean): Promise<void> {
  try {
    await store.close();
  } catch (err) {
    if (!broken) throw err;
  }
}
