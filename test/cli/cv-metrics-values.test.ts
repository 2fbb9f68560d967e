import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers.js';

test('binary cv (Sonar) scores all five metrics on every fold, accuracy the same as before', () => {
  const r = runCli(['cv', '--epochs', '5', '--folds', '3', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  for (const name of ['accuracy', 'balanced_accuracy', 'macro_f1', 'log_loss', 'roc_auc']) {
    assert.ok(out.metrics[name].folds.every((v: unknown) => typeof v === 'number'), name);
  }
  assert.deepEqual(out.metrics.accuracy.folds, out.accuracy.folds);
});

test('cv --metric log_loss headlines the held-out log loss, lower is better', () => {
  const r = runCli(['cv', '--epochs', '5', '--folds', '3', '--quiet', '--metric', 'log_loss']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /│ log_loss \(headline\) +│ lower +│ \d\.\d{4} /);
  assert.doesNotMatch(r.stdout, /returned no held-out metrics/);
  assert.match(r.stdout, /\nlog_loss: \d\.\d{4} \(\d\.\d{4}\), mean \(std\) over the scored folds/);
});
