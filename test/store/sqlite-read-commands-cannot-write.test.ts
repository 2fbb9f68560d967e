import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { SCHEMA_VERSION } from '../../src/store/core/driver.js';
import { runCli, tempDir } from '../helpers.js';
import { query, sha256 } from '../runner/runner-fixture.js';

/**
 * Issue 22, item 1: `query "DELETE ... RETURNING"` on a schema-2 SQLite file migrated the file and
 * deleted half its fold results. Read commands open the file read-only and never migrate.
 */
const FOLDS = 10;
const TRIALS = 6;

/** A database as dropsweep's schema 2 left it: one sweep of 6 trials with 10 fold results each. */
function schema2(file: string): void {
  const d = new Database(file);
  d.exec('CREATE TABLE schema_version (version INTEGER NOT NULL)');
  for (const v of [1, 2]) {
    d.exec(MIGRATIONS[v]);
    d.exec(`INSERT INTO schema_version (version) VALUES (${v})`);
  }
  d.exec("INSERT INTO sweeps (id, name, spec, spec_hash, data, seed, folds, repeats, engine, created_at) VALUES (1, 's', '{}', 'h', 'sonar', 7, 10, 1, 'fused', 'then')");
  const trial = d.prepare("INSERT INTO trials (id, sweep_id, trial_key, config, placement, dropout, lr, momentum, epochs, batch_size, hidden, state) VALUES (?, 1, ?, '{}', 'none', 0, 0.1, 0.9, 3, 16, '8', 'done')");
  const fold = d.prepare("INSERT INTO fold_results (trial_id, fold, repeat, accuracy, epochs_run, diverged, seconds, backend, engine, seed, created_at) VALUES (?, ?, 0, 0.5, 3, 0, 1, 'w', 'fused', 's', 0)");
  for (let t = 1; t <= TRIALS; t++) {
    trial.run(t, `k${t}`);
    for (let f = 0; f < FOLDS; f++) fold.run(t, f);
  }
  d.close();
}

const count = (db: string) => query<{ n: number }>(db, 'SELECT count(*) AS n FROM fold_results')[0].n;
const version = (db: string) => query<{ v: number }>(db, 'SELECT max(version) AS v FROM schema_version')[0].v;

test('query "DELETE ... RETURNING" on a schema-2 file is refused in one line naming the migrate command; the file is byte for byte unchanged', () => {
  const db = join(tempDir(), 'v2.sqlite');
  schema2(db);
  const before = sha256(db);
  const r = runCli(['query', '--db', db, 'DELETE FROM fold_results WHERE fold < 5 RETURNING trial_id']);
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /schema 2, made by an older dropsweep.*dropsweep migrate --db /);
  assert.equal(r.stdout, '');
  assert.equal(sha256(db), before);
  assert.equal(count(db), TRIALS * FOLDS);
  assert.equal(version(db), 2);
});

test('every read command refuses an older schema and leaves it as it is; migrate upgrades it keeping every row', () => {
  const db = join(tempDir(), 'v2.sqlite');
  schema2(db);
  const before = sha256(db);
  for (const args of [['status'], ['leaderboard'], ['export'], ['query', 'SELECT 1']]) {
    const r = runCli([...args, '--db', db]);
    assert.equal(r.code, 2, `${args[0]}: ${r.stderr}`);
    assert.match(r.stderr, /dropsweep migrate/, args[0]);
    assert.equal(sha256(db), before, `${args[0]} changed the file`);
  }
  const m = runCli(['migrate', '--db', db]);
  assert.equal(m.code, 0, m.stderr);
  assert.equal(m.stdout, `${db}: schema ${SCHEMA_VERSION}, up to date\n`);
  assert.equal(version(db), SCHEMA_VERSION);
  assert.equal(count(db), TRIALS * FOLDS);
  assert.equal(runCli(['status', '--db', db]).code, 0);
});

test('on a current file a statement that writes is refused whatever it returns, and the connection itself is read-only (query_only)', () => {
  const db = join(tempDir(), 'v2.sqlite');
  schema2(db);
  assert.equal(runCli(['migrate', '--db', db]).code, 0);
  const before = sha256(db);
  for (const sql of [
    'DELETE FROM fold_results WHERE fold < 5 RETURNING trial_id',
    'UPDATE trials SET state = \'pending\' RETURNING id',
    'INSERT INTO sweeps (name, spec, spec_hash, data, seed, folds, repeats, engine, created_at) VALUES (\'x\', \'{}\', \'h\', \'d\', 1, 2, 1, \'fused\', \'now\') RETURNING id',
    'PRAGMA query_only = OFF',
    'PRAGMA journal_mode = DELETE',
  ]) {
    const r = runCli(['query', '--db', db, sql]);
    assert.equal(r.code, 2, `${sql}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
  assert.equal(sha256(db), before);
  assert.equal(count(db), TRIALS * FOLDS);
  const r = runCli(['query', '--db', db, 'PRAGMA query_only', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [{ query_only: 1 }]);
});

test('migrate refuses a file that does not exist instead of making one', () => {
  const db = join(tempDir(), 'missing.sqlite');
  const r = runCli(['migrate', '--db', db]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no database here; nothing to migrate/);
});
