import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli } from '../helpers.js';
import { query, startRun, sweepDir, writeSweep } from '../runner/runner-fixture.js';
import { startPg, type PgServer } from './pg-fixture.js';

let server: PgServer | string = 'not started';
let pgUrl = '';
before(async () => {
  server = await startPg();
  if (typeof server !== 'string') pgUrl = await server.database('copies');
});

/** Every row of a sweep without ids, in a stable order: what must survive a round trip. */
function rows(db: string) {
  return {
    sweeps: query(db, 'SELECT name, spec, spec_hash, source_file, data, seed, folds, repeats, engine, created_at, data_sha256, data_rows, data_columns, data_classes FROM sweeps ORDER BY name'),
    trials: query(db, 'SELECT trial_key, label, config, placement, dropout, max_norm, lr, momentum, epochs, batch_size, hidden, state, attempts, lease_owner, lease_token, heartbeat_at, started_at, finished_at, error FROM trials ORDER BY trial_key'),
    folds: query(db, 'SELECT t.trial_key, r.fold, r.repeat, r.accuracy, r.loss, r.train_loss, r.epochs_run, r.diverged, r.seconds, r.backend, r.engine, r.seed, r.created_at FROM fold_results r JOIN trials t ON t.id = r.trial_id ORDER BY 1, 2, 3'),
    runs: query(db, 'SELECT owner, backend, engine, workers, started_at, ended_at, fits_done, fits_fenced, outcome FROM runs ORDER BY started_at'),
  };
}

test('copy SQLite -> PostgreSQL -> SQLite: identical rows; a second copy changes nothing; conflicting sweeps are refused', async (t) => {
  if (typeof server === 'string') return t.skip(`no PostgreSQL: ${server}`);
  const { dir, db } = sweepDir();
  const file = writeSweep(dir, 'moved', 4, 2);
  assert.equal((await startRun([file, '--db', db, '--quiet']).done).code, 0);
  const there = runCli(['copy', '--from', db, '--to', pgUrl]);
  assert.equal(there.code, 0, there.stderr);
  assert.equal(there.stdout, `copied sweep moved from ${db} to ${pgUrl}: added the sweep, 4 trial(s), 40 fold result(s), 1 run(s)\n`);
  const back = join(dir, 'back.sqlite');
  assert.equal(runCli(['copy', '--from', pgUrl, '--to', back, '--sweep', 'moved']).code, 0);
  assert.deepEqual(rows(back), rows(db), 'every column of every row came back as it was');
  const again = runCli(['copy', '--from', db, '--to', pgUrl]);
  assert.equal(again.stdout, `copied sweep moved from ${db} to ${pgUrl}: already there, nothing added\n`);
  assert.equal(runCli(['copy', '--from', pgUrl, '--to', back]).stdout.includes('already there, nothing added'), true);
  assert.deepEqual(rows(back), rows(db));
  // The read commands agree on both stores.
  const json = (d: string) => JSON.parse(runCli(['leaderboard', '--db', d, '--format', 'json']).stdout);
  assert.deepEqual(json(pgUrl), json(db));

  // Same name, another split seed: refused, nothing written.
  const other = join(dir, 'other.sqlite');
  assert.equal((await startRun([writeSweep(dir, 'moved', 4, 2, 'seed: 8\n'), '--db', other, '--quiet']).done).code, 0);
  const refused = runCli(['copy', '--from', other, '--to', pgUrl]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /^dropsweep: copy .*: sweep "moved" differs between the stores in seed; their results cannot be merged\n$/);

  // Same sweep, one fold stored with another result: refused.
  const edited = join(dir, 'edited.sqlite');
  copyFileSync(back, edited);
  const d = new Database(edited);
  d.exec('UPDATE fold_results SET accuracy = 0.123 WHERE id = (SELECT min(id) FROM fold_results)');
  d.close();
  const conflict = runCli(['copy', '--from', edited, '--to', pgUrl]);
  assert.equal(conflict.code, 2);
  assert.match(conflict.stderr, /^dropsweep: copy .*: sweep "moved": trial [0-9a-f]{16} fold \d+ repeat 0 is stored with a different accuracy \(0\.123 here, [\d.]+ there\); nothing was copied\n$/);
  assert.equal(runCli(['copy', '--from', pgUrl, '--to', pgUrl]).code, 2);
});
