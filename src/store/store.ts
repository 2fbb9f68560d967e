import Database from 'better-sqlite3';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserError } from '../errors.js';
import type { FitResult, TrainConfig } from '../engine/model.js';
import type { PlannedTrial } from '../sweep/planner.js';
import { damagedDatabase, storeFaultKind } from './faults.js';
import { MIGRATIONS, SCHEMA_VERSION, sql } from './sql.js';

export const DEFAULT_DB = 'results/dropsweep.sqlite';

/** The database a command uses: `--db`, else DROPSWEEP_DB, else results/dropsweep.sqlite under the current folder. */
export function chooseDb(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? (env.DROPSWEEP_DB || DEFAULT_DB);
}

export interface DataIdentity {
  data_sha256: string;
  data_rows: number;
  data_columns: number;
  /** Rows per class as JSON, e.g. {"M":111,"R":97}. */
  data_classes: string;
}

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

export interface OpenOptions {
  readonly?: boolean;
  /** How long one statement waits for another process's lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
  /** Read every page before the first write (PRAGMA quick_check): a run refuses a damaged file up front. */
  check?: boolean;
}

/** A path that can only be a mistake: a URL, or a folder that cannot be made. */
function checkLocation(path: string): void {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
    throw new UserError(`--db ${path}: not a database file path (only SQLite files are supported by this version)`);
  }
  if (path === '' || path.endsWith('/')) throw new UserError(`--db "${path}": give a file path, e.g. results/dropsweep.sqlite`);
}

/** Creates the missing folders above `path` one by one, so an impossible path fails at once with its name. */
function ensureFolder(path: string): void {
  const missing: string[] = [];
  let dir = resolve(dirname(path));
  while (!existsSync(dir)) {
    missing.unshift(dir);
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UserError(`--db ${path}: ${dir} is a file, not a folder`);
  for (const m of missing) {
    try {
      mkdirSync(m);
    } catch (err) {
      throw new UserError(`--db ${path}: cannot create the folder ${m} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  }
}

/**
 * The SQLite store. WAL lets readers (status, leaderboard) run beside a writing runner; claims run
 * in BEGIN IMMEDIATE transactions so two runners never lease the same trial; every write for a
 * trial checks its lease token, so a runner that lost a lease cannot write for it.
 */
export class Store {
  readonly db: Database.Database;
  readonly path: string;
  private readonly statements = new Map<string, Database.Statement>();

  private constructor(db: Database.Database, path: string) {
    this.db = db;
    this.path = path;
  }

  /**
   * Opens (or creates) a database. An existing file is first inspected read-only: a file that is not
   * ours, made by a newer dropsweep, or damaged is refused byte-for-byte unchanged, before anything
   * (WAL mode, migrations) would write to it.
   */
  static open(path: string = DEFAULT_DB, options: OpenOptions = {}): Store {
    checkLocation(path);
    const exists = existsSync(path);
    if (options.readonly && !exists) {
      throw new UserError(`${path}: no database here (looked at ${resolve(path)}). Run a sweep first (dropsweep run sweeps/tutorial.yaml), or pass --db or set DROPSWEEP_DB`);
    }
    let version = 0;
    if (exists && statSync(path).size > 0) {
      const probe = Store.connect(path, true);
      try {
        version = probe.inspect(options.check ?? false);
      } finally {
        probe.db.close();
      }
    }
    if (options.readonly && version === SCHEMA_VERSION) {
      const store = Store.connect(path, true);
      store.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
      return store;
    }
    // A read command on an older database of ours migrates it (additive changes only), then reads.
    if (!exists) ensureFolder(path);
    const store = Store.connect(path, false);
    try {
      store.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
      store.db.pragma('journal_mode = WAL');
      // FULL: a commit survives a power cut (NORMAL in WAL mode may lose the last ones); bench: about 1 ms a pack.
      store.db.pragma('synchronous = FULL');
      store.db.pragma('foreign_keys = ON');
      store.migrate(version);
    } catch (err) {
      store.db.close();
      throw err;
    }
    return store;
  }

  private static connect(path: string, readonly: boolean): Store {
    try {
      return new Store(new Database(path, { readonly, fileMustExist: readonly }), path);
    } catch (err) {
      if (err instanceof UserError) throw err;
      throw new UserError(`${path}: cannot open the database (${(err as NodeJS.ErrnoException).code ?? ''} ${(err as Error).message})`.replace('( ', '('));
    }
  }

  /** Checks (read-only) that the file is a dropsweep database this version can use; returns its schema version. */
  private inspect(check: boolean): number {
    try {
      const tables = new Set((this.prepare(sql.listTables).all() as { name: string }[]).map((t) => t.name));
      if (tables.size === 0) return 0;
      if (!tables.has('schema_version') || !tables.has('sweeps')) throw new UserError(`${this.path}: not a dropsweep database (it has other tables)`);
      const version = (this.prepare(sql.schemaVersion).get() as { version: number | null }).version ?? 0;
      if (version > SCHEMA_VERSION) {
        throw new UserError(`${this.path}: made by a newer dropsweep (schema ${version}, this one knows ${SCHEMA_VERSION}); nothing was changed`);
      }
      if (check) {
        const result = this.db.pragma('quick_check(1)', { simple: true });
        if (result !== 'ok') throw damagedDatabase(this.path, new Error(String(result)));
      }
      return version;
    } catch (err) {
      if (err instanceof UserError) throw err;
      if ((err as { code?: string }).code === 'SQLITE_NOTADB') throw new UserError(`${this.path}: not a SQLite database; nothing was changed`);
      if (storeFaultKind(err) === 'corrupt') throw damagedDatabase(this.path, err);
      throw err;
    }
  }

  /**
   * Migrates in one write transaction that re-reads the version under the lock: two runners
   * opening a new file migrate it once, and no reader ever sees a half-made schema (a
   * schema_version table without sweeps would look like someone else's database).
   */
  private migrate(seen: number): void {
    if (seen >= SCHEMA_VERSION) return;
    this.db.transaction(() => {
      this.db.exec(sql.schemaVersionTable);
      const current = (this.prepare(sql.schemaVersion).get() as { version: number | null }).version ?? 0;
      for (let v = current + 1; v <= SCHEMA_VERSION; v++) {
        this.db.exec(MIGRATIONS[v]);
        this.prepare(sql.setSchemaVersion).run(v);
      }
    }).immediate();
  }

  /** Statements are prepared once per connection. */
  private prepare(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  close(): void {
    this.db.close();
  }

  sweep(name: string): SweepRow | undefined {
    return this.prepare(sql.sweepByName).get(name) as SweepRow | undefined;
  }

  sweepNames(): string[] {
    return (this.prepare(sql.sweepNames).all() as { name: string }[]).map((r) => r.name);
  }

  /**
   * Writes a sweep and all its planned trials in one transaction: a plan is stored whole or not at
   * all. If another runner created the name first, returns that one untouched.
   */
  createSweep(row: NewSweep, trials: PlannedTrial[]): SweepRow {
    return this.db.transaction(() => {
      const raced = this.sweep(row.name);
      if (raced) return raced;
      const info = this.prepare(sql.insertSweep).run({ data_sha256: null, data_rows: null, data_columns: null, data_classes: null, ...row, created_at: new Date().toISOString() });
      this.insertTrials(Number(info.lastInsertRowid), trials);
      return this.sweep(row.name)!;
    }).immediate();
  }

  /** Adds trials not yet in the sweep (extend); existing trials and their results are kept. */
  extendSweep(id: number, spec: { spec: string; spec_hash: string; source_file: string | null }, trials: PlannedTrial[]): number {
    return this.db.transaction(() => {
      this.prepare(sql.updateSweepSpec).run({ id, ...spec });
      return this.insertTrials(id, trials);
    }).immediate();
  }

  private insertTrials(sweepId: number, trials: PlannedTrial[]): number {
    const insert = this.prepare(sql.insertTrial);
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

  /**
   * Leases up to `limit` trials: pending ones, and running ones whose owner stopped heart-beating
   * before `staleBefore` or is known dead. BEGIN IMMEDIATE takes the write lock before reading, so
   * two runners cannot pick the same rows. Each claim gets a new lease token. A trial whose every
   * fit is already stored is marked done here instead of being handed out.
   */
  claimTrials(sweepId: number, owner: string, limit: number, staleBefore: number, isDead: (owner: string) => boolean, plannedFits = Infinity): ClaimedTrial[] {
    return this.db.transaction(() => {
      const owners = (this.prepare(sql.runningOwners).all(sweepId) as { lease_owner: string | null }[])
        .map((r) => r.lease_owner)
        .filter((o): o is string => o !== null && o !== owner && isDead(o));
      const ids = this.prepare(sql.claimable).all({ sweep_id: sweepId, stale_before: staleBefore, dead_owners: JSON.stringify(owners), limit }) as { id: number }[];
      const claim = this.prepare(sql.claim);
      const doneFits = this.prepare(sql.doneFits);
      const t = now();
      const claimed: ClaimedTrial[] = [];
      for (const { id } of ids) {
        const row = claim.get({ id, owner, now: t }) as { id: number; trial_key: string; label: string | null; config: string; attempts: number; lease_token: number };
        const done = new Set((doneFits.all(id) as { fold: number; repeat: number }[]).map((r) => fitKey(r.fold, r.repeat)));
        if (done.size >= plannedFits) {
          this.prepare(sql.finishTrial).run({ id, now: t });
          continue;
        }
        claimed.push({ id: row.id, key: row.trial_key, label: row.label, config: JSON.parse(row.config) as TrainConfig, attempts: row.attempts, token: row.lease_token, done });
      }
      return claimed;
    }).immediate();
  }

  /** Renews this owner's leases; returns the trials (id -> token) it still holds, so a lost lease shows at once. */
  heartbeat(owner: string): Map<number, number> {
    const rows = this.prepare(sql.heartbeat).all({ owner, now: now() }) as { id: number; lease_token: number }[];
    return new Map(rows.map((r) => [r.id, r.lease_token]));
  }

  /** Other owners holding live leases in this sweep, with how many trials each. */
  otherLeases(sweepId: number, owner: string): { owner: string; trials: number }[] {
    return this.prepare(sql.otherLeases).all({ sweep_id: sweepId, owner }) as { owner: string; trials: number }[];
  }

  /** Gives this owner's unfinished trials back as pending (Ctrl-C). */
  release(owner: string): number {
    return this.prepare(sql.release).run({ owner }).changes;
  }

  /** Gives one trial back as pending, if this owner still holds it under this token. */
  releaseTrial(id: number, owner: string, token: number): boolean {
    return this.prepare(sql.releaseTrial).run({ id, owner, token }).changes > 0;
  }

  /**
   * Stores one pack's fold results in one transaction and marks trials done whose every fold is
   * in. A result already stored (same trial, fold, repeat) is ignored, never duplicated. With an
   * `owner`, a trial's fits are stored only while that owner holds its lease under the fit's token:
   * a runner whose lease was taken over is refused (fenced), and told which trials.
   */
  storeFits(fits: StoredFit[], backend: string, engine: string, plannedFits: number, owner?: string, runId?: number): StoredPack {
    return this.db.transaction(() => {
      const fenced = new Set<number>();
      if (owner !== undefined) {
        const leaseOf = this.prepare(sql.leaseOf);
        for (const [id, token] of new Map(fits.map((f) => [f.trialId, f.token]))) {
          const lease = leaseOf.get(id) as { lease_owner: string | null; lease_token: number; state: string } | undefined;
          if (!lease || lease.state !== 'running' || lease.lease_owner !== owner || lease.lease_token !== token) fenced.add(id);
        }
      }
      const insert = this.prepare(sql.insertFoldResult);
      const t = now();
      for (const f of fits) {
        if (fenced.has(f.trialId)) continue;
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
      const count = this.prepare(sql.countFits);
      const finish = this.prepare(sql.finishTrial);
      const completed: number[] = [];
      for (const id of new Set(fits.map((f) => f.trialId))) {
        if (fenced.has(id)) continue;
        if ((count.get(id) as { n: number }).n >= plannedFits) {
          finish.run({ id, now: t });
          completed.push(id);
        }
      }
      // The run's own count goes in the same commit: one fsync per pack, and the count never disagrees with the rows.
      if (runId !== undefined) {
        const refused = fits.filter((f) => fenced.has(f.trialId)).length;
        this.prepare(sql.progressRun).run({ id: runId, fits: fits.length - refused, fenced: refused, now: t });
      }
      return { completed, fenced: [...fenced] };
    }).immediate();
  }

  /**
   * Counts a failed attempt of a trial this owner holds; at `maxAttempts` the trial is marked
   * failed. `lost`: the lease was taken over meanwhile, and nothing was counted.
   */
  failAttempt(trialId: number, owner: string, token: number, error: string, maxAttempts: number): 'retry' | 'failed' | 'lost' {
    return this.db.transaction(() => {
      const row = this.prepare(sql.failAttempt).get({ id: trialId, owner, token, error }) as { attempts: number } | undefined;
      if (!row) return 'lost';
      if (row.attempts < maxAttempts) return 'retry';
      this.prepare(sql.failTrial).run({ id: trialId, now: now() });
      return 'failed';
    }).immediate();
  }

  /** Records the data a sweep runs on, where it was made before identities were recorded. */
  setDataIdentity(sweepId: number, identity: DataIdentity): void {
    this.prepare(sql.setDataIdentity).run({ id: sweepId, ...identity });
  }

  retryFailed(sweepId: number): number {
    return this.prepare(sql.retryFailed).run(sweepId).changes;
  }

  startRun(sweepId: number, owner: string, backend: string | null, engine: string, workers: number): number {
    return Number(this.prepare(sql.startRun).run({ sweep_id: sweepId, owner, backend, engine, workers, now: now() }).lastInsertRowid);
  }

  progressRun(runId: number, fits: number, fenced = 0): void {
    this.prepare(sql.progressRun).run({ id: runId, fits, fenced, now: now() });
  }

  endRun(runId: number, outcome: string): void {
    this.prepare(sql.endRun).run({ id: runId, outcome, now: now() });
  }

  sweepCounts(): SweepCounts[] {
    return this.prepare(sql.sweepCounts).all() as SweepCounts[];
  }

  /** Training seconds of every trial's finished fits on one engine, with its configuration and data size (for estimates). */
  fitTimings(engine: string): { config: TrainConfig; rows: number; columns: number; folds: number; seconds: number; fits: number }[] {
    const rows = this.prepare(sql.fitTimings).all({ engine }) as { config: string; rows: number; columns: number; folds: number; seconds: number; fits: number }[];
    return rows.map((r) => ({ ...r, config: JSON.parse(r.config) as TrainConfig }));
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
    return this.prepare(sql.trialsByPrefix).all({ prefix, sweep: sweep ?? null }) as TrialRow[];
  }

  foldResults(trialId: number): FoldResultRow[] {
    return this.prepare(sql.foldResultsOf).all(trialId) as FoldResultRow[];
  }

  /** Every fold result of a sweep with its configuration, streamed. */
  exportRows(sweepId: number): IterableIterator<Record<string, unknown>> {
    return this.prepare(sql.exportRows).iterate(sweepId) as IterableIterator<Record<string, unknown>>;
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

  /** The engines and backends that computed a sweep's stored fits. */
  sweepBackends(sweepId: number): { engine: string; backend: string }[] {
    return this.prepare(sql.sweepBackends).all(sweepId) as { engine: string; backend: string }[];
  }

  bestMean(sweep: string): number | null {
    return (this.prepare(sql.bestMean).get(sweep) as { best: number | null }).best;
  }
}
