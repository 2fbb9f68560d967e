import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countResults, pauseOutsideWrite, query, startRun, sweepDir, waitForStored, writeSlowSweep } from './runner-fixture.js';
import { assertWorkAddsUp } from './work-counts.js';

test('a runner paused past its lease is fenced: its late results are refused, it says so, and at most one pack per lost lease is trained twice', async () => {
  const { dir, db } = sweepDir();
  const file = writeSlowSweep(dir, 'paused');
  const lease = ['--lease-seconds', '3'];
  const a = startRun([file, '--db', db, '--workers', '1', '--pack', '2', ...lease]);
  await waitForStored(db, 4, a);
  // Stopped inside a write transaction, A would block B's writes (that is waits-while-locked's case).
  await pauseOutsideWrite(a);
  const stoppedAt = countResults(db);
  const b = await startRun([file, '--db', db, '--workers', '1', '--pack', '2', ...lease]).done;
  assert.equal(b.code, 0, b.stderr);
  assert.equal(countResults(db), 80, 'B took the stale leases over and finished the sweep');
  a.child.kill('SIGCONT');
  const r = await a.done;
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /dropsweep: lost the lease on trial [0-9a-f]{16} \(another runner took it over while this one was stalled\); its results here are dropped/);
  assert.match(r.stderr, /lost \d+ lease\(s\) to other runners, \d+ fold fits refused/);
  assert.equal(countResults(db), 80, 'nothing stored twice');
  const runs = await assertWorkAddsUp(db, { fits: 80, packSize: 2, runs: [{ stderr: r.stderr }, { stderr: b.stderr }] });
  assert.ok(runs[0].fits_done >= stoppedAt);
  assert.equal(query<{ n: number }>(db, "SELECT count(*) AS n FROM trials WHERE state != 'done'")[0].n, 0);
});
