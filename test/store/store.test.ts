import assert from 'node:assert/strict';
import { test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { MIGRATIONS } from '../../src/store/sqlite/sql.js';
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
  assert.equal((store.db.prepare('SELECT max(version) AS v FROM schema_version').get() as { v: number }).v, 3);
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
  const store = SqliteStore.open(path);
  assert.deepEqual(store.db.prepare('SELECT id, trial_key, state, lease_token, pruned_by FROM trials').all(), [{ id: 41, trial_key: 'k', state: 'done', lease_token: 5, pruned_by: null }]);
  assert.equal((store.db.prepare('SELECT count(*) AS n FROM fold_results').get() as { n: number }).n, 2, 'no fold result cascaded away');
  assert.deepEqual(store.db.pragma('foreign_key_check'), []);
  assert.equal(store.db.pragma('foreign_keys', { simple: true }), 1, 'foreign keys are on again');
  store.db.prepare("UPDATE trials SET state = 'pruned' WHERE id = 41").run();
  assert.throws(() => store.db.prepare("UPDATE trials SET state = 'lost' WHERE id = 41").run(), /CHECK/);
  assert.throws(() => store.db.prepare('DELETE FROM sweeps').run() && store.db.prepare("INSERT INTO fold_results (trial_id, fold, repeat, epochs_run, diverged, seconds, backend, engine, seed, created_at) VALUES (99, 0, 0, 1, 0, 1, 'w', 't', 's', 0)").run(), /FOREIGN KEY/);
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

test("heartbeats renew only the owner's live leases; a lease from another host is taken over only once its heartbeat is stale, under a new token", async () => {
  const { store } = fresh();
  const sweep = await store.createSweep(sweepRow, plan.trials);
  // A runner on another machine: its pid means nothing here, so only the heartbeat can free it.
  const remote = 'far-away-host:4242:abcd';
  const [theirs] = await store.claimTrials(sweep.id, remote, 1, 60, () => false);
  const beatAt = () => (store.db.prepare('SELECT heartbeat_at AS t FROM trials WHERE id = ?').get(theirs.id) as { t: number }).t;
  store.db.prepare('UPDATE trials SET heartbeat_at = 1000 WHERE id = ?').run(theirs.id);
  assert.deepEqual([...(await store.heartbeat(remote))], [[theirs.id, theirs.token]], 'the owner renews what it holds, and learns its token');
  assert.ok(beatAt() > Date.now() / 1000 - 5, 'renewed to now');
  assert.deepEqual([...(await store.heartbeat('someone-else'))], [], 'nobody else renews it');

  const notYet = await store.claimTrials(sweep.id, 'local:1:x', 5, 60, () => false);
  assert.ok(!notYet.some((t) => t.id === theirs.id), 'a live remote lease is not taken');
  // Its heartbeat goes quiet for longer than the lease.
  store.db.prepare('UPDATE trials SET heartbeat_at = ? WHERE id = ?').run(Date.now() / 1000 - 61, theirs.id);
  const taken = await store.claimTrials(sweep.id, 'local:1:x', 5, 60, () => false);
  const mine = taken.find((t) => t.id === theirs.id)!;
  assert.ok(mine, 'taken over after the lease');
  assert.equal(mine.token, theirs.token + 1, 'under a new token');
  assert.deepEqual([...(await store.heartbeat(remote))], [], 'the old owner learns at its next heartbeat that it holds nothing');
  const late = { trialId: theirs.id, token: theirs.token, fold: 0, repeat: 0, seed: 's', result };
  assert.deepEqual(await store.storeFits([late], 'wasm', 'fused', 2, remote), { completed: [], fenced: [theirs.id] }, 'its late result is refused');
  assert.equal(await store.failAttempt(theirs.id, remote, theirs.token, 'late', 3), 'lost');
  assert.deepEqual(await store.storeFits([{ ...late, token: mine.token }], 'wasm', 'fused', 2, 'local:1:x'), { completed: [], fenced: [] });
  assert.equal((store.db.prepare('SELECT count(*) AS n FROM fold_results').get() as { n: number }).n, 1);
  await store.close();
});
