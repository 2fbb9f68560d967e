import type { Dataset } from '../data/dataset.js';
import type { LeaseStore, SweepRow } from '../store/store.js';
import type { RaceSettings } from '../sweep/racing.js';

/** A lease not renewed for this long is taken to be abandoned by its runner. */
export const DEFAULT_LEASE_SECONDS = 60;
/** How long a runner keeps retrying a locked database before it stops. */
export const DEFAULT_STORE_TIMEOUT_SECONDS = 300;

export interface RunOptions {
  store: LeaseStore;
  sweep: SweepRow;
  data: Dataset;
  foldOf: Int32Array;
  /** With `splitSeeds`: each repeat's own split (foldOf is repeat 0's). */
  foldOfRepeats?: Int32Array[];
  engine: string;
  backend?: string;
  workers: number;
  packSize: number;
  maxAttempts: number;
  /** How long a stop waits for packs in flight before giving them back. */
  graceMs: number;
  leaseSeconds?: number;
  storeTimeoutSeconds?: number;
  onProgress?: (p: RunProgress) => void;
  /** A stop began (signal name), with how many packs are still in flight. */
  onStopping?: (reason: string, inFlight: number) => void;
  /** Something the user should know mid-run: a lost lease, a locked database. */
  onNotice?: (line: string) => void;
  /** Fold-level racing: stop trials clearly worse than the best complete one. */
  race?: RaceSettings;
}

export interface RunProgress {
  /** Fold fits this runner trained: its workers' results, counted as they arrive. */
  fitsThisRun: number;
  /** Rows this runner inserted (a fit already stored, or refused, is not counted). */
  fitsStoredThisRun: number;
  trialsThisRun: number;
  trialsFailedThisRun: number;
  /** Trials this runner's packs got pruned by racing. */
  trialsPrunedThisRun: number;
  /** Set while this runner has nothing to claim and waits on other runners' leases. */
  waitingOn: { owner: string; trials: number }[] | null;
}

export interface RunSummary extends RunProgress {
  outcome: 'completed' | 'interrupted' | 'store-fault';
  /** The signal that interrupted the run, or the store fault in one line. */
  reason: string | null;
  /** Fits trained but refused by the store's fence: another runner had taken the trial over (or it was finished or pruned meanwhile). */
  fitsFenced: number;
  /** Trials whose lease this runner lost to another runner. */
  leasesLost: number;
  /**
   * Fits trained that never reached the store (a store fault, or a locked database at the end).
   * Trained = stored + fenced + lost, unless a fit was stored twice (then trained is larger).
   */
  fitsLost: number;
  backend: string | null;
  seconds: number;
}
