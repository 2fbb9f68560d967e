import type { FitResult, TrainConfig } from '../engine/model.js';
import type { PlannedTrial } from '../sweep/planner.js';
import type { RaceCheck } from '../sweep/racing.js';
import type { DataIdentity } from '../data/identity.js';
import type { TrialScores } from '../sweep/scores.js';

export interface SweepRow {
  id: number;
  name: string;
  spec: string;
  spec_hash: string;
  source_file: string | null;
  data: string;
  seed: number;
  folds: number;
  repeats: number;
  engine: string;
  created_at: string;
  data_sha256: string | null;
  data_rows: number | null;
  data_columns: number | null;
  data_classes: string | null;
}

export type NewSweep = Omit<SweepRow, 'id' | 'created_at' | keyof DataIdentity> & Partial<DataIdentity>;

export interface ClaimedTrial {
  id: number;
  key: string;
  label: string | null;
  config: TrainConfig;
  attempts: number;
  /** The lease token of this claim: writes for the trial are accepted only while it is current. */
  token: number;
  /** (fold, repeat) pairs already stored: never recomputed. */
  done: Set<string>;
}

/** What storing a pack did: trials it completed, and trials whose lease had been taken over (their fits refused). */
export interface StoredPack {
  completed: number[];
  fenced: number[];
  /** Trials racing stopped in this pack (only when racing). */
  pruned?: number[];
}

/** Racing for one pack: the sweep's settings; decisions are made in the pack's transaction. */
export interface RaceStore extends RaceCheck {
  sweepId: number;
}

export interface StoredFit {
  trialId: number;
  /** The lease token the fit was computed under (see ClaimedTrial.token). */
  token?: number;
  fold: number;
  repeat: number;
  seed: string;
  result: FitResult;
}

export interface SweepCounts {
  id: number;
  name: string;
  folds: number;
  repeats: number;
  engine: string;
  created_at: string;
  data: string;
  data_sha256: string | null;
  trials: number;
  done: number;
  running: number;
  pending: number;
  failed: number;
  pruned: number;
  /** Planned fits of pruned trials that were never run. */
  fits_saved: number;
  fits_done: number;
  run_fits: number;
  run_seconds: number;
}

export interface TrialRow {
  id: number;
  sweep_id: number;
  sweep: string;
  folds: number;
  repeats: number;
  trial_key: string;
  label: string | null;
  config: string;
  state: string;
  attempts: number;
  sweep_seed: number;
  data: string;
  data_sha256: string | null;
  started_at: number | null;
  finished_at: number | null;
  error: string | null;
}

export interface FoldResultRow {
  fold: number;
  repeat: number;
  accuracy: number | null;
  loss: number | null;
  train_loss: number | null;
  epochs_run: number;
  diverged: number;
  seconds: number;
  backend: string;
  engine: string;
  seed: string;
  created_at: number;
}

/** Every column of a trial but its ids, as `copy` moves it between stores. */
export interface TrialCopy {
  trial_key: string;
  label: string | null;
  config: string;
  placement: string;
  dropout: number;
  max_norm: number | null;
  lr: number;
  momentum: number;
  epochs: number;
  batch_size: number;
  hidden: string;
  state: string;
  attempts: number;
  lease_owner: string | null;
  lease_token: number;
  heartbeat_at: number | null;
  started_at: number | null;
  finished_at: number | null;
  error: string | null;
  pruned_by: string | null;
  pruned_p: number | null;
  pruned_after: number | null;
}

export interface RunCopy {
  owner: string;
  backend: string | null;
  engine: string;
  workers: number;
  started_at: number;
  ended_at: number | null;
  fits_done: number;
  fits_fenced: number;
  outcome: string | null;
}

/** A whole sweep, as `copy` reads it from one store and writes it to another. */
export interface SweepDump {
  sweep: Omit<SweepRow, 'id'>;
  trials: TrialCopy[];
  folds: (FoldResultRow & { trial_key: string })[];
  runs: RunCopy[];
}

/** What writing a dump added: rows that were missing (a second copy adds none). */
export interface CopyCounts {
  sweeps: number;
  trials: number;
  folds: number;
  runs: number;
}

export interface OpenOptions {
  readonly?: boolean;
  /** SQLite: how long one statement waits for another process's lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
  /** SQLite: read every page before the first write (PRAGMA quick_check), so a run refuses a damaged file up front. */
  check?: boolean;
  /** PostgreSQL: how long to wait for a connection (0 would wait forever). */
  connectTimeoutMs?: number;
}

/**
 * One results store: SQLite (one file) or PostgreSQL (a schema on a server). Every call returns a
 * Promise, because PostgreSQL answers over the network; the runner keeps one call in flight at a
 * time. Both implement the same tables, view, migrations, claims with lease tokens and fenced writes.
 */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** For messages: the file path, or the URL without its password. */
  readonly location: string;
  close(): Promise<void>;

  sweep(name: string): Promise<SweepRow | undefined>;
  sweepNames(): Promise<string[]>;
  /** Writes a sweep and all its planned trials in one transaction; a sweep another runner made first is returned untouched. */
  createSweep(row: NewSweep, trials: PlannedTrial[]): Promise<SweepRow>;
  /** Adds trials not yet in the sweep (extend); returns how many were added. */
  extendSweep(id: number, spec: { spec: string; spec_hash: string; source_file: string | null }, trials: PlannedTrial[]): Promise<number>;
  setDataIdentity(sweepId: number, identity: DataIdentity): Promise<void>;
  retryFailed(sweepId: number): Promise<number>;

  /**
   * Leases up to `limit` trials: pending ones, and running ones whose heartbeat is older than
   * `leaseSeconds` on the store's clock or whose owner `isDead`. Each claim bumps the lease token.
   * A trial whose `plannedFits` are all stored is marked done instead of being handed out.
   */
  claimTrials(sweepId: number, owner: string, limit: number, leaseSeconds: number, isDead: (owner: string) => boolean, plannedFits?: number): Promise<ClaimedTrial[]>;
  /** Renews this owner's leases; returns the trials (id -> token) it still holds. */
  heartbeat(owner: string): Promise<Map<number, number>>;
  otherLeases(sweepId: number, owner: string): Promise<{ owner: string; trials: number }[]>;
  /** Gives this owner's unfinished trials back as pending. */
  release(owner: string): Promise<number>;
  releaseTrial(id: number, owner: string, token: number): Promise<boolean>;
  /** Stores one pack in one transaction; with `owner`, fits of trials whose lease it lost are refused (fenced). */
  /** With `race`, each live unfinished trial of the pack is raced against the best complete trial, in the same transaction. */
  storeFits(fits: StoredFit[], backend: string, engine: string, plannedFits: number, owner?: string, runId?: number, race?: RaceStore): Promise<StoredPack>;
  failAttempt(trialId: number, owner: string, token: number, error: string, maxAttempts: number): Promise<'retry' | 'failed' | 'lost'>;

  startRun(sweepId: number, owner: string, backend: string | null, engine: string, workers: number): Promise<number>;
  progressRun(runId: number, fits: number, fenced?: number): Promise<void>;
  endRun(runId: number, outcome: string): Promise<void>;

  sweepCounts(): Promise<SweepCounts[]>;
  fitTimings(engine: string): Promise<{ config: TrainConfig; rows: number; columns: number; folds: number; seconds: number; fits: number }[]>;
  trialScores(sweep: SweepRow, where?: string): Promise<TrialScores[]>;
  trialsByPrefix(prefix: string, sweep?: string): Promise<TrialRow[]>;
  foldResults(trialId: number): Promise<FoldResultRow[]>;
  exportRows(sweepId: number): Promise<Record<string, unknown>[]>;
  /** The user's SQL, read-only: a statement that would write is refused. */
  userQuery(text: string): Promise<{ columns: string[]; rows: Record<string, unknown>[] }>;
  bestMean(sweep: string): Promise<number | null>;
  /** The engines and backends that computed a sweep's stored fits. */
  sweepBackends(sweepId: number): Promise<{ engine: string; backend: string }[]>;

  dumpSweep(name: string): Promise<SweepDump | undefined>;
  /** Adds what is missing of a dump in one transaction (checked for conflicts by the caller). */
  loadDump(dump: SweepDump): Promise<CopyCounts>;
}

export const fitKey = (fold: number, repeat: number) => `${fold}/${repeat}`;

/**
 * Rows of the user's query as objects keyed by column, from rows as arrays: a name that repeats
 * (`SELECT t.id, s.id`) gets `_2`, `_3`, ... so no column overwrites another.
 */
export function namedRows(names: string[], raw: unknown[][]): { columns: string[]; rows: Record<string, unknown>[] } {
  const seen = new Map<string, number>();
  const columns = names.map((name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name}_${n}`;
  });
  return { columns, rows: raw.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]]))) };
}
