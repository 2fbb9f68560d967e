import { availableParallelism } from 'node:os';
import { UserError } from '../errors.js';
import { resolveDataset } from '../data/registry.js';
import { foldRows, splitFolds } from '../data/folds.js';
import { subsetRows } from '../data/dataset.js';
import { dataIdentity } from '../data/identity.js';
import { DEFAULT_ENGINE } from '../engine/train.js';
import { chooseKernel } from '../engine/fused/kernels.js';
import { SweepRun, type RunProgress, type RunSummary } from '../runner/sweep-run.js';
import { chooseDb, openStore, parseLocation, shownLocation, type Store } from '../store/store.js';
import { rankingMetric, readRace, type SweepSpec } from '../sweep/spec.js';
import type { MetricName } from '../stats/metrics.js';
import { testsOf, type RaceSettings } from '../sweep/racing.js';
import { BestMean } from './best-mean.js';
import { locatedFault, withLocatedFaults } from './located.js';
import { waitingOutLocks, withStartUpWaits, type StartUpWait, type WaitStart } from './start-up-store.js';
import { RUN_OPTIONS } from './options/run.js';
import { resolveOptions, type LibraryValues, type Resolved } from './options/declare.js';
import { PlanInterrupted, storedSweep } from './stored-sweep.js';
import { checkSweepArgument, planYielding, readSweep, type LoadedSweep } from './sweep-file.js';

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
  /** The database as messages show it (a PostgreSQL URL without its password). */
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
  /** What `best` in the progress is of: the sweep's ranking metric (`metric:`, else accuracy). */
  metric: MetricName;
}

export interface SweepProgress extends RunProgress {
  /** Fits stored in the sweep, by every runner. */
  fitsDone: number;
  fitsTotal: number;
  /** The store's best mean of the sweep's metric (`RunStart.metric`; a fraction for accuracies), as `status` shows it. */
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
  /** The sweep's totals from the store after the run; null when the store failed or a signal came before training. */
  totals: SweepTotals | null;
  /** Set when a signal stopped the run before it trained anything. */
  startUp?: StartUpStop;
}

/** What a run stopped by a signal before training was doing. */
export interface StartUpStop {
  stage: 'planning' | 'writing the plan';
  /** Trials of the plan stored so far (the next run of the same file writes the rest). */
  trialsWritten: number;
  trialsPlanned: number;
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
  const sweepFile = readSweep(specOrPath);
  const wanted = o.engine ?? sweepFile.spec.engine ?? DEFAULT_ENGINE;
  if (o.backend !== undefined && wanted !== 'tfjs') {
    throw new UserError(`option --backend: only the tfjs engine has backends; the ${wanted} engine runs its own WebAssembly kernel`);
  }
  const { spec } = sweepFile;
  const { data, foldOf, foldOfRepeats, identity } = await sweepData(sweepFile, o.maxDataMb);
  // The race asked for now (the flag, else the sweep file); a sweep raced before also has its stored settings (below).
  const askedRace = o.race === undefined || o.race === false ? spec.race : o.race === true ? (spec.race ?? readRace(true, spec.folds * spec.repeats, (k, m) => new UserError(`option race: ${m}`))) : readRace(o.race, spec.folds * spec.repeats, (k, m) => new UserError(`option ${k}: ${m}`));
  if (o.kernel !== undefined && wanted === 'tfjs') throw new UserError('option kernel: only the fused engine has kernels; the tfjs engine has backends');
  const plan = await planYielding(spec, o.signal);
  if (!plan) return stoppedAtStart(o.signal, spec.name, db, { stage: 'planning', trialsWritten: 0, trialsPlanned: 0 });
  const loaded: LoadedSweep = { ...sweepFile, plan };
  const kernelSource = o.kernel !== undefined ? 'option kernel' : 'DROPSWEEP_KERNEL';
  const kernelWanted = o.kernel ?? process.env.DROPSWEEP_KERNEL;
  const models = plan.trials.map((t) => ({ inputs: data.columns, config: t.config, classes: data.classes.length }));
  // Checked before the store is touched; a resumed sweep may still pin another kernel below.
  let backend = wanted === 'tfjs' ? await (await import('../engine/backend.js')).selectBackend(o.backend) : chooseKernel(kernelWanted, kernelSource, models);

  // The runner gets the store as it is (it retries the faults that pass); every other call here
  // gets a fault as one line naming the database.
  // Start-up waits out another process's lock up to --store-timeout, as the run does (a second
  // runner writing a huge plan, a reader holding the file).
  const wait: StartUpWait = { seconds: o.storeTimeoutSeconds, signal: o.signal, location: shownLocation(db), onNotice: o.onNotice };
  const since: WaitStart = { at: null };
  const raw = await waitingOutLocks(() => openStore(db, { check: true, busyTimeoutMs: 1_000 }), wait, since).catch((err: unknown) => Promise.reject(locatedFault(err, shownLocation(db))));
  const store = withLocatedFaults(withStartUpWaits(raw, wait, since));
  let storeBroken = false;
  try {
    // A resumed sweep keeps the engine it started with: two engines draw different dropout
    // masks, so mixing them inside one sweep would make its trials incomparable.
    const existing = o.new ? undefined : await store.results.sweep(spec.name);
    const engine = o.engine ?? existing?.engine ?? spec.engine ?? DEFAULT_ENGINE;
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
    let stored;
    try {
      stored = await storedSweep({ store, loaded, engine, identity, shownDb: shownLocation(db), extend: o.extend, new: o.new, signal: o.signal });
    } catch (err) {
      if (err instanceof PlanInterrupted) return stoppedAtStart(o.signal, spec.name, db, { stage: 'writing the plan', trialsWritten: err.written, trialsPlanned: err.planned });
      throw err;
    }
    const { sweep, note } = stored;
    // A sweep that raced once resumes raced whatever the flag, and with the settings it raced with
    // first (stored with it then): a rule changed halfway would test its trials under two rules,
    // and the error bound holds for one.
    const storedRace = sweep.race === null ? undefined : (JSON.parse(sweep.race) as RaceSettings);
    const race = storedRace ?? askedRace;
    if (race && sweep.race === null) await store.sweeps.setRace(sweep.id, JSON.stringify(race));
    if (storedRace && askedRace && !sameRace(storedRace, askedRace)) {
      o.onNotice?.(`sweep "${sweep.name}" races with the settings it started with (${raceText(storedRace)}), not ${raceText(askedRace)}: one sweep keeps one racing rule`);
    }
    if (o.retryFailed) await store.sweeps.retryFailed(sweep.id);
    const counts = async () => (await store.results.sweepCounts()).find((c) => c.id === sweep.id)!;
    const before = await counts();
    const fitsPerTrial = sweep.folds * sweep.repeats;
    const fitsTotal = before.trials * fitsPerTrial;
    const metric = rankingMetric(JSON.parse(sweep.spec) as Pick<SweepSpec, 'metric'>);
    o.onStart?.({ sweep: sweep.name, note, db: shownLocation(db), trials: before.trials, fitsPerTrial, fitsTotal, fitsDone: before.fits_done, workers, engine, backend, race: race ?? null, metric });

    // The best is the store's (what status shows); it can only change when a trial completes. It is
    // read beside the runner's own calls and shown from the next update on.
    const best = new BestMean(() => raw.results.bestMean(sweep.name, metric), await raw.results.bestMean(sweep.name, metric).catch(() => null));
    const runner = new SweepRun({
      store: raw.leases,
      sweep,
      data,
      foldOf,
      ...(foldOfRepeats ? { foldOfRepeats } : {}),
      engine,
      // The fused engine's backend is its kernel build: recorded with the run and every fold.
      backend: engine === 'tfjs' ? (o.backend ?? backend) : backend,
      workers,
      packSize: o.pack,
      maxAttempts: o.maxAttempts,
      leaseSeconds: o.leaseSeconds,
      storeTimeoutSeconds: o.storeTimeoutSeconds,
      graceMs: o.graceSeconds * 1000,
      onProgress: (p) => o.onProgress?.({ ...p, fitsDone: before.fits_done + p.fitsStoredThisRun, fitsTotal, best: best.current(p.trialsThisRun) }),
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
      // not the one read beside it (which lags a pack, or a second).
      const last = await raw.results.bestMean(sweep.name, metric).catch(() => best.current(summary.trialsThisRun));
      const { fitsThisRun, fitsStoredThisRun, trialsThisRun, trialsFailedThisRun, trialsPrunedThisRun } = summary;
      o.onProgress?.({ fitsThisRun, fitsStoredThisRun, trialsThisRun, trialsFailedThisRun, trialsPrunedThisRun, waitingOn: null, fitsDone: before.fits_done + fitsStoredThisRun, fitsTotal, best: last });
      const after = await counts();
      totals = { trials: after.trials, done: after.done ?? 0, failed: after.failed ?? 0, pruned: after.pruned ?? 0, fitsSaved: after.fits_saved ?? 0, fitsDone: after.fits_done, fitsTotal };
    }
    return { ...summary, sweep: sweep.name, db, totals };
  } finally {
    await closeStore(raw, storeBroken);
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

/** The summary of a run a signal stopped before it trained anything. */
function stoppedAtStart(signal: AbortSignal | undefined, sweep: string, db: string, startUp: StartUpStop): RunSweepSummary {
  const none = { fitsThisRun: 0, fitsStoredThisRun: 0, trialsThisRun: 0, trialsFailedThisRun: 0, trialsPrunedThisRun: 0, waitingOn: null, fitsFenced: 0, leasesLost: 0, fitsLost: 0 };
  return { ...none, outcome: 'interrupted', reason: String(signal?.reason ?? 'SIGINT'), backend: null, seconds: 0, sweep, db, totals: null, startUp };
}

/** Closing a store that already failed may fail again; that is not news. */
async function closeStore(store: Store, broken: boolean): Promise<void> {
  try {
    await store.close();
  } catch (err) {
    if (!broken) throw err;
  }
}

const RACE_KEYS = ['minFolds', 'tests', 'alpha', 'stopDiverged'] as const;
const raceValue = (r: RaceSettings, k: (typeof RACE_KEYS)[number]) => (k === 'tests' ? testsOf(r) : r[k]);
const sameRace = (a: RaceSettings, b: RaceSettings) => RACE_KEYS.every((k) => raceValue(a, k) === raceValue(b, k));
const raceText = (r: RaceSettings) => RACE_KEYS.map((k) => `${k} ${raceValue(r, k)}`).join(', ');

/** The rows a sweep trains on, their folds (per repeat with fresh splits) and their identity. */
async function sweepData(sweepFile: ReturnType<typeof readSweep>, maxDataMb: number | undefined) {
  const { spec } = sweepFile;
  const whole = await resolveDataset(sweepFile.dataPath, { target: spec.target, maxDataMb });
  // Nested cross-validation's inner sweep sees only its outer training rows.
  const data = spec.outer ? subsetRows(whole, foldRows(splitFolds(whole.labels, spec.outer.folds, spec.outer.seed, spec.split, whole.source, whole.classes), spec.outer.fold).train) : whole;
  const foldOf = splitFolds(data.labels, spec.folds, spec.splitSeeds?.[0] ?? spec.seed, spec.split, data.source, data.classes);
  // Fresh splits: every repeat deals the rows anew with its own seed.
  const foldOfRepeats = spec.splitSeeds?.map((s) => splitFolds(data.labels, spec.folds, s, spec.split, data.source, data.classes));
  return { data, foldOf, foldOfRepeats, identity: dataIdentity(data) };
}
