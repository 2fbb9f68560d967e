import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { query, startRun, sweepDir } from './runner-fixture.js';

interface Row {
  trial_key: string;
  fold: number;
  accuracy: number | null;
  loss: number | null;
  train_loss: number | null;
  epochs_run: number;
  diverged: number;
}

// Recorded by the CLI of main at 2248d95, before fold results stored every metric and a learning
// curve: a 12-trial Sonar grid (three placements, with and without max-norm, two learning rates),
// 10 folds of 30 epochs.
const fixture = JSON.parse(readFileSync(resolve('test/fixtures/sonar-sweep-before-metrics.json'), 'utf8')) as { sweep: string; rows: Row[] };

test('a binary Sonar sweep keeps its trial keys and fold results bit for bit, whatever metric it ranks by and however often it scores curves', async () => {
  const { dir, db } = sweepDir();
  const file = join(dir, 'sonar-fixed.yaml');
  // Ranking and curve keys are not part of a trial: the same keys and the same fits.
  writeFileSync(file, `${fixture.sweep}\nmetric: log_loss\ncurves: { every: 7 }\n`);
  const r = await startRun([file, '--db', db, '--workers', '2', '--pack', '7', '--quiet']).done;
  assert.equal(r.code, 0, r.stderr);
  const rows = query<Row>(
    db,
    'SELECT t.trial_key, r.fold, r.accuracy, r.loss, r.train_loss, r.epochs_run, r.diverged FROM fold_results r JOIN trials t ON t.id = r.trial_id ORDER BY t.trial_key, r.fold',
  );
  assert.equal(rows.length, 120);
  assert.deepEqual(rows, fixture.rows);
  // And the new columns are filled for every fold that did not diverge.
  const missing = query<{ n: number }>(db, 'SELECT count(*) AS n FROM fold_results WHERE diverged = 0 AND (log_loss IS NULL OR macro_f1 IS NULL OR balanced_accuracy IS NULL)')[0].n;
  assert.equal(missing, 0);
});
