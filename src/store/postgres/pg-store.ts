import pg from 'pg';
import { UserError } from '../../errors.js';
import type { TrainConfig } from '../../engine/model.js';
import type { PlannedTrial } from '../../sweep/planner.js';
import { storeFaultKind } from '../faults.js';
import type { Location } from '../location.js';
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

/** Rows inserted per statement when a plan is written (100,000 trials: 10 statements). */
const TRIAL_BATCH = 10_000;
/** Connections per runner: the runner keeps one store call in flight; a second serves reads and the last release. */
const POOL_SIZE = 3;

/** Counts (int8) and numerics come back as numbers, as SQLite gives them, not as strings. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 || oid === 1700 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

const finite = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? null : x);

type Pg = pg.Pool | pg.PoolClient;

/**
 * The PostgreSQL store: one pool per runner process (workers never connect). Claims lock rows with
 * FOR UPDATE SKIP LOCKED; leases and heartbeats are stamped with the server's clock; each write
 * for a trial locks the trial row and checks its lease token (fencing), as in SQLite.
 */
export class PgStore implements Store {
  readonly dialect = 'postgres' as const;
  readonly location: string;
  private readonly pool: pg.Pool;
  private readonly schema: string;

  private constructor(pool: pg.Pool, where: Extract<Location, { kind: 'postgres' }>) {
    this.pool = pool;
    this.location = where.shown;
    this.schema = where.schema;
  }

  static async open(where: Extract<Location, { kind: 'postgres' }>, options: OpenOptions = {}): Promise<PgStore> {
    const store = new PgStore(PgStore.pool(where, options), where);
    try {
      const version = await store.inspect(options.readonly ?? false);
      if (!options.readonly) await store.migrate(version);
      else if (version < SCHEMA_VERSION) {
        // A read command on an older schema of ours migrates it first (additive changes only), as with SQLite.
        await (await PgStore.open(where, { ...options, readonly: false })).close();
      }
      return store;
    } catch (err) {
      await store.pool.end().catch(() => {});
      throw store.openError(err);
    }
  }

  private static pool(where: Extract<Location, { kind: 'postgres' }>, options: OpenOptions): pg.Pool {
    const settings = [`-c search_path=${where.schema}`];
    // A read command's session cannot write, whatever SQL it is handed (--where, query).
    if (options.readonly) settings.push('-c default_transaction_read_only=on');
    const pool = new pg.Pool({
      connectionString: where.url,
      max: POOL_SIZE,
      options: settings.join(' '),
      // pg's default 0 waits forever for a server that is down; the runner retries on its own schedule.
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      // A statement whose answer never comes (a cut network) fails after 15 s and its connection is
      // dropped; the runner then retries. Our longest statement (10,000 plan rows) takes well under 1 s.
      query_timeout: 15_000,
      keepAlive: true,
      idleTimeoutMillis: 30_000,
      application_name: 'dropsweep',
      types,
    });
    // An idle client whose server went away emits 'error' on the pool; unheard, it would crash the
    // process (brianc/node-postgres#3202). The next query reconnects, or fails and is retried.
    pool.on('error', () => {});
    return pool;
  }

  /** At open: a server that cannot be reached is a store fault (exit 3); a wrong database or login is the user's (exit 2). */
  private openError(err: unknown): unknown {
    if (err instanceof UserError) return err;
    const code = (err as { code?: string }).code ?? '';
    const message = `${this.location}: ${(err as Error).message}`;
    if (storeFaultKind(err) === 'unreachable') return new UserError(`${this.location}: cannot connect to the database server (${code || 'error'}: ${(err as Error).message})`, 3);
    // Issue 22, item 8 (the one change here until the store's rewrite lands): the URL's sslmode and
    // the server disagree (no SSL at all, or a certificate that does not verify). Exit 2: fix the URL or the server.
    if (/does not support SSL/.test((err as Error).message) || /CERT|ERR_TLS|UNABLE_TO_(GET|VERIFY)/.test(code)) {
      return new UserError(`${this.location}: SSL: ${(err as Error).message}${code ? ` (${code})` : ''}; change sslmode in the URL (disable, verify-full, no-verify) or the server's SSL setup`);
    }
    if (code.startsWith('28') || code === '3D000' || code === '42501') return new UserError(message);
    return err;
  }

  /** Read-only: which of our tables the schema has, and their version. A foreign or newer schema is refused untouched. */
  private async inspect(readonly: boolean): Promise<number> {
    const tables = new Set((await this.pool.query<{ name: string }>(sql.listTables, [this.schema])).rows.map((r) => r.name));
    if (tables.size === 0) {
      if (readonly) throw new UserError(`${this.location}: no dropsweep tables in schema "${this.schema}". Run a sweep first (dropsweep run sweeps/tutorial.yaml --db URL), or pass another --db`);
      return 0;
    }
    if (!tables.has('schema_version') || !tables.has('sweeps')) throw new UserError(`${this.location}: not a dropsweep database (schema "${this.schema}" has other tables); nothing was changed`);
    const version = (await this.pool.query<{ version: number | null }>(sql.schemaVersion)).rows[0].version ?? 0;
    if (version > SCHEMA_VERSION) throw new UserError(`${this.location}: made by a newer dropsweep (schema ${version}, this one knows ${SCHEMA_VERSION}); nothing was changed`);
    return version;
  }

  /** Under an advisory lock, re-reading the version: runners opening a new database at once migrate it once. */
  private async migrate(seen: number): Promise<void> {
    if (seen >= SCHEMA_VERSION) return;
    await this.transaction(async (c) => {
      await c.query(sql.migrationLock, [this.schema]);
      await c.query(sql.createSchema(this.schema));
      await c.query(sql.schemaVersionTable);
      const current = (await c.query<{ version: number | null }>(sql.schemaVersion)).rows[0].version ?? 0;
      for (let v = current + 1; v <= SCHEMA_VERSION; v++) {
        await c.query(MIGRATIONS[v]);
        await c.query(sql.setSchemaVersion, [v]);
      }
    });
  }

  /**
   * Runs `body` in one transaction on one connection. A connection that failed is destroyed rather
   * than returned to the pool, so the next call reconnects.
   */
  private async transaction<T>(body: (c: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    const { client, release } = await this.checkout();
    try {
      await client.query(begin);
      const value = await body(client);
      await client.query('COMMIT');
      release();
      return value;
    } catch (err) {
      let broken = storeFaultKind(err) === 'unreachable';
      if (!broken) await client.query('ROLLBACK').catch(() => (broken = true));
      release(broken ? (err as Error) : undefined);
      throw err;
    }
  }

  /**
   * A connection taken out of the pool, with an 'error' listener for as long as it is out. The pool
   * listens only to its idle clients: a checked-out client whose server goes away between two
   * queries (pg_ctl restart, pg_terminate_backend: 57P01) emits 'error' with nobody listening,
   * which would end the process. Heard here, the error fails the next query on that client
   * instead, and the client is destroyed on release rather than returned to the pool.
   */
  private async checkout(): Promise<{ client: pg.PoolClient; release: (err?: Error) => void }> {
    const client = await this.pool.connect();
    let lost: Error | undefined;
    const onError = (err: Error) => (lost = err);
    client.on('error', onError);
    return {
      client,
      release: (err?: Error) => {
        client.removeListener('error', onError);
        client.release(err ?? lost);
      },
    };
  }

  private async rows<T extends object>(text: string, values: unknown[] = [], on: Pg = this.pool): Promise<T[]> {
    return (await on.query<T>(text, values)).rows;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  async sweep(name: string): Promise<SweepRow | undefined> {
    return (await this.rows<SweepRow>(sql.sweepByName, [name]))[0];
  }

  async sweepNames(): Promise<string[]> {
    return (await this.rows<{ name: string }>(sql.sweepNames)).map((r) => r.name);
  }

  async createSweep(row: NewSweep, trials: PlannedTrial[]): Promise<SweepRow> {
    return this.transaction(async (c) => {
      const r = { data_sha256: null, data_rows: null, data_columns: null, data_classes: null, ...row };
      const inserted = await c.query<{ id: number }>(sql.insertSweep, [
        r.name, r.spec, r.spec_hash, r.source_file, r.data, r.seed, r.folds, r.repeats, r.engine, new Date().toISOString(),
        r.data_sha256, r.data_rows, r.data_columns, r.data_classes,
      ]);
      // Another runner created the name first: its sweep, untouched.
      if (inserted.rows.length) await this.insertTrials(c, inserted.rows[0].id, trials);
      return (await this.rows<SweepRow>(sql.sweepByName, [row.name], c))[0];
    });
  }

  async extendSweep(id: number, spec: { spec: string; spec_hash: string; source_file: string | null }, trials: PlannedTrial[]): Promise<number> {
    return this.transaction(async (c) => {
      await c.query(sql.updateSweepSpec, [id, spec.spec, spec.spec_hash, spec.source_file]);
      return this.insertTrials(c, id, trials);
    });
  }

  private async insertTrials(c: pg.PoolClient, sweepId: number, trials: PlannedTrial[]): Promise<number> {
    let added = 0;
    for (let i = 0; i < trials.length; i += TRIAL_BATCH) {
      const batch = trials.slice(i, i + TRIAL_BATCH);
      const col = <T>(f: (t: PlannedTrial) => T) => batch.map(f);
      const r = await c.query(sql.insertTrials, [
        sweepId,
        col((t) => t.key),
        col((t) => t.label ?? null),
        col((t) => JSON.stringify(t.config)),
        col((t) => t.config.placement),
        col((t) => t.config.dropout),
        col((t) => t.config.maxNorm),
        col((t) => t.config.lr),
        col((t) => t.config.momentum),
        col((t) => t.config.epochs),
        col((t) => t.config.batchSize),
        col((t) => t.config.hidden.join('-')),
      ]);
      added += r.rowCount ?? 0;
    }
    return added;
  }

  async claimTrials(sweepId: number, owner: string, limit: number, leaseSeconds: number, isDead: (owner: string) => boolean, plannedFits = Infinity): Promise<ClaimedTrial[]> {
    const dead = (await this.rows<{ lease_owner: string | null }>(sql.runningOwners, [sweepId]))
      .map((r) => r.lease_owner)
      .filter((o): o is string => o !== null && o !== owner && isDead(o));
    return this.transaction(async (c) => {
      const rows = await this.rows<{ id: number; trial_key: string; label: string | null; config: string; attempts: number; lease_token: number }>(
        sql.claim,
        [sweepId, leaseSeconds, dead, limit, owner],
        c,
      );
      rows.sort((a, b) => a.id - b.id);
      const done = new Map<number, Set<string>>(rows.map((r) => [r.id, new Set()]));
      for (const f of await this.rows<{ trial_id: number; fold: number; repeat: number }>(sql.doneFits, [rows.map((r) => r.id)], c)) done.get(f.trial_id)!.add(fitKey(f.fold, f.repeat));
      const complete = rows.filter((r) => done.get(r.id)!.size >= plannedFits).map((r) => r.id);
      if (complete.length) await c.query(sql.finishTrials, [complete]);
      return rows
        .filter((r) => !complete.includes(r.id))
        .map((r) => ({ id: r.id, key: r.trial_key, label: r.label, config: JSON.parse(r.config) as TrainConfig, attempts: r.attempts, token: r.lease_token, done: done.get(r.id)! }));
    });
  }

  async heartbeat(owner: string): Promise<Map<number, number>> {
    const rows = await this.rows<{ id: number; lease_token: number }>(sql.heartbeat, [owner]);
    return new Map(rows.map((r) => [r.id, r.lease_token]));
  }

  async otherLeases(sweepId: number, owner: string): Promise<{ owner: string; trials: number }[]> {
    return this.rows(sql.otherLeases, [sweepId, owner]);
  }

  async release(owner: string): Promise<number> {
    return (await this.pool.query(sql.release, [owner])).rowCount ?? 0;
  }

  async releaseTrial(id: number, owner: string, token: number): Promise<boolean> {
    return ((await this.pool.query(sql.releaseTrial, [id, owner, token])).rowCount ?? 0) > 0;
  }

  async storeFits(fits: StoredFit[], backend: string, engine: string, plannedFits: number, owner?: string, runId?: number, race?: RaceStore): Promise<StoredPack> {
    return this.transaction(async (c) => {
      if (race) await c.query(sql.raceLock, [race.sweepId]);
      const ids = [...new Set(fits.map((f) => f.trialId))];
      const fenced = new Set<number>();
      if (owner !== undefined) {
        const tokens = new Map(fits.map((f) => [f.trialId, f.token]));
        const leases = new Map((await this.rows<{ id: number; lease_owner: string | null; lease_token: number; state: string }>(sql.leasesOf, [ids], c)).map((l) => [l.id, l]));
        for (const id of ids) {
          const lease = leases.get(id);
          if (!lease || lease.state !== 'running' || lease.lease_owner !== owner || lease.lease_token !== tokens.get(id)) fenced.add(id);
        }
      }
      const kept = fits.filter((f) => !fenced.has(f.trialId));
      let inserted = 0;
      if (kept.length) {
        const col = <T>(f: (x: StoredFit) => T) => kept.map(f);
        const r = await c.query(sql.insertFoldResults, [
          col((f) => f.trialId),
          col((f) => f.fold),
          col((f) => f.repeat),
          col((f) => finite(f.result.accuracy)),
          col((f) => finite(f.result.loss)),
          col((f) => finite(f.result.trainLoss)),
          col((f) => f.result.epochsRun),
          col((f) => (f.result.diverged ? 1 : 0)),
          col((f) => f.result.seconds),
          col((f) => f.seed),
          backend,
          engine,
        ]);
        inserted = r.rowCount ?? 0;
      }
      const live = ids.filter((id) => !fenced.has(id));
      const counts = await this.rows<{ trial_id: number; n: number }>(sql.countFits, [live], c);
      const completed = counts.filter((r) => r.n >= plannedFits).map((r) => r.trial_id);
      if (completed.length) await c.query(sql.finishTrials, [completed]);
      // Counted by the rows actually inserted: a pack retried after a commit whose answer was lost counts once.
      if (runId !== undefined) await c.query(sql.progressRun, [runId, inserted, fits.length - kept.length]);
      if (!race) return { completed, fenced: [...fenced] };
      const finished = new Set(completed);
      return { completed, fenced: [...fenced], pruned: await this.race(c, live.filter((id) => !finished.has(id)), race) };
    });
  }

  /** Races each trial against the best complete one, in the pack's transaction (see the SQLite store). */
  private async race(c: pg.PoolClient, ids: number[], race: RaceStore): Promise<number[]> {
    const pruned: number[] = [];
    if (ids.length === 0) return pruned;
    const [reference] = await this.rows<{ id: number; trial_key: string }>(sql.raceReference, [race.sweepId, race.fitsPerTrial], c);
    if (!reference) return pruned;
    const scores = new Map<number, Map<string, number | null>>([reference.id, ...ids].map((id) => [id, new Map()]));
    for (const r of await this.rows<{ trial_id: number; fold: number; repeat: number; accuracy: number | null }>(sql.scoresOf, [[reference.id, ...ids]], c)) {
      scores.get(r.trial_id)!.set(fitKey(r.fold, r.repeat), r.accuracy);
    }
    const best = scores.get(reference.id)!;
    for (const id of [...ids].sort((a, b) => a - b)) {
      const mine = scores.get(id)!;
      if (mine.size < race.minFolds) continue;
      const v = raceDecision(mine, best, race);
      await c.query(sql.insertDecision, [race.sweepId, id, mine.size, reference.trial_key, v.shared, v.trialMean, v.referenceMean, v.p, v.threshold, v.prune ? 1 : 0]);
      if (v.prune && ((await c.query(sql.pruneTrial, [id, reference.trial_key, v.p, mine.size])).rowCount ?? 0) > 0) pruned.push(id);
    }
    return pruned;
  }

  async failAttempt(trialId: number, owner: string, token: number, error: string, maxAttempts: number): Promise<'retry' | 'failed' | 'lost'> {
    return this.transaction(async (c) => {
      const [row] = await this.rows<{ attempts: number }>(sql.failAttempt, [trialId, owner, token, error], c);
      if (!row) return 'lost' as const;
      if (row.attempts < maxAttempts) return 'retry' as const;
      await c.query(sql.failTrial, [trialId]);
      return 'failed' as const;
    });
  }

  async setDataIdentity(sweepId: number, identity: DataIdentity): Promise<void> {
    await this.pool.query(sql.setDataIdentity, [sweepId, identity.data_sha256, identity.data_rows, identity.data_columns, identity.data_classes]);
  }

  async retryFailed(sweepId: number): Promise<number> {
    return (await this.pool.query(sql.retryFailed, [sweepId])).rowCount ?? 0;
  }

  async startRun(sweepId: number, owner: string, backend: string | null, engine: string, workers: number): Promise<number> {
    return (await this.rows<{ id: number }>(sql.startRun, [sweepId, owner, backend, engine, workers]))[0].id;
  }

  async progressRun(runId: number, fits: number, fenced = 0): Promise<void> {
    await this.pool.query(sql.progressRun, [runId, fits, fenced]);
  }

  async endRun(runId: number, outcome: string): Promise<void> {
    await this.pool.query(sql.endRun, [runId, outcome]);
  }

  async sweepCounts(): Promise<SweepCounts[]> {
    return this.rows<SweepCounts>(sql.sweepCounts);
  }

  async fitTimings(engine: string): Promise<{ config: TrainConfig; rows: number; columns: number; folds: number; seconds: number; fits: number }[]> {
    const rows = await this.rows<{ config: string; rows: number; columns: number; folds: number; seconds: number; fits: number }>(sql.fitTimings, [engine]);
    return rows.map((r) => ({ ...r, config: JSON.parse(r.config) as TrainConfig }));
  }

  async trialScores(sweep: SweepRow, where?: string): Promise<TrialScores[]> {
    let rows: (Omit<TrialScores, 'folds' | 'trialKey' | 'maxNorm' | 'batchSize' | 'prunedBy' | 'prunedP' | 'prunedAfter'> & { trial_key: string; max_norm: number | null; batch_size: number; pruned_by: string | null; pruned_p: number | null; pruned_after: number | null; folds: [number, number, number | null, number, number][] })[];
    try {
      rows = await this.rows(sql.trialScores(where), where ? [sweep.id, sweep.name] : [sweep.id]);
    } catch (err) {
      if (where && storeFaultKind(err) === 'server') throw new UserError(`option --where: ${(err as Error).message}`);
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
      folds: new Map(r.folds.map(([fold, repeat, accuracy, diverged, seconds]) => [fitKey(fold, repeat), { accuracy, diverged: diverged === 1, seconds }])),
    }));
  }

  async trialsByPrefix(prefix: string, sweep?: string): Promise<TrialRow[]> {
    return this.rows<TrialRow>(sql.trialsByPrefix, [prefix, sweep ?? null]);
  }

  async foldResults(trialId: number): Promise<FoldResultRow[]> {
    return this.rows<FoldResultRow>(sql.foldResultsOf, [trialId]);
  }

  async exportRows(sweepId: number): Promise<Record<string, unknown>[]> {
    return this.rows(sql.exportRows, [sweepId]);
  }

  /**
   * The user's SQL inside a READ ONLY transaction that is rolled back, sent with the extended
   * protocol, which takes exactly one statement: `SELECT 1; COMMIT; DELETE ...` cannot slip out.
   */
  async userQuery(text: string): Promise<{ columns: string[]; rows: Record<string, unknown>[] }> {
    const { client, release } = await this.checkout();
    try {
      await client.query('BEGIN READ ONLY');
      // Rows as arrays: two columns of one name (t.id, s.id) must not overwrite each other.
      const r = await client.query({ text, rowMode: 'array', queryMode: 'extended' } as pg.QueryArrayConfig & { queryMode: 'extended' });
      return namedRows(r.fields.map((f) => f.name), r.rows as unknown[][]);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === '25006') throw new UserError(`query: only statements that return rows (SELECT, WITH ...) are allowed; the query runs in a read-only transaction (${(err as Error).message})`);
      if (storeFaultKind(err) === 'server') throw new UserError(`query: ${(err as Error).message}`);
      throw err;
    } finally {
      let broken: Error | undefined;
      await client.query('ROLLBACK').catch((err: Error) => (broken = err));
      release(broken);
    }
  }

  async sweepBackends(sweepId: number): Promise<{ engine: string; backend: string }[]> {
    return this.rows<{ engine: string; backend: string }>(sql.sweepBackends, [sweepId]);
  }

  async bestMean(sweep: string): Promise<number | null> {
    return (await this.rows<{ best: number | null }>(sql.bestMean, [sweep]))[0].best;
  }

  async dumpSweep(name: string): Promise<SweepDump | undefined> {
    const row = await this.sweep(name);
    if (!row) return undefined;
    const { id, ...sweep } = row;
    return {
      sweep,
      trials: await this.rows<TrialCopy>(sql.dumpTrials, [id]),
      folds: await this.rows<SweepDump['folds'][number]>(sql.dumpFolds, [id]),
      runs: await this.rows<RunCopy>(sql.dumpRuns, [id]),
    };
  }

  async loadDump(dump: SweepDump): Promise<CopyCounts> {
    return this.transaction(async (c) => {
      const counts: CopyCounts = { sweeps: 0, trials: 0, folds: 0, runs: 0 };
      const s = dump.sweep;
      const made = await c.query<{ id: number }>(sql.insertSweep, [
        s.name, s.spec, s.spec_hash, s.source_file, s.data, s.seed, s.folds, s.repeats, s.engine, s.created_at, s.data_sha256, s.data_rows, s.data_columns, s.data_classes,
      ]);
      counts.sweeps = made.rows.length;
      const sweepId = made.rows[0]?.id ?? (await this.rows<SweepRow>(sql.sweepByName, [s.name], c))[0].id;
      for (const t of dump.trials) {
        const r = t.state === 'running' ? { ...t, state: 'pending', lease_owner: null, heartbeat_at: null } : t;
        const added = await c.query(sql.copyTrial, [
          sweepId, r.trial_key, r.label, r.config, r.placement, r.dropout, r.max_norm, r.lr, r.momentum, r.epochs, r.batch_size, r.hidden, r.state, r.attempts,
          r.lease_owner, r.lease_token, r.heartbeat_at, r.started_at, r.finished_at, r.error, r.pruned_by ?? null, r.pruned_p ?? null, r.pruned_after ?? null,
        ]);
        counts.trials += added.rowCount ?? 0;
        if (r.state === 'done' || r.state === 'failed' || r.state === 'pruned') {
          await c.query(sql.adoptTrialState, [sweepId, r.trial_key, r.state, r.attempts, r.started_at, r.finished_at, r.error, r.pruned_by ?? null, r.pruned_p ?? null, r.pruned_after ?? null]);
        }
      }
      for (const f of dump.folds) {
        const added = await c.query(sql.copyFold, [
          sweepId, f.trial_key, f.fold, f.repeat, f.accuracy, f.loss, f.train_loss, f.epochs_run, f.diverged, f.seconds, f.backend, f.engine, f.seed, f.created_at,
        ]);
        counts.folds += added.rowCount ?? 0;
      }
      for (const r of dump.runs) {
        if ((await c.query(sql.hasRun, [sweepId, r.owner, r.started_at])).rows.length) continue;
        await c.query(sql.copyRun, [sweepId, r.owner, r.backend, r.engine, r.workers, r.started_at, r.ended_at, r.fits_done, r.fits_fenced, r.outcome]);
        counts.runs++;
      }
      return counts;
    });
  }
}
