import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { SCHEMA_VERSION } from '../../src/store/core/driver.js';
import { MIGRATIONS as SQLITE } from '../../src/store/sqlite/migrations.js';
import { MIGRATIONS as POSTGRES } from '../../src/store/postgres/migrations.js';
import { forEachStore } from './both-stores.js';

/** Schema 4 adds runs.fits_trained: a database of schema 3 migrates, keeping every row. */
test('both dialects have every migration from 1 to the schema version, and no other', () => {
  const versions = Array.from({ length: SCHEMA_VERSION }, (_, i) => String(i + 1));
  assert.deepEqual(Object.keys(SQLITE), versions);
  assert.deepEqual(Object.keys(POSTGRES), versions);
});

/** Makes a database at schema 3 with one sweep, trial, fold result and run, as dropsweep 3 left it. */
async function schema3(kind: 'sqlite' | 'postgres', where: string): Promise<void> {
  const steps = [
    'CREATE TABLE schema_version (version INTEGER NOT NULL)',
    ...[1, 2, 3].flatMap((v) => [(kind === 'sqlite' ? SQLITE : POSTGRES)[v], `INSERT INTO schema_version (version) VALUES (${v})`]),
    "INSERT INTO sweeps (id, name, spec, spec_hash, data, seed, folds, repeats, engine, created_at) VALUES (5, 's', '{}', 'h', 'sonar', 7, 2, 1, 'fused', 'then')",
    "INSERT INTO trials (id, sweep_id, trial_key, config, placement, dropout, lr, momentum, epochs, batch_size, hidden, state, lease_token) VALUES (41, 5, 'k', '{}', 'none', 0, 0.1, 0.9, 3, 16, '8', 'done', 5)",
    "INSERT INTO fold_results (trial_id, fold, repeat, accuracy, epochs_run, diverged, seconds, backend, engine, seed, created_at) VALUES (41, 0, 0, 0.5, 3, 0, 1, 'w', 'fused', 's', 0)",
    "INSERT INTO runs (sweep_id, owner, engine, workers, started_at, fits_done, fits_fenced, outcome) VALUES (5, 'old', 'fused', 1, 1, 1, 0, 'completed')",
  ];
  if (kind === 'sqlite') {
    const d = new Database(where);
    for (const s of steps) d.exec(s);
    d.close();
    return;
  }
  const u = new URL(where);
  const schema = u.searchParams.get('schema')!;
  u.searchParams.delete('schema');
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  try {
    await c.query(`CREATE SCHEMA ${schema}; SET search_path = ${schema}`);
    for (const s of steps) await c.query(s);
  } finally {
    await c.end();
  }
}

forEachStore(({ kind, fresh, open, skip }) => {
  test('a schema-3 database migrates to the current schema: rows kept, runs recorded before have no trained count (NULL), new runs count theirs', async (t) => {
    if (skip()) return t.skip(String(skip()));
    const where = fresh();
    await schema3(kind, where);
    await assert.rejects(open(where, true), /schema 3, made by an older dropsweep.*dropsweep migrate/, 'a read command never migrates');
    await (await open(where)).close();
    const reader = await open(where, true);
    assert.deepEqual((await reader.results.userQuery('SELECT max(version) AS v FROM schema_version')).rows, [{ v: SCHEMA_VERSION }], 'a write open migrates');
    assert.deepEqual((await reader.results.userQuery('SELECT owner, fits_done, fits_fenced, fits_trained FROM runs')).rows, [{ owner: 'old', fits_done: 1, fits_fenced: 0, fits_trained: null }]);
    assert.deepEqual((await reader.results.foldResults(41)).map((f) => f.accuracy), [0.5]);
    const store = await open(where);
    const run = await store.leases.startRun({ sweepId: 5, owner: 'new', backend: null, engine: 'fused', workers: 1 });
    await store.leases.endRun({ runId: run, outcome: 'completed', trained: 0 });
    assert.deepEqual((await reader.results.userQuery('SELECT owner, fits_trained FROM runs ORDER BY id')).rows, [{ owner: 'old', fits_trained: null }, { owner: 'new', fits_trained: 0 }]);
    // Copied, an old run keeps its missing count.
    const copy = await open(fresh());
    await copy.copier.load((await store.copier.dump('s'))!);
    assert.deepEqual((await copy.results.userQuery('SELECT owner, fits_trained FROM runs ORDER BY started_at')).rows.map((r) => r.fits_trained), [null, 0]);
  });
});
