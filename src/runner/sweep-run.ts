import { Piscina } from 'piscina';
import { modelSeed } from '../engine/seeds.js';
import { fitKey, type ClaimedTrial, type SweepRacing } from '../store/store.js';
import { testTrainRatio } from '../stats/statistics.js';
import { curveEvery, rankingMetric, type CurveSettings, type SweepSpec } from '../sweep/spec.js';
import { ClaimSize } from './claim-size.js';
import { StoreCalls } from './store-calls.js';
import { newOwner, ownerIsDead, ownerName } from './owner.js';
import { DEFAULT_LEASE_SECONDS, DEFAULT_STORE_TIMEOUT_SECONDS, type RunOptions, type RunProgress, type RunSummary } from './run-options.js';
import type { PackOutcome, PackTask, SweepData } from './task.js';

export { DEFAULT_LEASE_SECONDS, DEFAULT_STORE_TIMEOUT_SECONDS, type RunOptions, type RunProgress, type RunSummary } from './run-options.js';

/** Finished fits held in memory while the database is locked; past this no new packs start. */
const MAX_FITS_IN_MEMORY = 5_000;
/** The most trials a claim grown for a big sweep takes at once (a few seconds of 5-epoch fits). */
const MAX_GROWN_CLAIM = 512;
/** Trials per worker a racing runner claims at once (after its first claim). */
const RACE_BATCH_PER_WORKER = 32;

interface QueuedFit {
  trial: ClaimedTrial;
  fold: number;
  repeat: number;
  /** Retried apart from other trials after a pack holding it failed. */
  solo: boolean;
}

interface Pack {
  fits: QueuedFit[];
  abort: AbortController;
  /** Aborted by us (lease lost, stop): its failure is not the trial's fault. */
  cancelled: boolean;
}

/**
 * One runner's run of a stored sweep: claims trials, sends packs of fold fits to a piscina pool, and
 * stores each pack's results in one transaction as it arrives. Only this (main) thread talks to the
 * database; every store call goes through `attempt`, which keeps one call in flight at a time (so a
 * runner's writes reach the store in order), waits out a locked database or a lost server, and
 * stops the run cleanly on a full or broken one instead of throwing. The run's moves happen in
 * `pump`, one at a time: an event that arrives while it is busy makes it go round once more.
 */
export class SweepRun {
  readonly owner = newOwner();
  private readonly o: Required<Pick<RunOptions, 'leaseSeconds' | 'storeTimeoutSeconds'>> & RunOptions;
  private readonly fitsPerTrial: number;
  private readonly queue: QueuedFit[] = [];
  private readonly inFlight = new Set<Pack>();
  /** Results waiting for the database, oldest first. */
  private readonly unstored: { fits: QueuedFit[]; outcome: PackOutcome }[] = [];
  /** Trials this runner holds, by id. */
  private readonly held = new Map<number, ClaimedTrial>();
  private readonly progress: RunProgress = { fitsThisRun: 0, fitsStoredThisRun: 0, trialsThisRun: 0, trialsFailedThisRun: 0, trialsPrunedThisRun: 0, waitingOn: null };
  private readonly race: SweepRacing | undefined;
  private claims = 0;
  private readonly claimSize = new ClaimSize();
  /** The root of model seeds: the split seed, or a confirm sweep's own training-seed root. */
  private readonly seedRoot: number | string;
  private readonly curveEvery: number;
  private pool!: Piscina<PackTask, PackOutcome>;
  private runId = 0;
  private backend: string | null = null;
  private exhausted = false;
  private stopReason: string | null = null;
  private fault: string | null = null;
  private closed = false;
  private fitsFenced = 0;
  private leasesLost = 0;
  private fitsLost = 0;
  /** When the last heartbeat that renewed every held lease was sent (performance.now()). */
  private renewedAt = performance.now();
  private retryTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private graceTimer: NodeJS.Timeout | undefined;
  private finish: () => void = () => {};
  private pumping = false;
  private pumpAgain = false;
  private cleanedUp = false;
  private lastCleanup: Promise<void> = Promise.resolve();
  /** A bug (not a store fault) met on the way: the run ends and rethrows it. */
  private bug: { error: unknown } | null = null;
  /** Every store call goes through here: one at a time, locks waited out, faults stop the run. */
  private readonly calls: StoreCalls;

  constructor(options: RunOptions) {
    this.o = { leaseSeconds: DEFAULT_LEASE_SECONDS, storeTimeoutSeconds: DEFAULT_STORE_TIMEOUT_SECONDS, ...options };
    this.calls = new StoreCalls({
      location: options.store.location,
      storeTimeoutSeconds: this.o.storeTimeoutSeconds,
      onNotice: options.onNotice,
      done: () => this.fault !== null || this.cleanedUp,
      retryIn: (delayMs) => this.scheduleRetry(delayMs),
      fail: (message) => this.failRun(message),
    });
    this.fitsPerTrial = options.sweep.folds * options.sweep.repeats;
    const spec = JSON.parse(options.sweep.spec) as { trainSeed?: string; curves?: CurveSettings } & Pick<SweepSpec, 'metric'>;
    this.seedRoot = spec.trainSeed ?? options.sweep.seed;
    this.curveEvery = curveEvery(spec);
    if (options.race) {
      this.race = {
        ...options.race,
        sweepId: options.sweep.id,
        fitsPerTrial: this.fitsPerTrial,
        testTrainRatio: testTrainRatio(options.sweep.folds),
        metric: rankingMetric(spec),
        // The smallest fold's held-out rows (k-fold folds differ by at most one): the variance floor's unit.
        heldOutRows: Math.floor(options.data.labels.length / options.sweep.folds),
      };
    }
  }

  async run(signal: AbortSignal): Promise<RunSummary> {
    const started = performance.now();
    const { store, sweep } = this.o;
    const finished = new Promise<void>((resolve) => (this.finish = resolve));
    this.runId = (await this.attempt(() => store.startRun({ sweepId: sweep.id, owner: this.owner, backend: this.o.backend ?? null, engine: this.o.engine, workers: this.o.workers }))) ?? 0;
    this.pool = new Piscina<PackTask, PackOutcome>({
      // The crash tests' fault-injecting entry is chosen here, once, and never loaded otherwise.
      filename: new URL(process.env.DROPSWEEP_FAULT ? './fault-worker.js' : './worker.js', import.meta.url).href,
      minThreads: this.o.workers,
      maxThreads: this.o.workers,
      idleTimeout: 60_000,
      workerData: { data: this.o.data, foldOf: this.o.foldOf, ...(this.o.foldOfRepeats ? { foldOfRepeats: this.o.foldOfRepeats } : {}) } satisfies SweepData,
    });
    // A pack cancelled (lease lost, stop, store fault) after its worker already posted the result
    // makes piscina emit "Unexpected message from Worker": harmless, the result is not wanted.
    // Any other pool error is a bug; without a listener either would crash the process.
    this.pool.on('error', (err: unknown) => {
      if (String((err as Error)?.message ?? err).startsWith('Unexpected message from Worker')) return;
      if (!this.closed) this.crash(err);
    });
    // Heartbeats run here, on the main thread, never blocked by training (which runs in workers).
    const beatMs = Math.min(5_000, (this.o.leaseSeconds * 1000) / 4);
    this.heartbeatTimer = setInterval(() => void this.heartbeat().catch((err: unknown) => this.crash(err)), beatMs);
    const onAbort = () => this.stop(String(signal.reason ?? 'SIGINT'));
    signal.addEventListener('abort', onAbort, { once: true });
    // A signal during start-up (planning, writing the plan) came before the listener.
    if (signal.aborted) onAbort();

    this.report();
    this.pump();
    await finished;
    this.closed = true;
    // Finished fits still waiting for the database when the run ends (a fault, a lock) are lost: say how many.
    this.fitsLost = this.memoryFits();
    this.unstored.length = 0;
    signal.removeEventListener('abort', onAbort);
    clearInterval(this.heartbeatTimer);
    clearTimeout(this.retryTimer);
    clearTimeout(this.graceTimer);
    for (const pack of this.inFlight) this.cancel(pack);
    await this.cleanup();
    await this.pool.destroy();
    if (this.bug) throw this.bug.error;
    const outcome = this.fault ? 'store-fault' : this.stopReason ? 'interrupted' : 'completed';
    return {
      ...this.progress,
      outcome,
      reason: this.fault ?? this.stopReason,
      fitsFenced: this.fitsFenced,
      leasesLost: this.leasesLost,
      fitsLost: this.fitsLost,
      backend: this.backend,
      seconds: (performance.now() - started) / 1000,
    };
  }

  /** Stops taking work; packs in flight get `graceMs` to finish and be stored. */
  stop(reason: string): void {
    if (this.stopReason || this.fault) return;
    this.stopReason = reason;
    this.o.onStopping?.(reason, this.inFlight.size);
    this.graceTimer = setTimeout(() => this.finish(), this.o.graceMs);
    this.pump();
  }

  /**
   * For a second signal: gives every lease back at once and ends the run without waiting for packs.
   * The release skips the queue: SQLite does it before this returns; PostgreSQL on a spare connection.
   */
  stopNow(): void {
    if (this.closed) return;
    this.stopReason ??= 'stopped';
    this.closed = true;
    const released = this.cleanup(true);
    this.finish();
    void released;
  }

  /** Gives back what this runner holds and closes its run row, once; a store that refuses even this is left as is. */
  private cleanup(now = false): Promise<void> {
    if (this.cleanedUp) return this.lastCleanup;
    this.cleanedUp = true;
    const { store } = this.o;
    // A bug (the run rethrows it) is recorded as one: never as 'completed'.
    const outcome = this.bug ? 'crashed' : this.fault ? 'store-fault' : this.stopReason ? 'interrupted' : 'completed';
    const work = async () => {
      try {
        await store.release(this.owner);
        if (this.runId) await store.endRun({ runId: this.runId, outcome, trained: this.progress.fitsThisRun });
      } catch {
        // The next runner takes the leases over once their heartbeat is stale.
      }
    };
    if (now) return (this.lastCleanup = work());
    return (this.lastCleanup = this.calls.after(work));
  }

  private attempt<T>(call: () => Promise<T>): Promise<T | undefined> {
    return this.calls.attempt(call);
  }

  /** A bug met in a callback: end the run, and let run() rethrow it (never an unhandled rejection). */
  private crash(err: unknown): void {
    if (this.bug) return;
    this.bug = { error: err };
    for (const pack of this.inFlight) this.cancel(pack);
    this.finish();
  }

  private failRun(message: string): void {
    if (this.fault) return;
    this.fault = message;
    for (const pack of this.inFlight) this.cancel(pack);
    this.finish();
  }

  /** Tries the work again after `delayMs` (StoreCalls backs off while the store is busy). */
  private scheduleRetry(delayMs: number): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.exhausted = false;
      this.pump();
    }, delayMs);
  }

  /** The one place that moves the run forward; called after every event. */
  private pump(): void {
    if (this.closed || this.fault || this.bug) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    void this.pumpLoop();
  }

  private async pumpLoop(): Promise<void> {
    try {
      do {
        this.pumpAgain = false;
        await this.step();
      } while (this.pumpAgain && !this.closed && !this.fault && !this.bug);
    } catch (err) {
      this.crash(err);
    } finally {
      this.pumping = false;
    }
  }

  private async step(): Promise<void> {
    if (this.closed || this.fault) return;
    await this.flush();
    while (!this.stopReason && !this.fault && !this.closed && this.inFlight.size < 2 * this.o.workers && this.memoryFits() < MAX_FITS_IN_MEMORY && !this.leasesLapsed()) {
      const fits = await this.nextPack();
      if (!fits) break;
      this.dispatch(fits);
    }
    if (!this.fault && !this.closed) await this.maybeFinish();
  }

  /**
   * No heartbeat has renewed the held leases for a lease time (the store did not answer, or this
   * process was stalled): another runner may have taken them over, so no new pack starts until a
   * heartbeat says which are still ours. Work lost to a takeover stays within what was in flight.
   */
  private leasesLapsed(): boolean {
    return this.held.size > 0 && performance.now() - this.renewedAt > this.o.leaseSeconds * 1000;
  }

  private memoryFits(): number {
    return this.unstored.reduce((n, u) => n + u.fits.length, 0);
  }

  private async maybeFinish(): Promise<void> {
    if (this.inFlight.size > 0 || this.unstored.length > 0) return;
    if (this.stopReason) return this.finish();
    if (this.queue.length > 0 || !this.exhausted || this.retryTimer) return;
    // Nothing to claim: done, unless other live runners hold leases that may yet go stale.
    const others = await this.attempt(() => this.o.store.otherLeases(this.o.sweep.id, this.owner));
    if (others === undefined) return;
    if (others.length === 0) return this.finish();
    if (this.progress.waitingOn === null) {
      const n = others.reduce((sum, l) => sum + l.trials, 0);
      this.o.onNotice?.(`waiting: ${n} trial(s) are leased by ${others.map((l) => ownerName(l.owner)).join(', ')}; this runner takes them over if their heartbeat stops`);
    }
    this.progress.waitingOn = others.map((l) => ({ owner: ownerName(l.owner), trials: l.trials }));
    this.report();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.exhausted = false;
      this.pump();
    }, Math.min(2_000, (this.o.leaseSeconds * 1000) / 4));
  }

  private async claimMore(): Promise<void> {
    const { store, sweep, packSize, workers, leaseSeconds } = this.o;
    const enough = Math.max(1, Math.ceil((packSize * workers * 2 - this.queue.length) / this.fitsPerTrial));
    // Racing needs breadth: after a first claim of the usual size (its trials finish soon and give a
    // reference), claim a larger batch whose first folds all run before anyone's later ones.
    const usual = this.race && this.claims > 0 ? Math.max(enough, RACE_BATCH_PER_WORKER * workers) : enough;
    const wanted = Math.max(usual, Math.min(usual * this.claimSize.factor, MAX_GROWN_CLAIM));
    const asked = performance.now();
    const claimed = await this.attempt(() => {
      this.claimSize.begin();
      return store.claim({ sweepId: sweep.id, owner: this.owner, limit: wanted, leaseSeconds, isDead: ownerIsDead, fitsPerTrial: this.fitsPerTrial }).finally(() => this.claimSize.end());
    });
    if (claimed === undefined) return;
    // Leases just taken are fresh: with none held before, every held lease is.
    if (this.held.size === 0) this.renewedAt = asked;
    this.claims++;
    if (claimed.length === 0) this.exhausted = true;
    else this.progress.waitingOn = null;
    const fits: QueuedFit[] = [];
    for (const trial of claimed) {
      this.held.set(trial.id, trial);
      for (let repeat = 0; repeat < sweep.repeats; repeat++) {
        for (let fold = 0; fold < sweep.folds; fold++) {
          if (!trial.done.has(fitKey(fold, repeat))) fits.push({ trial, fold, repeat, solo: false });
        }
      }
    }
    // Fold-major within the batch (fold 0 of every trial, then fold 1, ...): every trial reaches
    // minFolds early, and a pruned trial's later folds are still queued, so dropping them saves work.
    if (this.race) {
      const at = (f: QueuedFit) => f.repeat * sweep.folds + f.fold;
      fits.sort((a, b) => at(a) - at(b));
    }
    this.queue.push(...fits);
  }

  private async nextPack(): Promise<QueuedFit[] | null> {
    const { packSize, workers } = this.o;
    if (this.queue.length < packSize * workers && !this.exhausted) await this.claimMore();
    if (this.queue.length === 0) return null;
    // Share the tail of the sweep among the workers instead of leaving one worker with it all.
    const size = Math.max(1, Math.min(packSize, this.exhausted ? Math.ceil(this.queue.length / workers) : packSize));
    const groupOf = (f: QueuedFit) => (f.solo ? `trial ${f.trial.id}` : `${f.trial.config.hidden.join('-')}/${f.trial.config.batchSize}`);
    const group = groupOf(this.queue[0]);
    const pack: QueuedFit[] = [];
    for (let i = 0; i < this.queue.length && pack.length < size; ) {
      if (groupOf(this.queue[i]) === group) pack.push(...this.queue.splice(i, 1));
      else i++;
    }
    return pack;
  }

  private seedOf(f: QueuedFit): string {
    return modelSeed(this.seedRoot, f.trial.key, f.fold, f.repeat);
  }

  private dispatch(fits: QueuedFit[]): void {
    const pack: Pack = { fits, abort: new AbortController(), cancelled: false };
    this.inFlight.add(pack);
    const task: PackTask = {
      engine: this.o.engine,
      backend: this.o.backend,
      curveEvery: this.curveEvery,
      fits: fits.map((f) => ({ trialKey: f.trial.key, config: f.trial.config, fold: f.fold, repeat: f.repeat, seed: this.seedOf(f) })),
    };
    this.pool
      .run(task, { signal: pack.abort.signal })
      .then(
        (outcome) => {
          if (this.closed) return;
          // Trained, whatever becomes of it: even a pack cancelled as its result came back goes to
          // the store, whose fence refuses what this runner no longer holds.
          this.progress.fitsThisRun += fits.length;
          this.unstored.push({ fits, outcome });
        },
        async (err: unknown) => {
          if (!pack.cancelled && !this.closed) await this.packFailed(fits, err);
        },
      )
      .catch((err: unknown) => this.crash(err))
      .finally(() => {
        this.inFlight.delete(pack);
        this.pump();
      });
  }

  private cancel(pack: Pack): void {
    pack.cancelled = true;
    pack.abort.abort();
  }

  /**
   * Stores finished packs in arrival order; a lock leaves them queued for the next try. Every fit
   * goes to the store, even one of a trial this runner has dropped: the store's fence decides, and
   * counts it refused.
   */
  private async flush(): Promise<void> {
    const { store, engine } = this.o;
    while (this.unstored.length > 0 && !this.closed) {
      const { fits, outcome } = this.unstored[0];
      const stored = await this.attempt(() =>
        store.storePack({
          fits: fits.map((f, i) => ({ trialId: f.trial.id, token: f.trial.token, fold: f.fold, repeat: f.repeat, seed: this.seedOf(f), result: outcome.results[i] })),
          backend: outcome.backend,
          engine,
          fitsPerTrial: this.fitsPerTrial,
          owner: this.owner,
          run: this.runId ? { id: this.runId, trained: this.progress.fitsThisRun } : undefined,
          race: fits.some((f) => this.held.has(f.trial.id)) ? this.race : undefined,
        }),
      );
      if (stored === undefined) return;
      this.unstored.shift();
      this.backend ??= outcome.backend;
      for (const id of stored.fenced) this.loseLease(id);
      for (const id of stored.completed) this.held.delete(id);
      for (const id of stored.pruned) this.prune(id);
      this.fitsFenced += stored.refused;
      this.progress.fitsStoredThisRun += stored.stored;
      this.progress.trialsThisRun += stored.completed.length;
      this.report();
    }
  }

  /**
   * A pack failed (the worker threw or died). With several trials in it, none is blamed: each is
   * retried in packs of its own. A trial that fails alone is charged an attempt, and after
   * `maxAttempts` it is marked failed with its own error. Stored folds are never touched.
   */
  private async packFailed(fits: QueuedFit[], err: unknown): Promise<void> {
    const trials = [...new Set(fits.map((f) => f.trial))];
    if (trials.length > 1) {
      this.queue.unshift(...fits.map((f) => ({ ...f, solo: true })));
      return;
    }
    const [trial] = trials;
    if (!this.held.has(trial.id)) return;
    const message = err instanceof Error ? err.message : String(err);
    const verdict = await this.attempt(() => this.o.store.failAttempt({ trialId: trial.id, owner: this.owner, token: trial.token, error: message, maxAttempts: this.o.maxAttempts }));
    if (verdict === 'failed') {
      this.progress.trialsFailedThisRun++;
      this.dropTrial(trial.id);
      this.report();
    } else if (verdict === 'lost') {
      this.loseLease(trial.id);
    } else {
      // Retried, or not yet counted because the database was locked: try the fits again alone.
      this.queue.unshift(...fits.map((f) => ({ ...f, solo: true })));
    }
  }

  private async heartbeat(): Promise<void> {
    if (this.closed || this.held.size === 0) return;
    const asked = performance.now();
    const still = await this.attempt(() => this.o.store.heartbeat(this.owner));
    if (still === undefined || this.closed) return;
    const lapsed = this.leasesLapsed();
    this.renewedAt = asked;
    for (const [id, trial] of this.held) if (still.get(id) !== trial.token) this.loseLease(id);
    if (lapsed) this.pump();
  }

  /** Another runner took this trial over (our lease went stale): drop its work here and say so. */
  private loseLease(id: number): void {
    const trial = this.held.get(id);
    if (!trial) return;
    this.leasesLost++;
    this.dropTrial(id);
    for (const pack of this.inFlight) if (pack.fits.every((f) => f.trial.id === id || !this.held.has(f.trial.id))) this.cancel(pack);
    this.o.onNotice?.(`lost the lease on trial ${trial.key} (another runner took it over while this one was stalled); its results here are dropped`);
  }

  /** Racing stopped this trial: its queued fits go, and packs holding nothing else are cancelled. */
  private prune(id: number): void {
    if (!this.held.has(id)) return;
    this.progress.trialsPrunedThisRun++;
    this.dropTrial(id);
    for (const pack of this.inFlight) if (pack.fits.every((f) => !this.held.has(f.trial.id))) this.cancel(pack);
  }

  private dropTrial(id: number): void {
    this.held.delete(id);
    for (let i = this.queue.length - 1; i >= 0; i--) if (this.queue[i].trial.id === id) this.queue.splice(i, 1);
  }

  private report(): void {
    this.o.onProgress?.({ ...this.progress });
  }
}
