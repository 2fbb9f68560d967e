import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countResults, waitForStored, holdWriteLock, query, startRun, sweepDir, writeSlowSweep } from './runner-fixture.js';

test('a write lock held 15 s mid-run (past the busy timeout) is waited out: the sweep completes, every row stored, exit 0', async () => {
  const { dir, db } = sweepDir();
  const file = writeSlowSweep(dir, 'locked');
  const run = startRun([file, '--db', db, '--workers', '1', '--pack', '2']);
  let exitedAt = 0;
  void run.done.then(() => (exitedAt = Date.now()));
  await waitForStored(db, 4, run);
  const lock = holdWriteLock(db, 15_000);
  await lock.locked;
  const lockedAt = Date.now();
  const storedWhileLocked = countResults(db);
  await lock.released;
  const releasedAt = Date.now();
  const r = await run.done;
  assert.equal(r.code, 0, r.stderr);
  assert.ok(releasedAt - lockedAt >= 14_000, 'the lock was really held');
  assert.ok(exitedAt >= releasedAt, 'the runner did not give up while the lock was held');
  assert.match(r.stderr, /locked by another process; results wait in memory and are retried/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.ok(storedWhileLocked < 80, 'the lock came mid-run');
  assert.equal(countResults(db), 80, 'every fold stored once');
  const runs = query<{ fits_done: number; outcome: string }>(db, 'SELECT fits_done, outcome FROM runs');
  assert.deepEqual(runs, [{ fits_done: 80, outcome: 'completed' }], 'every fit computed once, and counted');
});
