import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserError } from '../../errors.js';
import { SCHEMA_VERSION, type Driver, type Params, type Queryable } from '../core/driver.js';
import { EXIT_STORE_FAULT, damagedDatabase, fileChanged, olderSchema, storeFaultKind, storeFaultMessage } from '../faults.js';
import type { OpenOptions } from '../types.js';
import { namedRows } from '../types.js';
import { MIGRATIONS } from './migrations.js';
import { schemaSql, sql } from './sql.js';

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

/** A value as better-sqlite3 binds it: a list as JSON text (read with json_each), a boolean as 0/1, undefined as NULL. */
const bindable = (v: unknown) => (Array.isArray(v) ? JSON.stringify(v) : typeof v === 'boolean' ? Number(v) : v === undefined ? null : v);

/** Parameters as better-sqlite3 binds them; the object itself when every value binds as it is (no copy on the hot path). */
function bind(params: Params): Record<string, unknown> {
  const named = params as Record<string, unknown>;
  for (const key in named) {
    const v = named[key];
    if (Array.isArray(v) || typeof v === 'boolean' || v === undefined) {
      const out: Record<string, unknown> = {};
      for (const k in named) out[k] = bindable(named[k]);
      return out;
    }
  }
  return named;
}

/**
 * Statements on one better-sqlite3 connection, prepared once. Synchronous underneath: each call
 * has done its work before its (already settled) Promise is returned.
 */
class Statements implements Queryable {
  private readonly prepared = new Map<string, Database.Statement>();

  constructor(readonly db: Database.Database) {}

  prepare(text: string): Database.Statement {
    let statement = this.prepared.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.prepared.set(text, statement);
    }
    return statement;
  }

  async all<T extends object>(text: string, params: Params = {}): Promise<T[]> {
    return this.prepare(text).all(bind(params)) as T[];
  }

  async run(text: string, params: Params = {}): Promise<number> {
    return this.prepare(text).run(bind(params)).changes;
  }

  /** One parameter object for every row, refilled with each row's columns as it is sent. */
  async insertMany<T>(text: string, items: readonly T[], columns: (item: T) => Params, shared: Params = {}): Promise<number> {
    const statement = this.prepare(text);
    const params: Record<string, unknown> = { ...bind(shared) };
    let inserted = 0;
    for (const item of items) inserted += statement.run(Object.assign(params, columns(item))).changes;
    return inserted;
  }
}

/** The write transaction open on a database file in this process, if any. */
interface Gate {
  /** Settles when the open transaction ends; null when none is open. */
  busy: Promise<void> | null;
  /** The connection that holds it. */
  holder: SqliteDriver | null;
}

/**
 * One gate per database file and process. better-sqlite3 blocks the thread while it waits for a
 * lock, so a write on a second connection to the same file, made while the first awaits inside its
 * transaction, would wait for a lock that cannot be released until it returns: it must wait here.
 */
const gates = new Map<string, Gate>();

/**
 * The SQLite driver. WAL lets readers (status, leaderboard) run beside a writing runner; write
 * transactions begin IMMEDIATE, taking the write lock before they read, so two runners never
 * lease the same trial and a pack's lease check holds until its commit. In one process, one write
 * transaction per file at a time: a write made while one is open waits for it (a read waits only
 * on its own connection, so it never sees a transaction half done).
 */
export class SqliteDriver implements Driver {
  readonly dialect = 'sqlite' as const;
  readonly sql = sql;
  private readonly statements: Statements;
  private readonly gate: Gate;
  /** The file a writing connection opened (device, inode) and the largest size seen: checked before each write. */
  private watched: { dev: number; ino: number; size: number } | null = null;

  private constructor(
    readonly db: Database.Database,
    readonly location: string,
  ) {
    this.statements = new Statements(db);
    const key = resolve(location);
    this.gate = gates.get(key) ?? gates.set(key, { busy: null, holder: null }).get(key)!;
  }

  /**
   * Opens (or creates) a database. An existing file is first inspected read-only: a file that is not
   * ours, made by a newer dropsweep, or damaged is refused byte-for-byte unchanged, before anything
   * (WAL mode, migrations) would write to it.
   */
  static open(path: string, options: OpenOptions = {}): SqliteDriver {
    const exists = existsSync(path);
    // A device or a folder is never a database: /dev/null would even take a journal beside it.
    if (exists && !statSync(path).isFile()) throw new UserError(`--db ${path}: not a database file (${statSync(path).isDirectory() ? 'a folder' : 'a device or special file'})`);
    if (options.readonly && !exists) {
      throw new UserError(`${path}: no database here (looked at ${resolve(path)}). Run a sweep first (dropsweep run sweeps/tutorial.yaml), or pass --db or set DROPSWEEP_DB`);
    }
    let version = 0;
    if (exists && statSync(path).size > 0) {
      const probe = SqliteDriver.connect(path, true);
      try {
        version = probe.inspect(options.check ?? false);
      } finally {
        probe.db.close();
      }
    }
    if (options.readonly) return SqliteDriver.reader(path, version, options);
    // Made here, exclusively (O_EXCL): only the process that made the file may remove it after a
    // failed start, never one that lost the race to another runner starting on the same new path.
    const made = !exists && makeExclusively(path);
    const driver = SqliteDriver.connect(path, false);
    try {
      driver.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
      driver.db.pragma('journal_mode = WAL');
      // FULL: a commit survives a power cut (NORMAL in WAL mode may lose the last ones); bench: about 1 ms a pack.
      driver.db.pragma('synchronous = FULL');
      // Off while migrating: version 3 rebuilds the trials table, and dropping the old one with
      // foreign keys on would cascade to every fold result.
      driver.db.pragma('foreign_keys = OFF');
      driver.migrate(version);
      driver.db.pragma('foreign_keys = ON');
      const opened = statSync(path);
      driver.watched = { dev: opened.dev, ino: opened.ino, size: opened.size };
    } catch (err) {
      driver.db.close();
      const kind = storeFaultKind(err);
      if (made && (kind === 'full' || kind === 'io')) {
        // A database this call made and could not finish (a full disk) is not left behind.
        for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
      }
      // Locked by another runner starting on the same file (switching to WAL takes an exclusive
      // lock): the caller waits it out, as the run waits out a lock.
      if (kind === 'busy') throw err;
      if (kind && kind !== 'corrupt') throw new UserError(storeFaultMessage(kind, path, err), EXIT_STORE_FAULT);
      throw err;
    }
    return driver;
  }

  /**
   * A read command's connection: read-only at the file (SQLite refuses every write, whatever the
   * statement claims to be: `DELETE ... RETURNING` is a "reader") and `query_only` on top. A
   * database that is not at this version's schema is never migrated here: a migration is a write.
   */
  private static reader(path: string, version: number, options: OpenOptions): SqliteDriver {
    if (version === 0) throw new UserError(`${path}: no dropsweep tables in this file. Run a sweep first (dropsweep run sweeps/tutorial.yaml --db ${path}), or pass another --db`);
    if (version < SCHEMA_VERSION) throw olderSchema(path, version);
    const driver = SqliteDriver.connect(path, true);
    driver.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
    driver.db.pragma('query_only = ON');
    return driver;
  }

  private static connect(path: string, readonly: boolean): SqliteDriver {
    try {
      return new SqliteDriver(new Database(path, { readonly, fileMustExist: readonly }), path);
    } catch (err) {
      if (err instanceof UserError) throw err;
      throw new UserError(`${path}: cannot open the database (${(err as NodeJS.ErrnoException).code ?? ''} ${(err as Error).message})`.replace('( ', '('));
    }
  }

  /** Checks (read-only) that the file is a dropsweep database this version can use; returns its schema version. */
  private inspect(check: boolean): number {
    try {
      const tables = new Set((this.db.prepare(schemaSql.listTables).all() as { name: string }[]).map((t) => t.name));
      if (tables.size === 0) return 0;
      if (!tables.has('schema_version') || !tables.has('sweeps')) throw new UserError(`${this.location}: not a dropsweep database (it has other tables)`);
      const version = (this.db.prepare(schemaSql.schemaVersion).get() as { version: number | null }).version ?? 0;
      if (version > SCHEMA_VERSION) {
        throw new UserError(`${this.location}: made by a newer dropsweep (schema ${version}, this one knows ${SCHEMA_VERSION}); nothing was changed`);
      }
      if (check) {
        const result = this.db.pragma('quick_check(1)', { simple: true });
        if (result !== 'ok') throw damagedDatabase(this.location, new Error(String(result)));
      }
      return version;
    } catch (err) {
      if (err instanceof UserError) throw err;
      if ((err as { code?: string }).code === 'SQLITE_NOTADB') throw new UserError(`${this.location}: not a SQLite database; nothing was changed`);
      if (storeFaultKind(err) === 'corrupt') throw damagedDatabase(this.location, err);
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
    this.db
      .transaction(() => {
        this.db.exec(schemaSql.schemaVersionTable);
        const current = (this.db.prepare(schemaSql.schemaVersion).get() as { version: number | null }).version ?? 0;
        for (let v = current + 1; v <= SCHEMA_VERSION; v++) {
          this.db.exec(MIGRATIONS[v]);
          this.db.prepare(schemaSql.setSchemaVersion).run({ version: v });
        }
      })
      .immediate();
  }

  /**
   * Before each write (a pack, a claim, a heartbeat): is the file at the path still the one opened?
   * Removed, replaced (another inode) or truncated (smaller than ever seen: SQLite never shrinks a
   * file without VACUUM, which dropsweep never runs), writing on would store into a file nobody will
   * read, or write pages into a stranger: the write is refused with a `changed` fault and the run
   * stops. A stat per write: microseconds against a commit's milliseconds.
   */
  private checkFile(): void {
    const seen = this.watched;
    if (!seen) return;
    let now;
    try {
      now = statSync(this.location);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw fileChanged(`${this.location}: the database file was removed under the run`);
      return; // Anything else (a permission change) SQLite reports itself.
    }
    if (now.ino !== seen.ino || now.dev !== seen.dev) throw fileChanged(`${this.location}: the database file was replaced under the run (another file is at its path now)`);
    if (now.size < seen.size) throw fileChanged(`${this.location}: the database file was truncated under the run (${seen.size} bytes, now ${now.size})`);
    seen.size = now.size;
  }

  /** A transaction is open on this connection, or, for a statement that writes, on this file: wait for it. (Checked without awaiting, so a call on a free store runs before it returns.) */
  private mustWait(text: string): boolean {
    return this.gate.busy !== null && (this.gate.holder === this || !this.statements.prepare(text).readonly);
  }

  async all<T extends object>(text: string, params?: Params): Promise<T[]> {
    while (this.mustWait(text)) await this.gate.busy;
    if (this.watched && !this.statements.prepare(text).readonly) this.checkFile();
    return this.statements.all<T>(text, params);
  }

  async run(text: string, params?: Params): Promise<number> {
    while (this.mustWait(text)) await this.gate.busy;
    this.checkFile();
    return this.statements.run(text, params);
  }

  async insertMany<T>(text: string, items: readonly T[], columns: (item: T) => Params, shared?: Params): Promise<number> {
    return this.transaction((tx) => tx.insertMany(text, items, columns, shared));
  }

  async transaction<T>(body: (tx: Queryable) => Promise<T>): Promise<T> {
    while (this.gate.busy) await this.gate.busy;
    let end!: () => void;
    this.gate.busy = new Promise((resolve) => (end = resolve));
    this.gate.holder = this;
    try {
      this.checkFile();
      // Prepared once, as better-sqlite3's own transactions do: exec would parse them every time.
      this.statements.prepare('BEGIN IMMEDIATE').run();
      try {
        const value = await body(this.statements);
        this.statements.prepare('COMMIT').run();
        return value;
      } catch (err) {
        // A failed COMMIT (a full disk) can leave the transaction open: roll it back.
        if (this.db.inTransaction) this.statements.prepare('ROLLBACK').run();
        throw err;
      }
    } finally {
      this.gate.busy = null;
      this.gate.holder = null;
      end();
    }
  }

  /** Only statements that read are accepted (and a read command's connection is read-only). */
  async readOnlyQuery(text: string): Promise<{ columns: string[]; rows: Record<string, unknown>[] }> {
    let statement: Database.Statement;
    try {
      statement = this.db.prepare(text);
    } catch (err) {
      throw new UserError(`query: ${(err as Error).message}`);
    }
    // `reader` alone is true for DELETE/INSERT/UPDATE ... RETURNING; `readonly` is SQLite's own word that nothing is written.
    if (!statement.reader || !statement.readonly) {
      throw new UserError('query: only statements that return rows and write nothing are allowed (SELECT, WITH, PRAGMA ...); the database is opened read-only');
    }
    try {
      // Rows as arrays: two columns of one name (t.id, s.id) must not overwrite each other.
      const raw = statement.raw(true).all() as unknown[][];
      return namedRows(statement.columns().map((c) => c.name), raw);
    } catch (err) {
      throw new UserError(`query: ${(err as Error).message}`);
    }
  }

  /** SQLite reports a bad --where as it prepares or runs it: an SQLite error that is no store fault, or a parameter it names and is not given. */
  isStatementError(err: unknown): boolean {
    const code = (err as { code?: unknown } | null)?.code;
    return (typeof code === 'string' && code.startsWith('SQLITE_') && storeFaultKind(err) === null) || err instanceof RangeError;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/** Creates an empty file at `path` unless one is there; true when this call made it. */
function makeExclusively(path: string): boolean {
  ensureFolder(path);
  try {
    closeSync(openSync(path, 'wx'));
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    throw new UserError(`${path}: cannot make the database file (${code ?? (err as Error).message})`, code === 'ENOSPC' || code === 'EDQUOT' || code === 'EIO' ? EXIT_STORE_FAULT : 2);
  }
}
