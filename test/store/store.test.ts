import assert from 'node:assert/strict';
import { test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { planSweep } from '../../src/sweep/planner.js';
import { parseSweepText } from '../../src/sweep/parse.js';
import { tempDir } from '../helpers.js';

const spec = parseSweepText('name: s\nfolds: 2\ngrid:\n  lr: [0.1, 0.2]\n', 's.yaml', ['tfjs']);
const plan = planSweep(spec);
const sweepRow = { name: 's', spec: '{}', spec_hash: 'h', source_file: null, data: 'sonar', seed: 7, folds: 2, repeats: 1, engine: 'tfjs' };
const result = { accuracy: 0.5, loss: 0.7, trainLoss: 0.6, epochsRun: 3, diverged: false, seconds: 0.1 };

function fresh(): { store: SqliteStore; path: string } {
  const path = join(tempDir(), 'db.sqlite');
  return { store: SqliteStore.open(path), path };
}

test('opening sets WAL, a busy timeout, foreign keys and the schema version', async () => {
  const { store } = fresh();
  assert.equal(store.db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(store.db.pragma('foreign_keys', { simple: true }), 1);
  assert.equal(store.db.pragma('busy_timeout', { simple: true }), 10000);
  assert.equal(store.db.pragma('synchronous', { simple: true }), 2, 'FULL: a commit survives a power cut');
  assert.equal((store.db.prepare('SELECT max(version) AS v FROM schema_version').get() as { v: number }).v, 2);
  await store.close();
});

test('a fold result can be stored once: a duplicate is ignored, never a second row', async () => {
  const { store } = fresh();
  const sweep = await store.createSweep(sweepRow, plan.trials);
  const [trial] = await store.claimTrials(sweep.id, 'me', 1, 60, () => false);
  const fit = { trialId: trial.id, token: trial.token, fold: 0, repeat: 0, seed: 'x', result };
  assert.deepEqual(await store.storeFits([fit], 'wasm', 'tfjs', 2, 'me'), { completed: [], fenced: [] });
  await store.storeFits([fit, { ...fit, result: { ...result, accuracy: 0.9 } }], 'wasm', 'tfjs', 2, 'me');
  const rows = store.db.prepare('SELECT accuracy FROM fold_results').all();
  assert.deepEqual(rows, [{ accuracy: 0.5 }]);
  assert.throws(() => store.db.prepare("INSERT INTO fold_results (trial_id, fold, repeat, epochs_run, diverged, seconds, backend, engine, seed, created_at) VALUES (?, 0, 0, 1, 0, 1, 'w', 't', 's', 0)").run(trial.id), /UNIQUE/);
  // The second fold completes the trial.
  assert.deepEqual(await store.storeFits([{ ...fit, fold: 1 }], 'wasm', 'tfjs', 2, 'me'), { completed: [trial.id], fenced: [] });
  await store.close();
});

test('claims never hand the same trial to two owners; stale and dead leases are taken over', async () => {
  const { store } = fresh();
  const sweep = await store.createSweep(sweepRow, plan.trials);
  const a = await store.claimTrials(sweep.id, 'a', 1, 60, () => false);
  const b = await store.claimTrials(sweep.id, 'b', 5, 60, () => false);
  assert.equal(a.length, 1);
  assert.equal(b.length, 1);
  assert.notEqual(a[0].id, b[0].id);
  assert.deepEqual(await store.claimTrials(sweep.id, 'c', 5, 60, () => false), [], 'nothing left while leases are fresh');
  const takenFromDead = await store.claimTrials(sweep.id, 'c', 5, 60, (owner) => owner === 'a');
  assert.deepEqual(takenFromDead.map((t) => t.id), [a[0].id]);
  const stale = await store.claimTrials(sweep.id, 'd', 5, -1, () => false);
  assert.equal(stale.length, 2, 'leases older than the stale time are taken');
  await store.release('d');
  assert.equal((store.db.prepare("SELECT count(*) AS n FROM trials WHERE state = 'pending'").get() as { n: number }).n, 2);
  await store.close();
});

test('a database that is not ours, or not SQLite, is refused with a clear message', async () => {
  const dir = tempDir();
  const other = join(dir, 'other.sqlite');
  const d = new Database(other);
  d.exec('CREATE TABLE customers (id INTEGER)');
  d.close();
  assert.throws(() => SqliteStore.open(other), { name: 'UserError', message: `${other}: not a dropsweep database (it has other tables)` });
  const text = join(dir, 'notes.sqlite');
  writeFileSync(text, 'this is not a database, just some text that is long enough to have a header');
  assert.throws(() => SqliteStore.open(text), { name: 'UserError', message: `${text}: not a SQLite database; nothing was changed` });
  assert.throws(() => SqliteStore.open(join(dir, 'missing.sqlite'), { readonly: true }), /no database here/);
});
