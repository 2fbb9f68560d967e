import { after, before, describe } from 'node:test';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore, type ClaimRequest, type PackToStore, type Store, type StoredFit } from '../../src/store/store.js';
import { parseSweepText } from '../../src/sweep/parse.js';
import type { SweepSpec } from '../../src/sweep/spec.js';
import { tempDir } from '../helpers.js';
import { pgQuery, startPg, type PgServer } from './pg-fixture.js';

/**
 * One suite, run against SQLite and against PostgreSQL: `forEachStore` describes the same tests
 * twice. Each test gets a fresh database (a file, or a schema of its own). The PostgreSQL database
 * is named after this process, so two test processes (the mutation runs) never share one.
 */
export interface StoreKind {
  kind: 'sqlite' | 'postgres';
  /** A new, empty database's location. */
  fresh(): string;
  /** Opens a store, closed after the suite. */
  open(location: string, readonly?: boolean): Promise<Store>;
  /** Why this kind cannot run here (no PostgreSQL server), or false. */
  skip(): string | false;
}

let server: PgServer | string = 'not started';
let pgBase = '';
let schemas = 0;

/** `DROPSWEEP_TEST_STORES=sqlite` (or postgres) limits the suite to one kind (the mutation runs). */
const only = process.env.DROPSWEEP_TEST_STORES;

/** The server and its database, made once per process however many suites ask (the mutation runs import several files into one). */
let started: Promise<void> | undefined;
function startOnce(): Promise<void> {
  started ??= (async () => {
    server = await startPg();
    if (typeof server !== 'string') pgBase = await server.database(`conformance_${process.pid}`);
  })();
  return started;
}

export function forEachStore(body: (s: StoreKind) => void): void {
  if (only !== 'sqlite') before(startOnce);
  const kinds = {
    sqlite: () => join(tempDir(), 'db.sqlite'),
    postgres: () => {
      const u = new URL(pgBase);
      u.searchParams.set('schema', `t${++schemas}`);
      return u.toString();
    },
  };
  for (const [kind, fresh] of Object.entries(kinds) as [StoreKind['kind'], () => string][]) {
    if (only && only !== kind) continue;
    describe(`${kind} store`, () => {
      const opened: Store[] = [];
      after(async () => {
        // Emptied: the mutation runner runs the suite again in the same process.
        for (const s of opened.splice(0)) await s.close().catch(() => {});
      });
      body({
        kind,
        fresh,
        async open(location: string, readonly = false) {
          const s = await openStore(location, { readonly });
          opened.push(s);
          return s;
        },
        skip: () => (kind === 'postgres' && typeof server === 'string' ? `no PostgreSQL: ${server}` : false),
      });
    });
  }
}

export const spec = (lrs: number[], folds = 2): SweepSpec => parseSweepText(`name: s\nfolds: ${folds}\ngrid:\n  lr: [${lrs.join(', ')}]\n`, 's.yaml', ['tfjs']);
export const sweepRow = { name: 's', spec: '{}', spec_hash: 'h', source_file: null, data: 'sonar', seed: 7, folds: 2, repeats: 1, engine: 'tfjs' };
export const result = (accuracy: number | null) => ({ accuracy, loss: 0.7, trainLoss: 0.6, epochsRun: 3, diverged: accuracy === null, seconds: 0.1 });
export const never = () => false;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A claim with the defaults of these tests: 60 s leases, nobody dead, 2 fits per trial. */
export function claim(store: Store, c: Partial<ClaimRequest> & Pick<ClaimRequest, 'sweepId' | 'owner' | 'limit'>) {
  return store.leases.claim({ leaseSeconds: 60, isDead: never, fitsPerTrial: 2, ...c });
}

/** A pack stored as a runner stores it (backend wasm, engine tfjs, 2 fits per trial unless said). */
export function storePack(store: Store, fits: StoredFit[], o: Partial<PackToStore> & Pick<PackToStore, 'owner'>) {
  return store.leases.storePack({ fits, backend: 'wasm', engine: 'tfjs', fitsPerTrial: 2, ...o });
}

/** One statement on a database behind the store's back (backdating a heartbeat, say): SQLite or PostgreSQL by location. */
export async function rawSql(location: string, text: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  if (!location.startsWith('postgres')) {
    const d = new Database(location);
    try {
      const s = d.prepare(text);
      return s.reader ? (s.all(...values) as Record<string, unknown>[]) : (s.run(...values), []);
    } finally {
      d.close();
    }
  }
  return pgQuery<Record<string, unknown>>(location, text.replace(/\?/g, (() => { let n = 0; return () => `$${++n}`; })()), values);
}
