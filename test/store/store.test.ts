import assert from 'node:assert/strict';
import { test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Store } from '../../src/store/store.js';
import { SqliteDriver } from '../../src/store/sqlite/driver.js';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { planSweep } from '../../src/sweep/planner.js';
import { parseSweepText } from '../../src/sweep/parse.js';
import { tempDir } from '../helpers.js';

const spec = parseSweepText('name: s\nfolds: 2\ngrid:\n  lr: [0.1, 0.2]\n', 's.yaml', ['tfjs']);
const plan = planSweep(spec);
const sweepRow = { name: 's', spec: '{}', spec_hash: 'h', source_file: null, data: 'sonar', seed: 7, folds: 2, repeats: 1, engine: 'tfjs' };
const result = { accuracy: 0.5, loss: 0.7, trainLoss: 0.6, epochsRun: 3, diverged: false, seconds: 0.1 };

/** A SQLite store and its own connection (for the pragmas it set and raw rows). */
function openSqlite(path: string): { store: Store; db: Database.Database } {
  const driver = SqliteDriver.open(path);
  return { store: new Store(driver), db: driver.db };
}

function fresh(): { store: Store; db: Database.Database; path: string } {
  const path = join(tempDir(), 'db.sqlite');
  return { ...openSqlite(path), path };
}

const claim = (store: Store, sweepId: number, owner: string, limit: number, leaseSeconds = 60, isDead = (_: string) => false) =>
  store.leases.claim({ sweepId, owner, limit, leaseSeconds, isDead, fitsPerTrial: 2 });

test('opening sets WAL, a busy timeout, foreign keys and the schema version', async () => {
  const { store, db } = fresh();
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
  assert.equal(db.pragma('busy_timeout', { simple: true }), 10000);
  assert.equal(db.pragma('synchronous', { simple: true }), 2, 'FULL: a commit survives a power cut');
  assert.equal((db.prepare('SELECT max(version) AS v FROM schema_version').get() as { v: number }).v, 6);
  await store.close();
});

test('schema 2 -> 3 rebuilds trials (for the pruned state) and keeps every row: ids, leases, fold results, foreign keys', async () => {
  const path = join(tempDir(), 'v2.sqlite');
  const old = new Database(path);
  old.exec('CREATE TABLE schema_version (version INTEGER NOT NULL)');
  for (const v of [1, 2]) {
    old.exec(MIGRATIONS[v]);
    old.prepare('INSERT INTO schema_version (version) VALUES (?)').run(v);
  }
  old.prepare("INSERT INTO sweeps (name, spec, spec_hash, data, seed, folds, repeats, engine, created_at) VALUES ('s', '{}', 'h', 'sonar', 7, 2, 1, 'fused', 'now')").run();
  old.prepare("INSERT INTO trials (id, sweep_id, trial_key, config, placement, dropout, lr, momentum, epochs, batch_size, hidden, state, lease_token) VALUES (41, 1, 'k', '{}', 'none', 0, 0.1, 0.9, 3, 16, '8', 'done', 5)").run();
  old.prepare("INSERT INTO fold_results (trial_id, fold, repeat, accuracy, epochs_run, diverged, seconds, backend, engine, seed, created_at) VALUES (41, 0, 0, 0.5, 3, 0, 1, 'w', 'fused', 's', 0), (41, 1, 0, 0.7, 3, 0, 1, 'w', 'fused', 's', 0)").run();
  old.close();
  const { store, db } = openSqlite(path);
  assert.deepEqual(db.prepare('SELECT id, trial_key, state, lease_token, pruned_by FROM trials').all(), [{ id: 41, trial_key: 'k', state: 'done', lease_token: 5, pruned_by: null }]);
  assert.equal((db.prepare('SELECT count(*) AS n FROM fold_results').get() as { n: number }).n, 2, 'no fold result cascaded away');
  assert.deepEqual(db.pragma('foreign_key_check'), []);
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1, 'foreign keys are on again');
  db.prepare("UPDATE trials SET state = 'pruned' WHERE id = 41").run();
  assert.throws(() => db.prepare("UPDATE trials SET state = 'lost' WHERE id = 41").run(), /CHECK/);
  assert.throws(() => db.prepare('DELETE FROM sweeps').run() && db.prepare("INSERT INTO fold_results (trial_id, fold, repeat, epochs_run, diverged, seconds, backend, engine, seed, created_at) VALUES (99, 0, 0, 1, 0, 1, 'w', 't', 's', 0)").run(), /FOREIGN KEY/);
  await store.close();
});

test('a fold result can be stored once: a duplicate is ignored, never a second row', async () => {
  const { store, db } = fresh();
  const sweep = await store.sweeps.create(sweepRow, plan.trials);
  const [trial] = await claim(store, sweep.id, 'me', 1);
  const fit = { trialId: trial.id, token: trial.token, fold: 0, repeat: 0, seed: 'x', result };
  const pack = (fits: (typeof fit)[]) => store.leases.storePack({ fits, backend: 'wasm', engine: 'tfjs', fitsPerTrial: 2, owner: 'me' });
  assert.deepEqual(await pack([fit]), { completed: [], fenced: [], pruned: [], stored: 1, refused: 0 });
  assert.deepEqual(await pack([fit, { ...fit, result: { ...result, accuracy: 0.9 } }]), { completed: [], fenced: [], pruned: [], stored: 0, refused: 0 });
  const rows = db.prepare('SELECT accuracy FROM fold_results').all();
  assert.deepEqual(rows, [{ accuracy: 0.5 }]);
  assert.throws(() => db.prepare("INSERT INTO fold_results (trial_id, fold, repeat, epochs_run, diverged, seconds, backend, engine, seed, created_at) VALUES (?, 0, 0, 1, 0, 1, 'w', 't', 's', 0)").run(trial.id), /UNIQUE/);
  // The second fold completes the trial.
  assert.deepEqual(await pack([{ ...fit, fold: 1 }]), { completed: [trial.id], fenced: [], pruned: [], stored: 1, refused: 0 });
  await store.close();
});

test('a database that is not ours, or not SQLite, is refused with a clear message', async () => {
  const dir = tempDir();
  const other = join(dir, 'other.sqlite');
  const d = new Database(other);
  d.exec('CREATE TABLE customers (id INTEGER)');
  d.close();
  assert.throws(() => SqliteDriver.open(other), { name: 'UserError', message: `${other}: not a dropsweep database (it has other tables)` });
  const text = join(dir, 'notes.sqlite');
  writeFileSync(text, 'this is not a database, just some text that is long enough to have a header');
  assert.throws(() => SqliteDriver.open(text), { name: 'UserError', message: `${text}: not a SQLite database; nothing was changed` });
  assert.throws(() => SqliteDriver.open(join(dir, 'missing.sqlite'), { readonly: true }), /no database here/);
});
