import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countResults, query, startRun, sweepDir, waitFor, writeSlowSweep } from './runner-fixture.js';

test('after SIGKILL mid-sweep, the next run finishes it: one row per fold, stored rows untouched', async () => {
  const { dir, db } = sweepDir();
  const file = writeSlowSweep(dir, 'killed');
  const first = startRun([file, '--db', db, '--workers', '1', '--pack', '2', '--quiet']);
  await waitFor(() => countResults(db) >= 10, 120_000, 'two stored packs');
  first.child.kill('SIGKILL');
  const killed = await first.done;
  assert.equal(killed.signal, 'SIGKILL');

  const before = query<{ id: number; created_at: number; trial_id: number; fold: number }>(db, 'SELECT id, created_at, trial_id, fold FROM fold_results ORDER BY id');
  assert.ok(before.length >= 10 && before.length < 80, `${before.length} rows stored before the kill`);
  const leased = query<{ n: number }>(db, "SELECT count(*) AS n FROM trials WHERE state = 'running'")[0].n;
  assert.ok(leased >= 1, 'the killed runner left leased trials behind');

  const second = await startRun([file, '--db', db, '--workers', '1', '--pack', '5', '--quiet']).done;
  assert.equal(second.code, 0, second.stderr);
  const after = query<{ id: number; created_at: number; trial_id: number; fold: number }>(db, 'SELECT id, created_at, trial_id, fold FROM fold_results ORDER BY id');
  assert.equal(after.length, 80, 'every (trial, fold) stored');
  const distinct = new Set(after.map((r) => `${r.trial_id}/${r.fold}`));
  assert.equal(distinct.size, 80, 'no duplicates');
  // Rows stored before the kill are the same rows: not recomputed, not rewritten.
  assert.deepEqual(after.slice(0, before.length), before);
  const states = query<{ state: string; n: number }>(db, 'SELECT state, count(*) AS n FROM trials GROUP BY state');
  assert.deepEqual(states, [{ state: 'done', n: 8 }]);
  // Work counted, not just rows: each run's count is committed with its rows, so the killed run
  // counted exactly what it stored, and the second computed exactly the missing fits.
  const runs = query<{ fits_done: number; fits_fenced: number }>(db, 'SELECT fits_done, fits_fenced FROM runs ORDER BY id');
  assert.deepEqual(runs, [
    { fits_done: before.length, fits_fenced: 0 },
    { fits_done: 80 - before.length, fits_fenced: 0 },
  ]);
});
