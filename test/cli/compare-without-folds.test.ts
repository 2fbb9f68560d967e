import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runSweep } from '../../src/index.js';
import { runCli } from '../helpers.js';
import { sweepDir, writeSweep } from '../runner/runner-fixture.js';

test('compare against a trial with no scored fold exits 2 with one line naming it, and prints no statistics', async () => {
  const { dir, db } = sweepDir();
  assert.equal((await runSweep(writeSweep(dir, 'pair', 2, 2), { db, workers: 1 })).outcome, 'completed');
  // A third trial added but never run: it has no fold.
  // Stopped as soon as the extension is stored: before its first claim.
  const stop = new AbortController();
  await runSweep(writeSweep(dir, 'pair', 3, 2), { db, workers: 1, extend: true, signal: stop.signal, onStart: () => stop.abort('SIGTERM') });
  const rows = JSON.parse(runCli(['leaderboard', '--db', db, '--format', 'json']).stdout) as { trialKey: string; folds: number }[];
  const done = rows.find((r) => r.folds === 10)!;
  const empty = rows.find((r) => r.folds === 0)!;
  assert.ok(done && empty, 'one trial complete, one not started');
  for (const args of [[`pair/${done.trialKey}`, `pair/${empty.trialKey}`], [`pair/${empty.trialKey}`, `pair/${done.trialKey}`]]) {
    const r = runCli(['compare', ...args, '--db', db]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `dropsweep: trial pair/${empty.trialKey.slice(0, 10)} has no scored fold yet (not started); compare needs folds scored in both trials\n`);
  }
  const json = runCli(['compare', `pair/${done.trialKey}`, `pair/${empty.trialKey}`, '--db', db, '--format', 'json']);
  assert.equal(json.code, 2, 'json too: no "0 paired folds; df = -1"');
});
