import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Piscina } from 'piscina';
import type { Dataset } from '../data/dataset.js';
import { modelSeed } from '../engine/seeds.js';
import { fitKey, type ClaimedTrial, type Store, type SweepRow } from '../store/store.js';
import type { PackOutcome, PackTask, SweepData } from './task.js';

/** A lease older than this without a heartbeat is taken to be abandoned. */
export const LEASE_SECONDS = 60;
const HEARTBEAT_MS = 5_000;

export interface RunOptions {
  store: Store;
  sweep: SweepRow;
  data: Dataset;
  foldOf: Int32Array;
  engine: string;
  backend?: string;
  workers: number;
  packSize: number;
  maxAttempts: number;
  /** How long Ctrl-C waits for packs in flight before giving them back. */
  graceMs: number;
  onProgress?: (p: RunProgress) => void;
  onStopping?: (inFlight: number) => void;
}

export interface RunProgress {
  trialsDone: number;
  trialsTotal: number;
  trialsFailed: number;
  fitsThisRun: number;
}

export interface RunSummary extends RunProgress {
  outcome: 'completed' | 'interrupted';
  backend: string | null;
  seconds: number;
}

interface QueuedFit {
  trial: ClaimedTrial;
  fold: number;
  repeat: number;
}

export function newOwner(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** A lease owner on this host whose process is gone holds nothing: its trials can be taken at once. */
export function ownerIsDead(owner: string): boolean {
  const [host, pid] = owner.split(':');
  if (host !== hostname() || !pid || Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Runs a stored sweep to the end: claims trials, sends packs of fold fits to a piscina pool, stores
 * each pack's results in one transaction as it arrives. Only this (main) thread writes.
 */
export async function runSweep(o: RunOptions, signal: AbortSignal): Promise<RunSummary> {
  const { store, sweep } = o;
  const owner = newOwner();
  const fitsPerTrial = sweep.folds * sweep.repeats;
  const counts = () => store.sweepCounts().find((c) => c.id === sweep.id)!;
  const startCounts = counts();
  const progress: RunProgress = { trialsDone: startCounts.done, trialsTotal: startCounts.trials, trialsFailed: startCounts.failed, fitsThisRun: 0 };
  const runId = store.startRun(sweep.id, owner, o.backend ?? null, o.engine, o.workers);
  const started = performance.now();
  let backend: string | null = null;

  const pool = new Piscina<PackTask, PackOutcome>({
    filename: new URL('./worker.js', import.meta.url).href,
    minThreads: o.workers,
    maxThreads: o.workers,
    idleTimeout: 60_000,
    workerData: { data: o.data, foldOf: o.foldOf } satisfies SweepData,
  });
  const heartbeat = setInterval(() => store.heartbeat(owner), HEARTBEAT_MS);
  const queue: QueuedFit[] = [];
  let inFlight = 0;
  let exhausted = false;
  let stopping = false;

  const claimMore = () => {
    const wanted = Math.max(1, Math.ceil((o.packSize * o.workers * 2 - queue.length) / fitsPerTrial));
    const claimed = store.claimTrials(sweep.id, owner, wanted, Date.now() / 1000 - LEASE_SECONDS, ownerIsDead);
    if (claimed.length === 0) exhausted = true;
    for (const trial of claimed) {
      let missing = 0;
      for (let repeat = 0; repeat < sweep.repeats; repeat++) {
        for (let fold = 0; fold < sweep.folds; fold++) {
          if (trial.done.has(fitKey(fold, repeat))) continue;
          queue.push({ trial, fold, repeat });
          missing++;
        }
      }
      // Every fold stored before a crash, but the trial not yet marked: it only needs marking done.
      if (missing === 0) {
        store.finishTrial(trial.id);
        progress.trialsDone++;
      }
    }
  };

  const groupOf = (f: QueuedFit) => `${f.trial.config.hidden.join('-')}/${f.trial.config.batchSize}`;

  const nextPack = (): QueuedFit[] | null => {
    // Once idle, look again: a runner that died meanwhile may have left trials to take over.
    if (queue.length < o.packSize * o.workers && (!exhausted || (queue.length === 0 && inFlight === 0))) claimMore();
    if (queue.length === 0) return null;
    // Share the tail of the sweep among the workers instead of leaving one worker with it all.
    const size = Math.max(1, Math.min(o.packSize, exhausted ? Math.ceil(queue.length / o.workers) : o.packSize));
    const group = groupOf(queue[0]);
    const pack: QueuedFit[] = [];
    for (let i = 0; i < queue.length && pack.length < size; ) {
      if (groupOf(queue[i]) === group) pack.push(...queue.splice(i, 1));
      else i++;
    }
    return pack;
  };

  let finishRun: () => void = () => {};
  const finished = new Promise<void>((resolve) => (finishRun = resolve));

  // After the run is closed (Ctrl-C grace over), late outcomes are dropped: those fits stay missing
  // and are computed on resume; an interrupted pack is not a failed attempt.
  let closed = false;
  const failed = new Set<number>();
  const onPackDone = (pack: QueuedFit[], outcome: PackOutcome) => {
    if (closed) return;
    backend ??= outcome.backend;
    const completed = store.storeFits(
      pack.map((f, i) => ({ trialId: f.trial.id, fold: f.fold, repeat: f.repeat, seed: seedOf(f), result: outcome.results[i] })),
      outcome.backend,
      o.engine,
      fitsPerTrial,
    );
    progress.trialsDone += completed.length;
    progress.fitsThisRun += pack.length;
    store.progressRun(runId, pack.length);
    o.onProgress?.({ ...progress });
  };

  const onPackFailed = (pack: QueuedFit[], err: unknown) => {
    if (closed) return;
    const message = err instanceof Error ? err.message : String(err);
    for (const trial of new Set(pack.map((f) => f.trial))) {
      if (failed.has(trial.id)) continue;
      if (store.failAttempt(trial.id, message, o.maxAttempts)) {
        failed.add(trial.id);
        progress.trialsFailed++;
        for (let i = queue.length - 1; i >= 0; i--) if (queue[i].trial === trial) queue.splice(i, 1);
      } else {
        queue.unshift(...pack.filter((f) => f.trial === trial));
      }
    }
    o.onProgress?.({ ...progress });
  };

  const seedOf = (f: QueuedFit) => modelSeed(sweep.seed, f.trial.key, f.fold, f.repeat);

  const pump = () => {
    // Two packs per worker in flight: the next one waits in piscina's queue while the main
    // thread stores the last, so a worker never idles for a round trip.
    while (!stopping && inFlight < 2 * o.workers) {
      const pack = nextPack();
      if (!pack) break;
      inFlight++;
      const task: PackTask = {
        engine: o.engine,
        backend: o.backend,
        fits: pack.map((f) => ({ trialKey: f.trial.key, config: f.trial.config, fold: f.fold, repeat: f.repeat, seed: seedOf(f) })),
      };
      pool
        .run(task)
        .then(
          (outcome) => onPackDone(pack, outcome),
          (err) => onPackFailed(pack, err),
        )
        .finally(() => {
          inFlight--;
          pump();
        });
    }
    if (inFlight === 0 && (stopping || (exhausted && queue.length === 0))) finishRun();
  };

  let graceTimer: NodeJS.Timeout | undefined;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    o.onStopping?.(inFlight);
    graceTimer = setTimeout(finishRun, o.graceMs);
    pump();
  };
  signal.addEventListener('abort', stop, { once: true });

  o.onProgress?.({ ...progress });
  pump();
  await finished;
  closed = true;

  clearTimeout(graceTimer);
  clearInterval(heartbeat);
  signal.removeEventListener('abort', stop);
  const outcome = stopping ? 'interrupted' : 'completed';
  store.release(owner);
  store.endRun(runId, outcome);
  await pool.destroy();
  return { ...progress, outcome, backend, seconds: (performance.now() - started) / 1000 };
}
