import assert from 'node:assert/strict';
import { test } from 'node:test';
import { refuseUnscoredClasses, summarizeMetrics } from '../../src/api/cross-validate.js';
import type { FitResult } from '../../src/engine/model.js';
import type { FoldMetrics } from '../../src/stats/metrics.js';

function fit(metrics: FoldMetrics | null | undefined, diverged = false): FitResult {
  return { accuracy: diverged ? null : (metrics?.accuracy ?? 0.5), loss: diverged ? null : 0.6, trainLoss: 0.5, epochsRun: 10, diverged, seconds: 0.1, ...(metrics === undefined ? {} : { metrics }) };
}
const m = (accuracy: number, log_loss: number, roc_auc: number | null): FoldMetrics => ({ accuracy, balanced_accuracy: accuracy - 0.1, macro_f1: accuracy - 0.2, log_loss, roc_auc });
const close = (a: number | null, b: number) => assert.ok(a !== null && Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

test('each metric is the mean and population std of the folds that scored it; diverged folds and undefined AUCs are left out', () => {
  const s = summarizeMetrics([fit(m(0.8, 0.4, 0.9)), fit(m(0.6, 0.7, null)), fit(null, true), fit(m(0.7, 0.55, 0.8))]);
  // accuracy: 0.8, 0.6, 0.7 -> mean 0.7, population std sqrt(((0.1)^2 + (0.1)^2 + 0) / 3).
  close(s.accuracy.mean, 0.7);
  close(s.accuracy.std, Math.sqrt(0.02 / 3));
  assert.deepEqual(s.accuracy.folds, [0.8, 0.6, null, 0.7]);
  close(s.balanced_accuracy.mean, 0.6);
  close(s.macro_f1.mean, 0.5);
  // log loss: 0.4, 0.7, 0.55 -> mean 0.55, std sqrt((0.0225 + 0.0225 + 0) / 3).
  close(s.log_loss.mean, 0.55);
  close(s.log_loss.std, Math.sqrt(0.045 / 3));
  // ROC AUC undefined on fold 1 (a class absent): 0.9 and 0.8 -> 0.85, std 0.05.
  assert.deepEqual(s.roc_auc.folds, [0.9, null, null, 0.8]);
  close(s.roc_auc.mean, 0.85);
  close(s.roc_auc.std, 0.05);
});

test('an engine that returns no metrics gives accuracy (from FitResult.accuracy) and nothing else', () => {
  const s = summarizeMetrics([fit(undefined), fit(undefined)]);
  assert.deepEqual(s.accuracy.folds, [0.5, 0.5]);
  for (const name of ['balanced_accuracy', 'macro_f1', 'log_loss', 'roc_auc'] as const) {
    assert.deepEqual(s[name].folds, [null, null], name);
    assert.deepEqual([s[name].mean, s[name].std], [null, null], `${name} has no mean and no std`);
  }
});

test('K > 2 classes with an engine that returned no metrics for a fitted fold is refused in one line', () => {
  const three = ['a', 'b', 'c'];
  assert.throws(() => refuseUnscoredClasses(three, [fit(m(0.9, 0.3, 0.9)), fit(undefined)], 'fused', 'k.csv'), {
    name: 'UserError',
    message: 'k.csv: 3 classes, but the fused engine of this build trains binary models only',
  });
  refuseUnscoredClasses(three, [fit(m(0.9, 0.3, 0.9)), fit(null, true)], 'fused', 'k.csv');
  refuseUnscoredClasses(['M', 'R'], [fit(undefined)], 'fused', 'sonar.csv');
});
