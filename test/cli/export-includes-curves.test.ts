import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers.js';
import { startRun, sweepDir, writeSweep } from '../runner/runner-fixture.js';

test('export carries each fold learning curve: an object in json, JSON text in a csv cell; show --curves prints the mean curve', async () => {
  const { dir, db } = sweepDir();
  const file = writeSweep(dir, 'exported', 2, 12, 'curves: { every: 4 }\n');
  assert.equal((await startRun([file, '--db', db, '--quiet']).done).code, 0);
  const json = runCli(['export', '--db', db, '--format', 'json']);
  assert.equal(json.code, 0, json.stderr);
  const rows = JSON.parse(json.stdout) as { fold: number; epochs_run: number; train_loss: number; log_loss: number; curve: { epochs: number[]; trainLoss: number[]; heldOut: Record<string, number[]> } }[];
  assert.equal(rows.length, 20);
  for (const r of rows) {
    assert.deepEqual(r.curve.epochs, [4, 8, 12]);
    assert.equal(r.curve.trainLoss.length, r.epochs_run);
    assert.equal(r.curve.trainLoss[11], Math.fround(r.train_loss));
    assert.equal(r.curve.heldOut.log_loss[2], Math.fround(r.log_loss));
  }
  const csv = runCli(['export', '--db', db, '--format', 'csv']).stdout.trim().split('\n');
  assert.equal(csv.length, 21);
  assert.match(csv[0], /,curve$/);
  const cell = /,"(\{.*\})"$/.exec(csv[1])![1].replace(/""/g, '"');
  assert.deepEqual((JSON.parse(cell) as { epochs: number[] }).epochs, [4, 8, 12]);

  const key = rows.length ? (JSON.parse(runCli(['leaderboard', '--db', db, '--format', 'json']).stdout) as { trialKey: string }[])[0].trialKey : '';
  const shown = runCli(['show', key, '--db', db, '--curves']);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /mean learning curve over 10 folds/);
  // Off a terminal: the checkpoint table, no sparkline.
  assert.match(shown.stdout, /│ 12 +│/);
  assert.doesNotMatch(shown.stdout, /[▁▂▃▄▅▆▇█]/);
});
