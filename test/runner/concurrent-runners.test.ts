import assert from 'node:assert/strict';
import { test } from 'node:test';
import { query, startRun, sweepDir, writeSlowSweep } from './runner-fixture.js';
import { assertWorkAddsUp, endsInRowOrder } from './work-counts.js';

test('two runners on one sweep both make progress and never train a fold twice: each one trained what it stored', async () => {
  const { dir, db } = sweepDir();
  const file = writeSlowSweep(dir, 'shared');
  const started = [0, 1].map(() => startRun([file, '--db', db, '--workers', '1', '--pack', '5']));
  const [a, b] = await Promise.all(started.map((r) => r.done));
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  const rows = query<{ trial_id: number; fold: number }>(db, 'SELECT trial_id, fold FROM fold_results');
  assert.equal(rows.length, 80);
  assert.equal(new Set(rows.map((r) => `${r.trial_id}/${r.fold}`)).size, 80);
  // The unique key would hide a fold computed twice; the work counts do not: trained = stored, 80 in all.
  const runs = await assertWorkAddsUp(db, { fits: 80, packSize: 5, runs: await endsInRowOrder(db, started, [a, b]) });
  assert.ok(runs.every((r) => r.fits_done > 0), `both runners stored fits: ${JSON.stringify(runs)}`);
  assert.equal(runs[0].fits_trained + runs[1].fits_trained, 80, 'no lease was lost, so nothing was trained twice');
});
