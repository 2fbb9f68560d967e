import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countResults, waitForStored, holdWriteLock, query, startRun, sweepDir, writeSlowSweep } from './runner-fixture.js';

test('a lock held past --store-timeout stops the run with one line and exit 3, no stack; a resume completes', async () => {
  const { dir, db } = sweepDir();
  const file = writeSlowSweep(dir, 'timeout');
  const run = startRun([file, '--db', db, '--workers', '2', '--pack', '5', '--store-timeout', '2']);
  await waitForStored(db, 4, run);
  const lock = holdWriteLock(db, 8_000);
  await lock.locked;
  const r = await run.done;
  assert.equal(r.code, 3, r.stderr);
  assert.doesNotMatch(r.stderr, /\n\s+at |Unexpected message|Error:/, 'no stack trace, no pool error');
  assert.match(r.stderr, /dropsweep: .*r\.sqlite: the database stayed locked by another process \(SQLITE_BUSY.*\); stopped, \d+ fold fits in flight were lost, every stored result is kept\. Resume with: /);
  await lock.released;
  const before = countResults(db);
  const resumed = await startRun([file, '--db', db, '--quiet']).done;
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.equal(countResults(db), 80);
  assert.equal(query<{ n: number }>(db, "SELECT count(*) AS n FROM trials WHERE state != 'done'")[0].n, 0);
  assert.ok(before < 80);
});
