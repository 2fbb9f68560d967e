import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers.js';
import { writeNestedSweep } from './nested-fixture.js';
import { query, startRun, sweepDir, writeGradedSweep } from './runner-fixture.js';

test('confirm without --sweep confirms the most recent sweep a user ran, never a confirmation or an inner sweep of nested', async () => {
  const { dir, db } = sweepDir();
  assert.equal((await startRun([writeGradedSweep(dir, 'graded'), '--db', db, '--workers', '1', '--quiet']).done).code, 0);
  const confirm = (top: number) => runCli(['confirm', '--db', db, '--top', String(top), '--repeats', '1', '--workers', '1', '--quiet']);
  const first = confirm(3);
  assert.equal(first.code, 0, first.stderr);
  // The most recent sweep is now graded-confirm: a second confirmation is still of graded.
  const second = confirm(2);
  assert.equal(second.code, 0, second.stderr);
  // Inner sweeps of nested cross-validation (n-outer-1, n-outer-2) are newer still, and skipped too.
  const nested = runCli(['nested', writeNestedSweep(dir), '--db', db, '--outer', '2', '--workers', '1', '--quiet']);
  assert.equal(nested.code, 0, nested.stderr);
  const third = confirm(1);
  assert.equal(third.code, 0, third.stderr);
  const names = query<{ name: string }>(db, 'SELECT name FROM sweeps ORDER BY id').map((s) => s.name);
  assert.deepEqual(names, ['graded', 'graded-confirm', 'graded-confirm-2', 'n-outer-1', 'n-outer-2', 'graded-confirm-3']);
});
