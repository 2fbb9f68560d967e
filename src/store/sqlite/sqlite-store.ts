import Database from 'better-sqlite3';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserError } from '../../errors.js';
import type { TrainConfig } from '../../engine/model.js';
import type { PlannedTrial } from '../../sweep/planner.js';
import { EXIT_STORE_FAULT, damagedDatabase, storeFaultKind, storeFaultMessage } from '../faults.js';
import {
  fitKey,
  namedRows,
  type ClaimedTrial,
  type CopyCounts,
  type FoldResultRow,
  type NewSweep,
  type OpenOptions,
  type RaceStore,
  type RunCopy,
  type Store,
  type StoredFit,
  type StoredPack,
  type SweepCounts,
  type SweepDump,
  type SweepRow,
  type TrialCopy,
  type TrialRow,
} from '../types.js';
import { raceDecision } from '../../sweep/racing.js';
import type { TrialScores } from '../../sweep/scores.js';
import type { DataIdentity } from '../../data/identity.js';
import { MIGRATIONS, SCHEMA_VERSION, sql } from './sql.js';

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
  pruned_by: string | null;
  pruned_p: number | null;
  pruned_after: number | null;
  folds: string;
}

const now = () => Date.now() / 1000;


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
 * trial checks its lease token, so a runner that lost a lease cannot write for it. better-sqlite3
 * is synchronous: each method does its work before it returns its (already settled) Promise.
 */
export class SqliteStore implements Store {
  readonly dialect = 'sqlite' as const;
  readonly db: Database.Database;
  readonly path: string;
  private readonly statements = new Map<string, Database.Statement>();

  private constructor(db: Database.Database, path: string) {
    this.db = db;
    this.path = path;
  }

  get location(): string {
    return this.path;
  }

  /**
   * Opens (or creates) a database. An existing file is first inspected read-only: a file that is not
   * ours, made by a newer dropsweep, or damaged is refused byte-for-byte unchanged, before anything
   * (WAL mode, migrations) would write to it.
   */
  static open(path: string, options: OpenOptions = {}): SqliteStore {
    const exists = existsSync(path);
    // A device or a folder is never a database: /dev/null would even take a journal beside it.
    if (exists && !statSync(path).isFile()) throw new UserError(`--db ${path}: not a database file (${statSync(path).isDirectory() ? 'a folder' : 'a device or special file'})`);
    if (options.readonly && !exists) {
      throw new UserError(`${path}: no database here (looked at ${resolve(path)}). Run a sweep first (dropsweep run sweeps/tutorial.yaml), or pass --db or set DROPSWEEP_DB`);
    }
    let version = 0;
    if (exists && statSync(path).size > 0) {
      const probe = SqliteStore.connect(path, true);
      try {
        version = probe.inspect(options.check ?? false);
      } finally {
        probe.db.close();
      }
    }
    if (options.readonly && version === SCHEMA_VERSION) {
      const store = SqliteStore.connect(path, true);
      store.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
      return store;
    }
    // A read command on an older database of ours migrates it (additive changes only), then reads.
    if (!exists) ensureFolder(path);
    const store = SqliteStore.connect(path, false);
    try {
      store.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
      store.db.pragma('journal_mode = WAL');
      // FULL: a commit survives a power cut (NORMAL in WAL mode may lose the last ones); bench: about 1 ms a pack.
      store.db.pragma('synchronous = FULL');
      // Off while migrating: version 3 rebuilds the trials table, and dropping the old one with
      // foreign keys on would cascade to every fold result.
      store.db.pragma('foreign_keys = OFF');
      store.migrate(version);
      store.db.pragma('foreign_keys = ON');
    } catch (err) {
      store.db.close();
      const kind = storeFaultKind(err);
      if (!exists) {
        // A database this call began to make and could not finish (a full disk) is not left behind.
        for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
      }
      if (kind && kind !== 'corrupt') throw new UserError(storeFaultMessage(kind, path, err), EXIT_STORE_FAULT);
      throw err;
    }
    return store;
  }

  private static connect(path: string, readonly: boolean): SqliteStore {
    try {
      return new SqliteStore(new Database(path, { readonly, fileMustExist: readonly }), path);
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

  async close(): Promise<void> {
    this.db.close();
  }

  async sweep(name: string): Promise<SweepRow | undefined> {
    return this.sweepNow(name);
  }

  private sweepNow(name: string): SweepRow | undefined {
    return this.prepare(sql.sweepByName).get(name) as SweepRow | undefined;
  }

  async sweepNames(): Promise<string[]> {
    return (this.prepare(sql.sweepNames).all() as { name: string }[]).map((r) => r.name);
  }

  async createSweep(row: NewSweep, trials: PlannedTrial[]): Promise<SweepRow> {
    return this.db.transaction(() => {
      const raced = this.sweepNow(row.name);
      if (raced) return raced;
      const info = this.prepare(sql.insertSweep).run({ data_sha256: null, data_rows: null, data_columns: null, data_classes: null, ...row, created_at: new Date().toISOString() });
      this.insertTrials(Number(info.lastInsertRowid), trials);
      return this.sweepNow(row.name)!;
    }).immediate();
  }

  async extendSweep(id: number, spec: { spec: string; spec_hash: string; source_file: string | null }, trials: PlannedTrial[]): Promise<number> {
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

  /** BEGIN IMMEDIATE takes the write lock before reading, so two runners cannot pick the same rows. */
  async claimTrials(sweepId: number, owner: string, limit: number, leaseSeconds: number, isDead: (owner: string) => boolean, plannedFits = Infinity): Promise<ClaimedTrial[]> {
    return this.db.transaction(() => {
      const owners = (this.prepare(sql.runningOwners).all(sweepId) as { lease_owner: string | null }[])
        .map((r) => r.lease_owner)
        .filter((o): o is string => o !== null && o !== owner && isDead(o));
      const t = now();
      const ids = this.prepare(sql.claimable).all({ sweep_id: sweepId, stale_before: t - leaseSeconds, dead_owners: JSON.stringify(owners), limit }) as { id: number }[];
      const claim = this.prepare(sql.claim);
      const doneFits = this.prepare(sql.doneFits);
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

  async heartbeat(owner: string): Promise<Map<number, number>> {
    const rows = this.prepare(sql.heartbeat).all({ owner, now: now() }) as { id: number; lease_token: number }[];
    return new Map(rows.map((r) => [r.id, r.lease_token]));
  }

  async otherLeases(sweepId: number, owner: string): Promise<{ owner: string; trials: number }[]> {
    return this.prepare(sql.otherLeases).all({ sweep_id: sweepId, owner }) as { owner: string; trials: number }[];
  }

  async release(owner: string): Promise<number> {
    return this.prepare(sql.release).run({ owner }).changes;
  }

  async releaseTrial(id: number, owner: string, token: number): Promise<boolean> {
    return this.prepare(sql.releaseTrial).run({ id, owner, token }).changes > 0;
  }

  /**
   * A result already stored (same trial, fold, repeat) is ignored, never duplicated, and not
   * counted as this run's work. With an `owner`, a trial's fits are stored only while that owner
   * holds its lease under the fit's token.
   */
  async storeFits(fits: StoredFit[], backend: string, engine: string, plannedFits: number, owner?: string, runId?: number, race?: RaceStore): Promise<StoredPack> {
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
      let inserted = 0;
      for (const f of fits) {
        if (fenced.has(f.trialId)) continue;
        inserted += insert.run({
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
        }).changes;
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
        this.prepare(sql.progressRun).run({ id: runId, fits: inserted, fenced: refused, now: t });
      }
      if (!race) return { completed, fenced: [...fenced] };
      const done = new Set(completed);
      const live = [...new Set(fits.map((f) => f.trialId))].filter((id) => !fenced.has(id) && !done.has(id));
      return { completed, fenced: [...fenced], pruned: this.race(live, race, t) };
    }).immediate();
  }

  /**
   * Races each trial against the best complete one, inside the pack's transaction (the write lock
   * is held, so the reference and the arrival order cannot change under the decision). Every look
   * is recorded in `decisions`, in the order it was made.
   */
  private race(ids: number[], race: RaceStore, t: number): number[] {
    const pruned: number[] = [];
    if (ids.length === 0) return pruned;
    const reference = this.prepare(sql.raceReference).get({ sweep_id: race.sweepId, planned: race.fitsPerTrial }) as { id: number; trial_key: string } | undefined;
    if (!reference) return pruned;
    const scores = (id: number) => new Map((this.prepare(sql.scoresOf).all(id) as { fold: number; repeat: number; accuracy: number | null }[]).map((r) => [fitKey(r.fold, r.repeat), r.accuracy]));
    const best = scores(reference.id);
    for (const id of ids.sort((a, b) => a - b)) {
      const mine = scores(id);
      if (mine.size < race.minFolds) continue;
      const v = raceDecision(mine, best, race);
      const row = { sweep_id: race.sweepId, trial_id: id, folds_done: mine.size, reference: reference.trial_key, shared: v.shared, trial_mean: v.trialMean, reference_mean: v.referenceMean, p: v.p, threshold: v.threshold, pruned: v.prune ? 1 : 0, now: t };
      this.prepare(sql.insertDecision).run(row);
      if (v.prune && this.prepare(sql.pruneTrial).run({ id, reference: reference.trial_key, p: v.p, folds_done: mine.size, now: t }).changes > 0) pruned.push(id);
    }
    return pruned;
  }

  async failAttempt(trialId: number, owner: string, token: number, error: string, maxAttempts: number): Promise<'retry' | 'failed' | 'lost'> {
    return this.db.transaction(() => {
      const row = this.prepare(sql.failAttempt).get({ id: trialId, owner, token, error }) as { attempts: number } | undefined;
      if (!row) return 'lost' as const;
      if (row.attempts < maxAttempts) return 'retry' as const;
      this.prepare(sql.failTrial).run({ id: trialId, now: now() });
      return 'failed' as const;
    }).immediate();
  }

  async setDataIdentity(sweepId: number, identity: DataIdentity): Promise<void> {
    this.prepare(sql.setDataIdentity).run({ id: sweepId, ...identity });
  }

  async retryFailed(sweepId: number): Promise<number> {
    return this.prepare(sql.retryFailed).run(sweepId).changes;
  }

  async startRun(sweepId: number, owner: string, backend: string | null, engine: string, workers: number): Promise<number> {
    return Number(this.prepare(sql.startRun).run({ sweep_id: sweepId, owner, backend, engine, workers, now: now() }).lastInsertRowid);
  }

  async progressRun(runId: number, fits: number, fenced = 0): Promise<void> {
    this.prepare(sql.progressRun).run({ id: runId, fits, fenced, now: now() });
  }

  async endRun(runId: number, outcome: string): Promise<void> {
    this.prepare(sql.endRun).run({ id: runId, outcome, now: now() });
  }

  async sweepCounts(): Promise<SweepCounts[]> {
    return this.prepare(sql.sweepCounts).all() as SweepCounts[];
  }

  async fitTimings(engine: string): Promise<{ config: TrainConfig; rows: number; columns: number; folds: number; seconds: number; fits: number }[]> {
    const rows = this.prepare(sql.fitTimings).all({ engine }) as { config: string; rows: number; columns: number; folds: number; seconds: number; fits: number }[];
    return rows.map((r) => ({ ...r, config: JSON.parse(r.config) as TrainConfig }));
  }

  async trialScores(sweep: SweepRow, where?: string): Promise<TrialScores[]> {
    let statement: Database.Statement;
    try {
      statement = this.db.prepare(sql.trialScores(where));
    } catch (err) {
      throw new UserError(`option --where: ${(err as Error).message}`);
    }
    let rows: ScoreRow[];
    try {
      rows = statement.all({ sweep_id: sweep.id, ...(where ? { sweep_name: sweep.name } : {}) }) as ScoreRow[];
    } catch (err) {
      // A filter can also fail as it runs (a bad JSON path, an overflow): still the user's input.
      if (where && storeFaultKind(err) === null) throw new UserError(`option --where: ${(err as Error).message}`);
      throw err;
    }
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
      prunedBy: r.pruned_by,
      prunedP: r.pruned_p,
      prunedAfter: r.pruned_after,
      folds: new Map(
        (JSON.parse(r.folds) as [number, number, number | null, number, number][]).map(([fold, repeat, accuracy, diverged, seconds]) => [
          fitKey(fold, repeat),
          { accuracy, diverged: diverged === 1, seconds },
        ]),
      ),
    }));
  }

  async trialsByPrefix(prefix: string, sweep?: string): Promise<TrialRow[]> {
    return this.prepare(sql.trialsByPrefix).all({ prefix, sweep: sweep ?? null }) as TrialRow[];
  }

  async foldResults(trialId: number): Promise<FoldResultRow[]> {
    return this.prepare(sql.foldResultsOf).all(trialId) as FoldResultRow[];
  }

  async exportRows(sweepId: number): Promise<Record<string, unknown>[]> {
    return this.prepare(sql.exportRows).all(sweepId) as Record<string, unknown>[];
  }

  /** Only statements that read are accepted (and a read command's connection is read-only). */
  async userQuery(text: string): Promise<{ columns: string[]; rows: Record<string, unknown>[] }> {
    let statement: Database.Statement;
    try {
      statement = this.db.prepare(text);
    } catch (err) {
      throw new UserError(`query: ${(err as Error).message}`);
    }
    if (!statement.reader) throw new UserError('query: only statements that return rows (SELECT, WITH, PRAGMA ...) are allowed; the database is opened read-only');
    try {
      // Rows as arrays: two columns of one name (t.id, s.id) must not overwrite each other.
      const raw = statement.raw(true).all() as unknown[][];
      return namedRows(statement.columns().map((c) => c.name), raw);
    } catch (err) {
      throw new UserError(`query: ${(err as Error).message}`);
    }
  }

  async sweepBackends(sweepId: number): Promise<{ engine: string; backend: string }[]> {
    return this.prepare(sql.sweepBackends).all(sweepId) as { engine: string; backend: string }[];
  }

  async bestMean(sweep: string): Promise<number | null> {
    return (this.prepare(sql.bestMean).get(sweep) as { best: number | null }).best;
  }

  async dumpSweep(name: string): Promise<SweepDump | undefined> {
    const row = this.sweepNow(name);
    if (!row) return undefined;
    const { id, ...sweep } = row;
    return {
      sweep,
      trials: this.prepare(sql.dumpTrials).all(id) as TrialCopy[],
      folds: this.prepare(sql.dumpFolds).all(id) as SweepDump['folds'],
      runs: this.prepare(sql.dumpRuns).all(id) as RunCopy[],
    };
  }

  async loadDump(dump: SweepDump): Promise<CopyCounts> {
    return this.db.transaction(() => {
      const counts: CopyCounts = { sweeps: 0, trials: 0, folds: 0, runs: 0 };
      let sweep = this.sweepNow(dump.sweep.name);
      if (!sweep) {
        this.prepare(sql.insertSweep).run(dump.sweep);
        sweep = this.sweepNow(dump.sweep.name)!;
        counts.sweeps = 1;
      }
      const sweepId = sweep.id;
      const insertTrial = this.prepare(sql.copyTrial);
      const adopt = this.prepare(sql.adoptTrialState);
      for (const t of dump.trials) {
        const copy = t.state === 'running' ? { ...t, state: 'pending', lease_owner: null, heartbeat_at: null } : t;
        counts.trials += insertTrial.run({ ...copy, sweep_id: sweepId }).changes;
        if (copy.state === 'done' || copy.state === 'failed' || copy.state === 'pruned') adopt.run({ ...copy, sweep_id: sweepId });
      }
      const insertFold = this.prepare(sql.copyFold);
      for (const f of dump.folds) counts.folds += insertFold.run({ ...f, sweep_id: sweepId }).changes;
      const haveRun = this.prepare(sql.hasRun);
      const insertRun = this.prepare(sql.copyRun);
      for (const r of dump.runs) {
        if (haveRun.get({ sweep_id: sweepId, owner: r.owner, started_at: r.started_at })) continue;
        insertRun.run({ ...r, sweep_id: sweepId });
        counts.runs++;
      }
      return counts;
    }).immediate();
  }
}
