import assert from 'node:assert/strict';
import { test } from 'node:test';
import { query, startRun, sweepDir, writeSlowSweep } from './runner-fixture.js';

test('two runners on one sweep both make progress and never run a fold twice', async () => {
  const { dir, db } = sweepDir();
  const file = writeSlowSweep(dir, 'shared');
  const [a, b] = await Promise.all([
    startRun([file, '--db', db, '--workers', '1', '--pack', '5', '--quiet']).done,
    startRun([file, '--db', db, '--workers', '1', '--pack', '5', '--quiet']).done,
  ]);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  const rows = query<{ trial_id: number; fold: number }>(db, 'SELECT trial_id, fold FROM fold_results');
  assert.equal(rows.length, 80);
  assert.equal(new Set(rows.map((r) => `${r.trial_id}/${r.fold}`)).size, 80);
  const runs = query<{ fits_done: number; fits_fenced: number }>(db, 'SELECT fits_done, fits_fenced FROM runs ORDER BY id');
  assert.equal(runs.length, 2);
  assert.ok(runs.every((r) => r.fits_done > 0), `both runners stored fits: ${JSON.stringify(runs)}`);
  // The unique key would hide a fold computed twice; the work counts do not: 80 computed in all.
  assert.equal(runs[0].fits_done + runs[1].fits_done, 80, `work done: ${JSON.stringify(runs)}`);
  assert.equal(runs[0].fits_fenced + runs[1].fits_fenced, 0, 'no lease was lost, so nothing was computed twice');
});
