import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '../errors.js';
import type { FitResult, TrainConfig } from '../engine/model.js';
import type { PlannedTrial } from '../sweep/planner.js';
import { MIGRATIONS, SCHEMA_VERSION, sql } from './sql.js';

export const DEFAULT_DB = 'results/dropsweep.sqlite';

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
}

export interface ClaimedTrial {
  id: number;
  key: string;
  label: string | null;
  config: TrainConfig;
  attempts: number;
  /** (fold, repeat) pairs already stored: never recomputed. */
  done: Set<string>;
}

export interface StoredFit {
  trialId: number;
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
  trials: number;
  done: number;
  running: number;
  pending: number;
  failed: number;
  fits_done: number;
  run_fits: number;
  run_seconds: number;
}

/** A trial's configuration as its own columns (hidden widths joined: `60-30`). */
export interface TrialSettings {
  placement: string;
  dropout: number;
  maxNorm: number | null;
  lr: number;
  momentum: number;
  epochs: number;
  batchSize: number;
  hidden: string;
}

/** One trial with its stored fold results, as the store reads them. */
export interface TrialScores extends TrialSettings {
  trialKey: string;
  label: string | null;
  state: string;
  error: string | null;
  /** Fold results keyed by `fold/repeat`. */
  folds: Map<string, { accuracy: number | null; diverged: boolean; seconds: number }>;
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

interface ScoreRow {
  id: number;
  trial_key: string;
  label: string | null;
  state: string;
  error: string | null;
  placement: string;
  dropout: number;
  max_norm: number | null;
  lr: number;
  momentum: number;
  epochs: number;
  batch_size: number;
  hidden: string;
  folds: string;
}

const now = () => Date.now() / 1000;
export const fitKey = (fold: number, repeat: number) => `${fold}/${repeat}`;

/**
 * The SQLite store. WAL lets readers (status, leaderboard) run beside a writing runner; the busy
 * timeout makes a second runner wait for a lock instead of failing; claims run in BEGIN IMMEDIATE
 * transactions so two runners never lease the same trial.
 */
export class Store {
  readonly db: Database.Database;

  private constructor(db: Database.Database) {
    this.db = db;
  }

  static open(path: string = DEFAULT_DB, options: { readonly?: boolean; mustExist?: boolean } = {}): Store {
    if (!options.readonly && !options.mustExist) mkdirSync(dirname(path), { recursive: true });
    let db: Database.Database;
    try {
      db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: Boolean(options.readonly || options.mustExist) });
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'SQLITE_CANTOPEN') throw new UserError(`${path}: no such database (run a sweep first, or pass --db)`);
      throw new UserError(`${path}: cannot open the database (${(err as Error).message})`);
    }
    const store = new Store(db);
    try {
      db.pragma('busy_timeout = 10000');
      if (!options.readonly) {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
      }
      db.pragma('foreign_keys = ON');
      store.migrate(path, options.readonly ?? false);
    } catch (err) {
      db.close();
      if (err instanceof UserError) throw err;
      if ((err as { code?: string }).code === 'SQLITE_NOTADB') throw new UserError(`${path}: not a SQLite database`);
      throw err;
    }
    return store;
  }

  private migrate(path: string, readonly: boolean): void {
    const tables = new Set((this.db.prepare(sql.listTables).all() as { name: string }[]).map((t) => t.name));
    const ours = tables.has('schema_version') && tables.has('sweeps');
    if (tables.size > 0 && !ours) throw new UserError(`${path}: not a dropsweep database (it has other tables)`);
    if (readonly) {
      if (!ours) throw new UserError(`${path}: not a dropsweep database (no sweeps in it)`);
      return;
    }
    this.db.exec(sql.schemaVersionTable);
    const current = (this.db.prepare(sql.schemaVersion).get() as { version: number | null }).version ?? 0;
    if (current > SCHEMA_VERSION) {
      throw new UserError(`${path}: made by a newer dropsweep (schema ${current}, this one knows ${SCHEMA_VERSION})`);
    }
    for (let v = current + 1; v <= SCHEMA_VERSION; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v]);
        this.db.prepare(sql.setSchemaVersion).run(v);
      }).immediate();
    }
  }

  close(): void {
    this.db.close();
  }

  sweep(name: string): SweepRow | undefined {
    return this.db.prepare(sql.sweepByName).get(name) as SweepRow | undefined;
  }

  sweepNames(): string[] {
    return (this.db.prepare(sql.sweepNames).all() as { name: string }[]).map((r) => r.name);
  }

  /**
   * Writes a sweep and all its planned trials in one transaction: a plan is stored whole or not at
   * all. If another runner created the name first, returns that one untouched.
   */
  createSweep(row: Omit<SweepRow, 'id' | 'created_at'>, trials: PlannedTrial[]): SweepRow {
    return this.db.transaction(() => {
      const raced = this.sweep(row.name);
      if (raced) return raced;
      const info = this.db.prepare(sql.insertSweep).run({ ...row, created_at: new Date().toISOString() });
      this.insertTrials(Number(info.lastInsertRowid), trials);
      return this.sweep(row.name)!;
    }).immediate();
  }

  /** Adds trials not yet in the sweep (extend); existing trials and their results are kept. */
  extendSweep(id: number, spec: { spec: string; spec_hash: string; source_file: string | null }, trials: PlannedTrial[]): number {
    return this.db.transaction(() => {
      this.db.prepare(sql.updateSweepSpec).run({ id, ...spec });
      return this.insertTrials(id, trials);
    }).immediate();
  }

  private insertTrials(sweepId: number, trials: PlannedTrial[]): number {
    const insert = this.db.prepare(sql.insertTrial);
    let added = 0;
    for (const t of trials) {
      added += insert.run({
        sweep_id: sweepId,
        trial_key: t.key,
        label: t.label ?? null,
        config: JSON.stringify(t.config),
        placement: t.config.placement,
        dropout: t.config.dropout,
        max_norm: t.config.maxNorm,
        lr: t.config.lr,
        momentum: t.config.momentum,
        epochs: t.config.epochs,
        batch_size: t.config.batchSize,
        hidden: t.config.hidden.join('-'),
      }).changes;
    }
    return added;
  }

  trialKeys(sweepId: number): Set<string> {
    return new Set((this.db.prepare(sql.trialKeys).all(sweepId) as { trial_key: string }[]).map((r) => r.trial_key));
  }

  /**
   * Leases up to `limit` trials: pending ones, and running ones whose owner stopped heart-beating
   * before `staleBefore` or is known dead. BEGIN IMMEDIATE takes the write lock before reading, so
   * two runners cannot pick the same rows.
   */
  claimTrials(sweepId: number, owner: string, limit: number, staleBefore: number, isDead: (owner: string) => boolean): ClaimedTrial[] {
    return this.db.transaction(() => {
      const owners = (this.db.prepare(sql.runningOwners).all(sweepId) as { lease_owner: string | null }[])
        .map((r) => r.lease_owner)
        .filter((o): o is string => o !== null && o !== owner && isDead(o));
      const ids = this.db
        .prepare(sql.claimable)
        .all({ sweep_id: sweepId, stale_before: staleBefore, dead_owners: JSON.stringify(owners), limit }) as { id: number }[];
      const claim = this.db.prepare(sql.claim);
      const doneFits = this.db.prepare(sql.doneFits);
      const t = now();
      return ids.map(({ id }) => {
        const row = claim.get({ id, owner, now: t }) as { id: number; trial_key: string; label: string | null; config: string; attempts: number };
        const done = new Set((doneFits.all(id) as { fold: number; repeat: number }[]).map((r) => fitKey(r.fold, r.repeat)));
        return { id: row.id, key: row.trial_key, label: row.label, config: JSON.parse(row.config) as TrainConfig, attempts: row.attempts, done };
      });
    }).immediate();
  }

  heartbeat(owner: string): void {
    this.db.prepare(sql.heartbeat).run({ owner, now: now() });
  }

  /** Gives this owner's unfinished trials back as pending (Ctrl-C). */
  release(owner: string): number {
    return this.db.prepare(sql.release).run({ owner }).changes;
  }

  /**
   * Stores one pack's fold results in one transaction and marks trials done whose every fold is
   * in. A result already stored (same trial, fold, repeat) is ignored, never duplicated.
   * Returns the ids of trials that completed.
   */
  storeFits(fits: StoredFit[], backend: string, engine: string, plannedFits: number): number[] {
    return this.db.transaction(() => {
      const insert = this.db.prepare(sql.insertFoldResult);
      const t = now();
      for (const f of fits) {
        insert.run({
          trial_id: f.trialId,
          fold: f.fold,
          repeat: f.repeat,
          accuracy: f.result.accuracy,
          loss: f.result.loss,
          train_loss: Number.isFinite(f.result.trainLoss) ? f.result.trainLoss : null,
          epochs_run: f.result.epochsRun,
          diverged: f.result.diverged ? 1 : 0,
          seconds: f.result.seconds,
          backend,
          engine,
          seed: f.seed,
          created_at: t,
        });
      }
      const count = this.db.prepare(sql.countFits);
      const finish = this.db.prepare(sql.finishTrial);
      const completed: number[] = [];
      for (const id of new Set(fits.map((f) => f.trialId))) {
        if ((count.get(id) as { n: number }).n >= plannedFits) {
          finish.run({ id, now: t });
          completed.push(id);
        }
      }
      return completed;
    }).immediate();
  }

  finishTrial(id: number): void {
    this.db.prepare(sql.finishTrial).run({ id, now: now() });
  }

  /**
   * Counts a failed attempt; at `maxAttempts` the trial is marked failed. Returns true if it has
   * failed for good. A trial already failed (another of its packs got there first) is not counted again.
   */
  failAttempt(trialId: number, error: string, maxAttempts: number): boolean {
    return this.db.transaction(() => {
      const row = this.db.prepare(sql.failAttempt).get({ id: trialId, error }) as { attempts: number } | undefined;
      if (!row) return true;
      if (row.attempts < maxAttempts) return false;
      this.db.prepare(sql.failTrial).run({ id: trialId, now: now() });
      return true;
    }).immediate();
  }

  retryFailed(sweepId: number): number {
    return this.db.prepare(sql.retryFailed).run(sweepId).changes;
  }

  startRun(sweepId: number, owner: string, backend: string | null, engine: string, workers: number): number {
    return Number(this.db.prepare(sql.startRun).run({ sweep_id: sweepId, owner, backend, engine, workers, now: now() }).lastInsertRowid);
  }

  progressRun(runId: number, fits: number): void {
    this.db.prepare(sql.progressRun).run({ id: runId, fits, now: now() });
  }

  endRun(runId: number, outcome: string): void {
    this.db.prepare(sql.endRun).run({ id: runId, outcome, now: now() });
  }

  sweepCounts(): SweepCounts[] {
    return this.db.prepare(sql.sweepCounts).all() as SweepCounts[];
  }

  /** Training seconds and epochs of every stored fit of one architecture and engine (for estimates). */
  fitSecondsOf(hidden: string, engine: string): { seconds: number; epochs: number } | null {
    const row = this.db.prepare(sql.fitSecondsOf).get({ hidden, engine }) as { seconds: number | null; epochs: number | null };
    return row.seconds && row.epochs ? { seconds: row.seconds, epochs: row.epochs } : null;
  }

  /** Every trial of a sweep with its fold results, in one query; `where` filters on trial_summary columns. */
  trialScores(sweep: SweepRow, where?: string): TrialScores[] {
    let statement: Database.Statement;
    try {
      statement = this.db.prepare(sql.trialScores(where));
    } catch (err) {
      throw new UserError(`option --where: ${(err as Error).message}`);
    }
    const rows = statement.all({ sweep_id: sweep.id, ...(where ? { sweep_name: sweep.name } : {}) }) as ScoreRow[];
    return rows.map((r) => ({
      trialKey: r.trial_key,
      label: r.label,
      state: r.state,
      error: r.error,
      placement: r.placement,
      dropout: r.dropout,
      maxNorm: r.max_norm,
      lr: r.lr,
      momentum: r.momentum,
      epochs: r.epochs,
      batchSize: r.batch_size,
      hidden: r.hidden,
      folds: new Map(
        (JSON.parse(r.folds) as [number, number, number | null, number, number][]).map(([fold, repeat, accuracy, diverged, seconds]) => [
          fitKey(fold, repeat),
          { accuracy, diverged: diverged === 1, seconds },
        ]),
      ),
    }));
  }

  /** Trials whose key starts with `prefix` (in one sweep, or any). */
  trialsByPrefix(prefix: string, sweep?: string): TrialRow[] {
    return this.db.prepare(sql.trialsByPrefix).all({ prefix, sweep: sweep ?? null }) as TrialRow[];
  }

  foldResults(trialId: number): FoldResultRow[] {
    return this.db.prepare(sql.foldResultsOf).all(trialId) as FoldResultRow[];
  }

  /** Every fold result of a sweep with its configuration, streamed. */
  exportRows(sweepId: number): IterableIterator<Record<string, unknown>> {
    return this.db.prepare(sql.exportRows).iterate(sweepId) as IterableIterator<Record<string, unknown>>;
  }

  /** Runs the user's SQL; only statements that read are accepted (and the connection is read-only). */
  userQuery(text: string): { columns: string[]; rows: Record<string, unknown>[] } {
    let statement: Database.Statement;
    try {
      statement = this.db.prepare(text);
    } catch (err) {
      throw new UserError(`query: ${(err as Error).message}`);
    }
    if (!statement.reader) throw new UserError('query: only statements that return rows (SELECT, WITH, PRAGMA ...) are allowed; the database is opened read-only');
    try {
      const rows = statement.all() as Record<string, unknown>[];
      return { columns: statement.columns().map((c) => c.name), rows };
    } catch (err) {
      throw new UserError(`query: ${(err as Error).message}`);
    }
  }

  bestMean(sweep: string): number | null {
    return (this.db.prepare(sql.bestMean).get(sweep) as { best: number | null }).best;
  }
}
