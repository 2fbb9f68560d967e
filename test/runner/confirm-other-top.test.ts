import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers.js';
import { query, startRun, sweepDir, writeGradedSweep } from './runner-fixture.js';

test('confirm --top 2 after a --top 3 is refused with the ways forward that exist (leaderboard, delete), never --new; after delete it runs', async () => {
  const { dir, db } = sweepDir();
  assert.equal((await startRun([writeGradedSweep(dir, 'graded'), '--db', db, '--workers', '1', '--quiet']).done).code, 0);
  const confirm = (top: number) => runCli(['confirm', '--db', db, '--sweep', 'graded', '--top', String(top), '--repeats', '1', '--workers', '1', '--quiet']);
  assert.equal(confirm(3).code, 0);
  const stored = query<{ n: number }>(db, 'SELECT count(*) AS n FROM fold_results')[0].n;
  const r = confirm(2);
  assert.equal(r.code, 2);
  assert.equal(
    r.stderr,
    'dropsweep: sweep "graded-confirm" already holds a confirmation of graded (top 3 trial(s), 1 seed(s) each); this one (top 2, 1 seed(s)) would mix with it. ' +
      'Read it with: dropsweep leaderboard --sweep graded-confirm; or delete it first to confirm again: dropsweep delete --sweep graded-confirm\n',
  );
  assert.doesNotMatch(r.stderr, /--new|--extend/);
  assert.equal(query<{ n: number }>(db, 'SELECT count(*) AS n FROM fold_results')[0].n, stored, 'nothing run');
  // The same confirmation again resumes it (nothing left to run).
  assert.equal(confirm(3).code, 0);
  assert.equal(query<{ n: number }>(db, 'SELECT count(*) AS n FROM fold_results')[0].n, stored);
  // The way forward the message names works.
  assert.equal(runCli(['delete', '--db', db, '--sweep', 'graded-confirm', '--yes']).code, 0);
  assert.equal(confirm(2).code, 0);
  assert.deepEqual(query(db, "SELECT count(*) AS n FROM trials t JOIN sweeps s ON s.id = t.sweep_id WHERE s.name = 'graded-confirm'"), [{ n: 2 }]);
});
