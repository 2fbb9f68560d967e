import assert from 'node:assert/strict';
import { test } from 'node:test';
import { METRIC_DIRECTION, binaryAuc, foldMetrics, parseMetric } from '../../src/stats/metrics.js';

const close = (actual: number | null, expected: number, what: string) => assert.ok(actual !== null && Math.abs(actual - expected) < 1e-12, `${what}: ${actual} != ${expected}`);

// Expected values worked out by hand below each case, from the definitions (confusion counts, rank sums).
test('binary metrics from one sigmoid output: accuracy, balanced accuracy, macro F1, clipped log loss and AUC with ties', () => {
  const labels = [0, 0, 1, 1, 1, 0];
  const p = Float32Array.from([0.1, 0.6, 0.6, 0.9, 0.4, 0.6]);
  const m = foldMetrics(p, labels, 2);
  // predictions (p > 0.5): 0 1 1 1 0 1 -> rows 0, 2, 3 right
  close(m.accuracy, 3 / 6, 'accuracy');
  // recall: class 0 1/3 (row 0 of rows 0, 1, 5), class 1 2/3 (rows 2, 3 of 2, 3, 4)
  close(m.balanced_accuracy, (1 / 3 + 2 / 3) / 2, 'balanced accuracy');
  // F1 = 2TP / (2TP + FP + FN): class 0: 2 / (2 + 1 + 2); class 1: 4 / (4 + 2 + 1)
  close(m.macro_f1, (2 / 5 + 4 / 7) / 2, 'macro F1');
  const q = Array.from(p); // the float32 values the model produced
  close(m.log_loss, -(Math.log(1 - q[0]) + Math.log(1 - q[1]) + Math.log(q[2]) + Math.log(q[3]) + Math.log(q[4]) + Math.log(1 - q[5])) / 6, 'log loss');
  // positives .6 .9 .4 against negatives .1 .6 .6: (1 + 1/2 + 1/2) + 3 + 1 wins of 9 pairs
  close(m.roc_auc, 6 / 9, 'AUC');
});

test('log loss clips probabilities to [1e-7, 1 - 1e-7] as Keras does: a confident wrong answer costs ln(1e7), not infinity', () => {
  const m = foldMetrics(Float64Array.from([0, 1]), [1, 0], 2);
  close(m.log_loss, -Math.log(1e-7), 'clipped log loss');
  const right = foldMetrics(Float64Array.from([1, 0]), [1, 0], 2);
  close(right.log_loss, -Math.log(1 - 1e-7), 'clipped at the top as well');
});

test('three classes from softmax rows: a class never predicted scores 0 in F1; macro one-vs-rest AUC', () => {
  const labels = [0, 1, 2, 0, 1, 2];
  const rows = [
    [0.7, 0.2, 0.1],
    [0.1, 0.8, 0.1],
    [0.4, 0.35, 0.25],
    [0.5, 0.3, 0.2],
    [0.3, 0.6, 0.1],
    [0.3, 0.4, 0.3],
  ];
  const m = foldMetrics(rows.flat(), labels, 3);
  // argmax: 0 1 0 0 1 1 -> rows 0, 1, 3, 4 right; class 2 is never predicted
  close(m.accuracy, 4 / 6, 'accuracy');
  close(m.balanced_accuracy, (1 + 1 + 0) / 3, 'balanced accuracy');
  // class 0: TP 2, FP 1, FN 0 -> 4/5; class 1: TP 2, FP 1, FN 0 -> 4/5; class 2: TP 0 -> 0
  close(m.macro_f1, (4 / 5 + 4 / 5 + 0) / 3, 'macro F1');
  close(m.log_loss, -(Math.log(0.7) + Math.log(0.8) + Math.log(0.25) + Math.log(0.5) + Math.log(0.6) + Math.log(0.3)) / 6, 'log loss');
  // each class's own probability ranks its two rows above the other four
  close(m.roc_auc, 1, 'macro OvR AUC');
});

test('argmax takes the first of equal probabilities; AUC is undefined when a class is absent', () => {
  const m = foldMetrics([0.5, 0.5, 0, 0.2, 0.4, 0.4], [1, 2], 3);
  close(m.accuracy, 0, 'ties go to the first class');
  assert.equal(m.roc_auc, null);
  assert.equal(binaryAuc(3, () => 0.5, () => true), null);
  close(binaryAuc(4, (r) => [0.2, 0.2, 0.2, 0.2][r], (r) => r < 2), 0.5, 'all tied');
});

test('metric names: direction, spelling with dashes, unknown names', () => {
  assert.equal(METRIC_DIRECTION.log_loss, 'lower');
  assert.equal(METRIC_DIRECTION.roc_auc, 'higher');
  assert.equal(parseMetric('balanced-accuracy'), 'balanced_accuracy');
  assert.equal(parseMetric('f1'), null);
});
