import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers.js';
import { query, startRun, sweepDir, writeGradedSweep } from './runner-fixture.js';

test('confirm --top 2 after a --top 3 is no dead end: it runs as a confirmation of its own (NAME-confirm-2), the first is kept, and delete removes one', async () => {
  const { dir, db } = sweepDir();
  assert.equal((await startRun([writeGradedSweep(dir, 'graded'), '--db', db, '--workers', '1', '--quiet']).done).code, 0);
  const confirm = (top: number) => runCli(['confirm', '--db', db, '--sweep', 'graded', '--top', String(top), '--repeats', '1', '--workers', '1', '--quiet']);
  const trialsOf = (name: string) => query<{ n: number }>(db, `SELECT count(*) AS n FROM trials t JOIN sweeps s ON s.id = t.sweep_id WHERE s.name = '${name}'`)[0].n;
  assert.equal(confirm(3).code, 0);
  const stored = query<{ n: number }>(db, 'SELECT count(*) AS n FROM fold_results')[0].n;
  const r = confirm(2);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr + r.stdout, /--new|--extend/);
  assert.equal(trialsOf('graded-confirm'), 3, 'the first confirmation is kept as it was');
  assert.equal(trialsOf('graded-confirm-2'), 2);
  // The same confirmation again resumes it: nothing left to run.
  const after = query<{ n: number }>(db, 'SELECT count(*) AS n FROM fold_results')[0].n;
  assert.ok(after > stored);
  assert.equal(confirm(3).code, 0);
  assert.equal(query<{ n: number }>(db, 'SELECT count(*) AS n FROM fold_results')[0].n, after);
  // A confirmation no longer wanted can be deleted.
  assert.equal(runCli(['delete', '--db', db, '--sweep', 'graded-confirm-2', '--yes']).code, 0);
  assert.equal(trialsOf('graded-confirm-2'), 0);
});
