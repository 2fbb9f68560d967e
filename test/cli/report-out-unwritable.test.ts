import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers.js';
import { startRun, sweepDir, writeSweep } from '../runner/runner-fixture.js';

test('report --out on a full device exits 3, as output that cannot be written does', async () => {
  const { dir, db } = sweepDir();
  assert.equal((await startRun([writeSweep(dir, 'rep', 2, 1), '--db', db, '--quiet']).done).code, 0);
  const r = runCli(['report', '--db', db, '--out', '/dev/full']);
  assert.equal(r.code, 3, r.stderr);
  assert.equal(r.stderr, 'dropsweep: /dev/full: cannot write (ENOSPC)\n');
});
