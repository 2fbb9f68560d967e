import assert from 'node:assert/strict';
import { test } from 'node:test';
import { query, startRun, sweepDir, writeSweep } from './runner-fixture.js';

test('a new metric: in a finished sweep re-ranks it without --extend, keeping every stored fold; a new curve cadence needs --extend', async () => {
  const { dir, db } = sweepDir();
  const file = writeSweep(dir, 'ranked', 2, 1);
  assert.equal((await startRun([file, '--db', db, '--quiet']).done).code, 0);
  const before = query<{ id: number }>(db, 'SELECT id FROM fold_results ORDER BY id');
  const specBefore = query<{ spec: string }>(db, 'SELECT spec FROM sweeps')[0].spec;
  assert.equal(JSON.parse(specBefore).metric, undefined);

  writeSweep(dir, 'ranked', 2, 1, 'metric: log_loss\n');
  const rerun = await startRun([file, '--db', db]).done;
  assert.equal(rerun.code, 0, rerun.stderr);
  assert.match(rerun.stderr, /^resuming sweep "ranked"; ranked by log_loss now \(was accuracy; the stored results are unchanged\): 2 trials/m);
  assert.deepEqual(query<{ id: number }>(db, 'SELECT id FROM fold_results ORDER BY id'), before, 'nothing refitted, nothing lost');
  assert.equal(JSON.parse(query<{ spec: string }>(db, 'SELECT spec FROM sweeps')[0].spec).metric, 'log_loss', 'the stored spec ranks by the new metric');

  writeSweep(dir, 'ranked', 2, 1, 'metric: log_loss\ncurves: {every: 5}\n');
  const refused = await startRun([file, '--db', db, '--quiet']).done;
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /with a different spec:\n {2}curves\.every: 10 -> 5\nRun with --extend/);
  const extended = await startRun([file, '--db', db, '--extend', '--quiet']).done;
  assert.equal(extended.code, 0, extended.stderr);
  assert.deepEqual(query<{ id: number }>(db, 'SELECT id FROM fold_results ORDER BY id'), before);
});
