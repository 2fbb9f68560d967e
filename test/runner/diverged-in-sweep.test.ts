import assert from 'node:assert/strict';
import { test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers.js';
import { query, startRun, sweepDir } from './runner-fixture.js';

test('a diverged model inside a sweep is a result: diverged = 1, its epoch count, no accuracy, exit 0, never the best', async () => {
  const { dir, db } = sweepDir();
  const file = join(dir, 'div.yaml');
  // lr 10 with momentum 0.99 blows up on every fold within the first epochs; lr 0.01 learns.
  writeFileSync(file, 'name: div\nprotocol:\n  epochs: 40\ntrials:\n  - {name: blown, lr: 10, momentum: 0.99}\n  - {name: fine, lr: 0.01, momentum: 0.9}\n');
  const r = await startRun([file, '--db', db, '--quiet']).done;
  assert.equal(r.code, 0, r.stderr);
  const blown = query<{ diverged: number; accuracy: number | null; loss: number | null; epochs_run: number }>(
    db,
    "SELECT r.diverged, r.accuracy, r.loss, r.epochs_run FROM fold_results r JOIN trials t ON t.id = r.trial_id WHERE t.label = 'blown'",
  );
  assert.equal(blown.length, 10);
  for (const f of blown) {
    assert.equal(f.diverged, 1);
    assert.equal(f.accuracy, null);
    assert.equal(f.loss, null);
    // Diverged after 10 epochs in a row above 5 nats (the documented rule), so well before 40.
    assert.ok(f.epochs_run >= 1 && f.epochs_run < 40, `epochs_run ${f.epochs_run}`);
  }
  assert.deepEqual(query(db, "SELECT state FROM trials WHERE label = 'blown'"), [{ state: 'done' }], 'not a failure');
  const status = JSON.parse(runCli(['status', '--db', db, '--format', 'json']).stdout)[0];
  const fine = JSON.parse(runCli(['show', 'div/' + query<{ trial_key: string }>(db, "SELECT trial_key FROM trials WHERE label = 'fine'")[0].trial_key, '--db', db, '--format', 'json']).stdout);
  assert.equal(status.best, fine.meanAccuracy, 'the best is the trial that learned');
  const board = JSON.parse(runCli(['leaderboard', '--db', db, '--format', 'json']).stdout);
  assert.deepEqual(board.map((x: { name: string; status: string; diverged: number }) => [x.name, x.status, x.diverged]), [
    ['fine', 'complete', 0],
    ['blown', 'incomplete', 10],
  ]);
});
