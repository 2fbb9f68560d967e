import pg from 'pg';
import { UserError } from '../../errors.js';
import { SCHEMA_VERSION, type Driver, type Params, type Queryable } from '../core/driver.js';
import { EXIT_STORE_FAULT, olderSchema, storeFaultKind } from '../faults.js';
import type { Location } from '../location.js';
import { namedRows, type OpenOptions } from '../types.js';
import { MIGRATIONS } from './migrations.js';
import { schemaSql, sql } from './sql.js';
import { checkUserSql } from './user-sql.js';

/** Rows per statement in a batch insert (a plan of 100,000 trials: 10 statements). */
const BATCH_ROWS = 10_000;
/** Connections per runner: the runner keeps one store call in flight; a second serves reads and the last release. */
const POOL_SIZE = 3;

/** A read command's statements (the user's query, a leaderboard of a huge sweep) are cut after this. */
const READ_STATEMENT_TIMEOUT_MS = 60_000;

/** Counts (int8) and numerics come back as numbers, as SQLite gives them, not as strings. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 || oid === 1700 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

type Where = Extract<Location, { kind: 'postgres' }>;

/** A statement with named parameters (@name) as PostgreSQL takes it: $1, $2, ... and the names in order. */
interface Compiled {
  text: string;
  names: string[];
}

const compiled = new Map<string, Compiled>();

export function compile(text: string): Compiled {
  let c = compiled.get(text);
  if (!c) {
    const names: string[] = [];
    const out = text.replace(/@(\w+)/g, (_, name: string) => {
      if (!names.includes(name)) names.push(name);
      return `$${names.indexOf(name) + 1}`;
    });
    c = { text: out, names };
    compiled.set(text, c);
  }
  return c;
}

function values(c: Compiled, params: Params): unknown[] {
  const named = params as Record<string, unknown>;
  return c.names.map((name) => {
    if (!(name in named)) throw new RangeError(`Missing named parameter "${name}"`);
    return named[name];
  });
}

/** Statements on one connection, or on the pool (each statement then on whichever connection is free). */
class Statements implements Queryable {
  constructor(private readonly on: pg.Pool | pg.PoolClient) {}

  async all<T extends object>(text: string, params: Params = {}): Promise<T[]> {
    const c = compile(text);
    return (await this.on.query<T>(c.text, values(c, params))).rows;
  }

  async run(text: string, params: Params = {}): Promise<number> {
    const c = compile(text);
    return (await this.on.query(c.text, values(c, params))).rowCount ?? 0;
  }

  /** Each column that is not shared travels as one array (the statement unnests them): one round trip per 10,000 rows. */
  async insertMany<T>(text: string, items: readonly T[], columns: (item: T) => Params, shared: Params = {}): Promise<number> {
    const c = compile(text);
    let inserted = 0;
    for (let i = 0; i < items.length; i += BATCH_ROWS) {
      const batch = items.slice(i, i + BATCH_ROWS).map(columns);
      const common = shared as Record<string, unknown>;
      const args = c.names.map((name) => (name in common ? common[name] : batch.map((r) => (r as Record<string, unknown>)[name] ?? null)));
      inserted += (await this.on.query(c.text, args)).rowCount ?? 0;
    }
    return inserted;
  }
}

/**
 * The PostgreSQL driver: one pool per runner process (workers never connect). A connection that
 * failed is destroyed rather than returned to the pool, so the next call reconnects.
 */
export class PgDriver implements Driver {
  readonly dialect = 'postgres' as const;
  readonly sql = sql;
  readonly location: string;
  private readonly pool: pg.Pool;
  private readonly schema: string;
  private readonly statements: Statements;

  private constructor(pool: pg.Pool, where: Where) {
    this.pool = pool;
    this.location = where.shown;
    this.schema = where.schema;
    this.statements = new Statements(pool);
  }

  static async open(where: Where, options: OpenOptions = {}): Promise<PgDriver> {
    const driver = new PgDriver(PgDriver.pool(where, options), where);
    try {
      const version = await driver.inspect(options.readonly ?? false);
      if (!options.readonly) await driver.migrate(version);
      // A read command never migrates (a migration is a write): it says which command does.
      else if (version < SCHEMA_VERSION) throw olderSchema(where.shown, version);
      return driver;
    } catch (err) {
      await driver.pool.end().catch(() => {});
      throw driver.openError(err);
    }
  }

  private static pool(where: Where, options: OpenOptions): pg.Pool {
    const settings = [`-c search_path=${where.schema}`];
    // A read command's session cannot write, whatever SQL it is handed (--where, query), and no
    // statement of it runs for ever, nor holds a transaction open while its client is stuck.
    if (options.readonly) {
      settings.push('-c default_transaction_read_only=on', `-c statement_timeout=${READ_STATEMENT_TIMEOUT_MS}`, `-c idle_in_transaction_session_timeout=${READ_STATEMENT_TIMEOUT_MS}`);
    }
    const pool = new pg.Pool({
      connectionString: where.url,
      max: POOL_SIZE,
      options: settings.join(' '),
      // pg's default 0 waits forever for a server that is down; the runner retries on its own schedule.
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      // A statement whose answer never comes (a cut network) fails after 15 s and its connection is
      // dropped; the runner then retries. Our longest statement (10,000 plan rows) takes well under 1 s.
      // A read command's statement is cut by the server first (statement_timeout), with its own message.
      query_timeout: options.readonly ? READ_STATEMENT_TIMEOUT_MS + 5_000 : 15_000,
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
    // The URL's sslmode and the server disagree (no SSL at all, or a certificate that does not
    // verify). Exit 2: fix the URL or the server.
    if (/does not support SSL/.test((err as Error).message) || /CERT|ERR_TLS|UNABLE_TO_(GET|VERIFY)/.test(code)) {
      return new UserError(`${this.location}: SSL: ${(err as Error).message}${code ? ` (${code})` : ''}; change sslmode in the URL (disable, verify-full, no-verify) or the server's SSL setup`);
    }
    if (code.startsWith('28') || code === '3D000' || code === '42501') return new UserError(message);
    return err;
  }

  /** Read-only: which of our tables the schema has, and their version. A foreign or newer schema is refused untouched. */
  private async inspect(readonly: boolean): Promise<number> {
    const tables = new Set((await this.all<{ name: string }>(schemaSql.listTables, { schema: this.schema })).map((r) => r.name));
    if (tables.size === 0) {
      if (readonly) throw new UserError(`${this.location}: no dropsweep tables in schema "${this.schema}". Run a sweep first (dropsweep run sweeps/tutorial.yaml --db URL), or pass another --db`);
      return 0;
    }
    if (!tables.has('schema_version') || !tables.has('sweeps')) throw new UserError(`${this.location}: not a dropsweep database (schema "${this.schema}" has other tables); nothing was changed`);
    const version = (await this.all<{ version: number | null }>(schemaSql.schemaVersion))[0].version ?? 0;
    if (version > SCHEMA_VERSION) throw new UserError(`${this.location}: made by a newer dropsweep (schema ${version}, this one knows ${SCHEMA_VERSION}); nothing was changed`);
    return version;
  }

  /** Under an advisory lock, re-reading the version: runners opening a new database at once migrate it once. */
  private async migrate(seen: number): Promise<void> {
    if (seen >= SCHEMA_VERSION) return;
    await this.transaction(async (tx) => {
      await tx.all(schemaSql.migrationLock, { schema: this.schema });
      await tx.run(schemaSql.createSchema(this.schema));
      await tx.run(schemaSql.schemaVersionTable);
      const current = (await tx.all<{ version: number | null }>(schemaSql.schemaVersion))[0].version ?? 0;
      for (let v = current + 1; v <= SCHEMA_VERSION; v++) {
        await tx.run(MIGRATIONS[v]);
        await tx.run(schemaSql.setSchemaVersion, { version: v });
      }
    });
  }

  all<T extends object>(text: string, params?: Params): Promise<T[]> {
    return this.statements.all<T>(text, params);
  }

  run(text: string, params?: Params): Promise<number> {
    return this.statements.run(text, params);
  }

  insertMany<T>(text: string, items: readonly T[], columns: (item: T) => Params, shared?: Params): Promise<number> {
    return this.transaction((tx) => tx.insertMany(text, items, columns, shared));
  }

  /** One transaction on one connection; a connection that failed is destroyed rather than returned to the pool. */
  async transaction<T>(body: (tx: Queryable) => Promise<T>): Promise<T> {
    const { client, release } = await this.checkout();
    try {
      await client.query('BEGIN');
      const value = await body(new Statements(client));
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

  /**
   * The user's SQL inside a READ ONLY transaction that is rolled back, sent with the extended
   * protocol, which takes exactly one statement: `SELECT 1; COMMIT; DELETE ...` cannot slip out.
   */
  async readOnlyQuery(text: string): Promise<{ columns: string[]; rows: Record<string, unknown>[] }> {
    checkUserSql(text, 'query');
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
      if (code === '57P01') throw new UserError(`query: the server ended this connection (${code}: ${(err as Error).message}); nothing was changed`, EXIT_STORE_FAULT);
      throw err;
    } finally {
      let broken: Error | undefined;
      await client.query('ROLLBACK').catch((err: Error) => (broken = err));
      release(broken);
    }
  }

  /** The server refused the statement itself (bad SQL in --where, or a write in a read-only session), or it names a parameter it was not given. */
  isStatementError(err: unknown): boolean {
    // 25006: a write in a read command's read-only session; the statement's fault, not the store's.
    return storeFaultKind(err) === 'server' || (err as { code?: unknown }).code === '25006' || err instanceof RangeError;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
