import assert from 'node:assert/strict';
import { test } from 'node:test';
import { query, startRun, sweepDir, writeGradedSweep } from './runner-fixture.js';

test('results are bit-identical across runs, worker counts and pack sizes', async () => {
  const runs = [
    ['--workers', '1', '--pack', '3'],
    ['--workers', '2', '--pack', '20'],
    ['--workers', '2', '--pack', '1'],
  ];
  const results: string[] = [];
  for (const args of runs) {
    const { dir, db } = sweepDir();
    const r = await startRun([writeGradedSweep(dir, 'same'), '--db', db, '--quiet', ...args]).done;
    assert.equal(r.code, 0, r.stderr);
    const rows = query<Record<string, unknown>>(
      db,
      'SELECT t.trial_key, r.fold, r.repeat, r.accuracy, r.loss, r.train_loss, r.epochs_run, r.diverged, r.seed FROM fold_results r JOIN trials t ON t.id = r.trial_id ORDER BY t.trial_key, r.fold',
    );
    assert.equal(rows.length, 50);
    // Losses as stored doubles, compared exactly.
    results.push(JSON.stringify(rows));
  }
  assert.equal(results[1], results[0], '2 workers, packs of 20');
  assert.equal(results[2], results[0], '2 workers, packs of 1');
});
