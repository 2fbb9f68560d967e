import assert from 'node:assert/strict';
import { test } from 'node:test';
import { query, startRun, sweepDir, waitForStored, writeSlowSweep } from './runner-fixture.js';
import { assertWorkAddsUp } from './work-counts.js';

test('after SIGKILL mid-sweep, the next run finishes it: one row per fold, stored rows untouched', async () => {
  const { dir, db } = sweepDir();
  const file = writeSlowSweep(dir, 'killed');
  const first = startRun([file, '--db', db, '--workers', '1', '--pack', '2', '--quiet']);
  await waitForStored(db, 10, first);
  first.child.kill('SIGKILL');
  const killed = await first.done;
  assert.equal(killed.signal, 'SIGKILL');

  const before = query<{ id: number; created_at: number; trial_id: number; fold: number }>(db, 'SELECT id, created_at, trial_id, fold FROM fold_results ORDER BY id');
  assert.ok(before.length >= 10 && before.length < 80, `${before.length} rows stored before the kill`);
  const leased = query<{ n: number }>(db, "SELECT count(*) AS n FROM trials WHERE state = 'running'")[0].n;
  assert.ok(leased >= 1, 'the killed runner left leased trials behind');

  const second = await startRun([file, '--db', db, '--workers', '1', '--pack', '5']).done;
  assert.equal(second.code, 0, second.stderr);
  const after = query<{ id: number; created_at: number; trial_id: number; fold: number }>(db, 'SELECT id, created_at, trial_id, fold FROM fold_results ORDER BY id');
  assert.equal(after.length, 80, 'every (trial, fold) stored');
  const distinct = new Set(after.map((r) => `${r.trial_id}/${r.fold}`));
  assert.equal(distinct.size, 80, 'no duplicates');
  // Rows stored before the kill are the same rows: not recomputed, not rewritten.
  assert.deepEqual(after.slice(0, before.length), before);
  const states = query<{ state: string; n: number }>(db, 'SELECT state, count(*) AS n FROM trials GROUP BY state');
  assert.deepEqual(states, [{ state: 'done', n: 8 }]);
  // Work counted, not just rows: the killed run's counts were committed with its rows, so it
  // counted exactly what it stored, and trained at most what was in memory when it died (one
  // worker: two packs of 2); the second trained exactly the missing fits.
  const runs = await assertWorkAddsUp(db, { fits: 80, packSize: 5, runs: [{ killedWithAtMost: 4 }, { stderr: second.stderr }] });
  assert.equal(runs[0].fits_done, before.length);
  assert.equal(runs[1].fits_trained, 80 - before.length, 'the second run trained only the missing fits');
});
