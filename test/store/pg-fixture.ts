import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * One throwaway PostgreSQL server per test file. `DROPSWEEP_TEST_PG_URL` names a server to use
 * instead; otherwise a cluster is made with Debian's PostgreSQL 15 binaries in a temporary folder
 * (as the postgres user, trust auth, loopback only), and stopped and removed when the process exits.
 * Without the binaries, a test fails in CI (`CI` set) saying what to install, and skips elsewhere.
 */
export const PG_BIN = process.env.DROPSWEEP_TEST_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PgServer {
  /** A URL for a database on this server (made by `database`). */
  url(database: string, schema?: string): string;
  /** Creates a fresh database and returns its URL. */
  database(name: string): Promise<string>;
  /** `pg_ctl restart -m fast` (only for a cluster this fixture started). */
  restart(): void;
  /** `pg_ctl stop -m fast` and `pg_ctl start`, for a test that acts while the server is down (owned clusters only). */
  stop(): void;
  start(): void;
  readonly host: string;
  readonly port: number;
  /** True when this fixture started the cluster (restart works). */
  readonly owned: boolean;
}

const isRoot = () => process.getuid?.() === 0;

/** Why no cluster can be started here, or null. */
export function pgUnavailable(): string | null {
  if (process.env.DROPSWEEP_TEST_PG_URL) return null;
  if (!existsSync(join(PG_BIN, 'initdb'))) return `PostgreSQL 15 server binaries not found in ${PG_BIN} (Debian: apt-get install postgresql)`;
  if (!isRoot() && process.env.USER !== 'postgres') return 'starting a test cluster needs root (to run initdb as the postgres user) or the postgres user';
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const asPostgres = (args: string[]) => (isRoot() ? ['runuser', ['-u', 'postgres', '--', ...args]] : [args[0], args.slice(1)]) as [string, string[]];

function run(args: string[]): void {
  const [cmd, rest] = asPostgres(args);
  const r = spawnSync(cmd, rest, { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
}

/**
 * Starts (or finds) the server, or returns the reason it cannot. `listen` adds addresses beyond
 * 127.0.0.1 (they must exist), each with a trust line for its /24 in pg_hba.conf.
 */
export async function startPg(o: { listen?: string[] } = {}): Promise<PgServer | string> {
  const given = process.env.DROPSWEEP_TEST_PG_URL;
  if (given) return fromUrl(given);
  const why = pgUnavailable();
  if (why) {
    if (process.env.CI) throw new Error(`this test needs a PostgreSQL server: ${why}; or set DROPSWEEP_TEST_PG_URL`);
    return why;
  }
  const dir = mkdtempSync(join(tmpdir(), 'dropsweep-pg-'));
  chmodSync(dir, 0o755);
  if (isRoot()) chownSync(dir, Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout), Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout));
  const data = join(dir, 'data');
  let started = false;
  process.on('exit', () => {
    if (started) spawnSync(...asPostgres([join(PG_BIN, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop']), { timeout: 20_000 });
    rmSync(dir, { recursive: true, force: true });
  });
  run([join(PG_BIN, 'initdb'), '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  for (const address of o.listen ?? []) appendFileSync(join(data, 'pg_hba.conf'), `host all all ${address.replace(/\.\d+$/, '.0')}/24 trust\n`);
  const port = await freePort();
  const listen = ['127.0.0.1', ...(o.listen ?? [])].join(',');
  // fsync off: a test cluster needs no durability, and the machine is shared.
  const opts = `-p ${port} -k ${dir} -c listen_addresses=${listen} -c fsync=off -c max_connections=200`;
  const ctl = (...args: string[]) => run([join(PG_BIN, 'pg_ctl'), '-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', opts, ...args]);
  ctl('start');
  started = true;
  const server = fromUrl(`postgresql://postgres@127.0.0.1:${port}/postgres`);
  return { ...server, owned: true, restart: () => ctl('-m', 'fast', 'restart'), stop: () => ctl('-m', 'fast', 'stop'), start: () => ctl('start') };
}

function notOwned(): never {
  throw new Error('restarting the server needs a cluster started by the test (DROPSWEEP_TEST_PG_URL is set)');
}

function fromUrl(base: string): PgServer {
  const u = new URL(base);
  const url = (database: string, schema?: string) => {
    const v = new URL(base);
    v.pathname = `/${database}`;
    if (schema) v.searchParams.set('schema', schema);
    return v.toString();
  };
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    owned: false,
    url,
    restart: notOwned,
    stop: notOwned,
    start: notOwned,
    async database(name: string) {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.query(`CREATE DATABASE "${name}"`);
      } finally {
        await c.end();
      }
      return url(name);
    },
  };
}

/** Rows of one query, on a short-lived connection. */
export async function pgQuery<T>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const u = new URL(url);
  const schema = u.searchParams.get('schema');
  u.searchParams.delete('schema');
  const c = new pg.Client({ connectionString: u.toString(), ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  await c.connect();
  try {
    return (await c.query(text, values)).rows as T[];
  } finally {
    await c.end();
  }
}
