import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers.js';

const METRICS = ['accuracy', 'balanced_accuracy', 'macro_f1', 'log_loss', 'roc_auc'];

test('cv --format json names the headlined metric, the classes, and every metric over the folds', () => {
  const r = runCli(['cv', '--epochs', '2', '--folds', '3', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.metric, 'accuracy');
  assert.deepEqual(out.classes, ['M', 'R']);
  assert.deepEqual(Object.keys(out.metrics), METRICS);
  for (const name of METRICS) assert.equal(out.metrics[name].folds.length, 3, name);
  assert.deepEqual(out.metrics.accuracy, out.accuracy, 'accuracy is one of the metrics, the same numbers');
  assert.equal(JSON.parse(runCli(['cv', '--epochs', '1', '--folds', '2', '--format', 'json', '--metric', 'Log-Loss']).stdout).metric, 'log_loss');
});

test('cv prints a table of every metric (direction, mean, std, folds scored) with the headlined one marked', () => {
  const r = runCli(['cv', '--epochs', '1', '--folds', '3', '--quiet', '--metric', 'roc_auc']);
  assert.equal(r.code, 0, r.stderr);
  const rows = r.stdout.split('\n').filter((l) => /^│ (accuracy|balanced_accuracy|macro_f1|log_loss|roc_auc)\b/.test(l));
  assert.equal(rows.length, 5, r.stdout);
  assert.match(r.stdout, /│ roc_auc \(headline\) +│ higher │/);
  assert.match(r.stdout, /│ log_loss +│ lower +│/);
  assert.match(r.stdout, /│ fold │ accuracy % │ roc_auc │ held-out loss │/, 'the headlined metric gets a column per fold');
  assert.match(r.stdout, /\nroc_auc: .*\[\d+\.\d s, wasm-simd\]\n$/);
});

test('cv --metric with an unknown name is refused in one line, before any training', () => {
  const r = runCli(['cv', '--metric', 'f1']);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'dropsweep: option --metric: "f1" is not a metric; one of accuracy, balanced_accuracy, macro_f1, log_loss, roc_auc\n');
  assert.equal(runCli(['cv', '--metric', 'acurracy']).stderr, 'dropsweep: option --metric: "acurracy" is not a metric; did you mean "accuracy"? one of accuracy, balanced_accuracy, macro_f1, log_loss, roc_auc\n');
});
