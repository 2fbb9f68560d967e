import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers.js';
import { holdWriteLock, startRun, sweepDir, writeSweep } from './runner-fixture.js';

test('a store error at the start of a run names the database file, not "database"', async () => {
  const { dir, db } = sweepDir();
  assert.equal((await startRun([writeSweep(dir, 'first', 1, 1), '--db', db, '--quiet']).done).code, 0);
  const lock = holdWriteLock(db, 10_000);
  await lock.locked;
  const r = runCli(['run', writeSweep(dir, 'second', 1, 1), '--db', db, '--store-timeout', '0', '--quiet']);
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, new RegExp(`^dropsweep: ${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the database stayed locked by another process \\(SQLITE_BUSY[^)]*\\)\\n$`));
});
