import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers.js';
import { query, startRun, sweepDir, writeSweep } from './runner-fixture.js';

test('repeats: each trial trains once per repeat on the same folds, with its own seed; everything counts all repeats', async () => {
  const { dir, db } = sweepDir();
  const file = writeSweep(dir, 'rep', 2, 3, 'repeats: 2\n', '[8]');
  const r = await startRun([file, '--db', db, '--quiet']).done;
  assert.equal(r.code, 0, r.stderr);
  const rows = query<{ trial_key: string; fold: number; repeat: number; seed: string }>(
    db,
    'SELECT t.trial_key, r.fold, r.repeat, r.seed FROM fold_results r JOIN trials t ON t.id = r.trial_id ORDER BY t.id, r.repeat, r.fold',
  );
  assert.equal(rows.length, 2 * 10 * 2);
  for (const x of rows) assert.equal(x.seed, `7/${x.trial_key}/${x.fold}/${x.repeat}`, 'seed = sweep seed / trial / fold / repeat');
  assert.equal(new Set(rows.map((x) => x.seed)).size, 40);
  const board = JSON.parse(runCli(['leaderboard', '--db', db, '--format', 'json']).stdout);
  assert.deepEqual(board.map((x: { folds: number; status: string }) => [x.folds, x.status]), [
    [20, 'complete'],
    [20, 'complete'],
  ]);
  const status = JSON.parse(runCli(['status', '--db', db, '--format', 'json']).stdout)[0];
  assert.deepEqual([status.foldFits, status.foldFitsTotal], [40, 40]);
  const shown = JSON.parse(runCli(['show', board[0].trialKey, '--db', db, '--format', 'json']).stdout);
  assert.equal(shown.foldsPlanned, 20);
  assert.deepEqual(shown.folds.map((f: { repeat: number }) => f.repeat), [...Array(10).fill(0), ...Array(10).fill(1)]);
});
