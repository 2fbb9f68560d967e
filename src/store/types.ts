import type { FitResult, LearningCurve, TrainConfig } from '../engine/model.js';
import type { CurveColumns } from './core/curve-blobs.js';
import type { RaceRule } from '../sweep/racing.js';
import type { DataIdentity } from '../data/identity.js';
import type { MetricName } from '../stats/metrics.js';

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
  /** The race settings (JSON) the sweep was first raced with; null for a sweep that never raced. */
  race: string | null;
}

export type NewSweep = Omit<SweepRow, 'id' | 'created_at' | 'race' | keyof DataIdentity> & Partial<DataIdentity> & { race?: string | null };

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

/** What storing a pack did. */
export interface StoredPack {
  /** Trials the pack completed (every planned fit stored). */
  completed: number[];
  /** Trials whose lease had been taken over (or that were finished or pruned meanwhile): their fits were refused. */
  fenced: number[];
  /** Trials racing stopped in this pack (empty without racing). */
  pruned: number[];
  /** Rows inserted: a fit already stored (same trial, fold, repeat) is not inserted again. */
  stored: number;
  /** Fits refused by the fence. */
  refused: number;
}

/** The racing of one sweep, as the store runs it for each pack: the sweep and the check's settings. */
export interface SweepRacing extends RaceRule {
  sweepId: number;
  /** The sweep's ranking metric (default accuracy): the reference is the best by it, and the tests compare its fold values. */
  metric?: MetricName;
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
  /** Held-out metrics besides accuracy (schema 5); NULL for fits stored before, or diverged. */
  balanced_accuracy: number | null;
  macro_f1: number | null;
  log_loss: number | null;
  roc_auc: number | null;
}

/** One fold's stored learning curve (src/store/core/curve-blobs.ts). */
export interface FoldCurve {
  fold: number;
  repeat: number;
  curve: LearningCurve;
}

/** A trial's settings as the trials table holds them, one column each (for queries; `config` is the whole). */
export interface TrialSettingColumns {
  placement: string;
  dropout: number;
  max_norm: number | null;
  lr: number;
  momentum: number;
  epochs: number;
  batch_size: number;
  hidden: string;
}

/** Every column of a trial but its ids, as `copy` moves it between stores. */
export interface TrialCopy extends TrialSettingColumns {
  trial_key: string;
  label: string | null;
  config: string;
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
  /** Null for runs recorded before schema 4, which did not count what they trained. */
  fits_trained: number | null;
  outcome: string | null;
}

/** A whole sweep, as `copy` reads it from one store and writes it to another. */
export interface SweepDump {
  sweep: Omit<SweepRow, 'id'>;
  trials: TrialCopy[];
  folds: (FoldResultRow & { trial_key: string })[];
  /** The folds' learning curves as stored (packed arrays); absent in a dump made before schema 5. */
  curves?: (CurveColumns & { trial_key: string; fold: number; repeat: number })[];
  runs: RunCopy[];
  /** The sweep's notes by trial key (null: the sweep's own); a note already in the target is kept. */
  notes?: { trial_key: string | null; text: string; created_at: number }[];
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

/** A runner asks for work: up to `limit` trials of a sweep. */
export interface ClaimRequest {
  sweepId: number;
  owner: string;
  limit: number;
  /** A lease whose heartbeat is older than this (on the store's clock) is taken over. */
  leaseSeconds: number;
  /** A lease whose owner is dead (a process gone on this host) is taken over at once. */
  isDead: (owner: string) => boolean;
  /** Fits (folds x repeats) of one trial: a trial with every fit stored is marked done instead of handed out. */
  fitsPerTrial: number;
}

/** One pack of finished fits, as a runner stores it. */
export interface PackToStore {
  fits: StoredFit[];
  backend: string;
  engine: string;
  fitsPerTrial: number;
  /** The runner storing: fits of trials it no longer holds under the fit's token are refused (fenced). */
  owner: string;
  /** The run whose counts the pack adds to, in the same commit, and the fits it has trained so far. */
  run?: { id: number; trained: number };
  /** Each live unfinished trial of the pack is raced against the best complete trial, in the same transaction. */
  race?: SweepRacing;
}

export interface NewRun {
  sweepId: number;
  owner: string;
  backend: string | null;
  engine: string;
  workers: number;
}

export interface FailedAttempt {
  trialId: number;
  owner: string;
  token: number;
  error: string;
  maxAttempts: number;
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
