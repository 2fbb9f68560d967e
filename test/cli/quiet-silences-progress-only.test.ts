import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers.js';
import { startRun, sweepDir, writeSweep } from '../runner/runner-fixture.js';

test('run --quiet prints no progress, but still the done line and the result table', async () => {
  const { dir, db } = sweepDir();
  const r = await startRun([writeSweep(dir, 'hush', 2, 2), '--db', db, '--quiet']).done;
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^done: sweep hush: 2\/2 trials done, 20\/20 fold fits stored; this runner: /);
  assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, 'the done line alone: no start line, no progress');
  assert.match(r.stdout, /│ rank │ trial/);
  assert.equal(r.stdout.split('\n').filter((l) => /^│ \d/.test(l)).length, 2);
  assert.match(r.stdout, /\nnext: dropsweep leaderboard --sweep hush/);
});

test('cv --quiet prints no progress and no backend line, but the fold table and the mean', () => {
  const r = runCli(['cv', '--epochs', '1', '--folds', '3', '--hidden', '4', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout.split('\n').filter((l) => /^│ [0-2] /.test(l)).length, 3);
  assert.match(r.stdout, /\naccuracy: \d+\.\d\d% \(\d+\.\d\d%\), mean \(std\) over the scored folds/);
});
