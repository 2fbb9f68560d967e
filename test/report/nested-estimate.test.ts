import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nestedResult, type OuterFoldInput } from '../../src/report/nested.js';

// The nested estimate against a reference written from the formulas (Nadeau & Bengio's corrected
// k-fold t over the K outer scores): mean m, s^2 the sample variance (ddof 1), floored for accuracy
// at half a test row squared, se = sqrt((1/K + 1/(K-1)) s^2), interval m -/+ t(0.975, K-1) se.

/** Student's t two-sided 95% quantiles (tables): 4 df, 2 df. */
const T = { 4: 2.7764451051977987, 2: 4.302652729911275 };

const fold = (i: number, outerScore: number | null, innerScore: number, testRows = 40): OuterFoldInput => ({
  sweep: `s-outer-${i + 1}`,
  outerFold: i,
  winner: 'w',
  innerScore,
  outerScore,
  testRows,
  diverged: false,
  metrics: { accuracy: null, balanced_accuracy: null, macro_f1: null, log_loss: null, roc_auc: null },
  engine: 'fused',
  backend: 'wasm-simd',
});

function reference(x: number[], k: number, t: number, floor = 0) {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  const s2 = Math.max(x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1), floor);
  const se = Math.sqrt((1 / k + 1 / (k - 1)) * s2);
  return { mean: m, low: m - t * se, high: m + t * se, se };
}

const near = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} vs ${b}`);

test('the nested estimate of accuracy is the mean of the K outer scores with the corrected k-fold interval, in percent, and the optimistic score is the mean of the inner winners\' scores', () => {
  const outer = [0.8, 0.85, 0.75, 0.9, 0.825];
  const inner = [0.9, 0.92, 0.88, 0.91, 0.93];
  const n = nestedResult('s', 5, 'accuracy', outer.map((x, i) => fold(i, x, inner[i])));
  const r = reference(outer, 5, T[4]);
  assert.ok(n.estimate && n.percent);
  near(n.estimate.mean, 100 * r.mean, 'mean');
  near(n.estimate.low, 100 * r.low, 'low');
  near(n.estimate.high, 100 * r.high, 'high');
  near(n.estimate.se, 100 * r.se, 'se');
  assert.equal(n.estimate.df, 4);
  near(n.optimistic!, 100 * (inner.reduce((a, b) => a + b, 0) / 5), 'optimistic');
});

test('the nested interval of accuracy never rests on less variance than half a test row squared', () => {
  const n = nestedResult('s', 3, 'accuracy', [0, 1, 2].map((i) => fold(i, 0.8, 0.9, 50)));
  const r = reference([0.8, 0.8, 0.8], 3, T[2], 1 / (2 * 50 * 50));
  near(n.estimate!.low, 100 * r.low, 'low');
  assert.ok(n.estimate!.high > n.estimate!.low);
});

test('the nested estimate of a metric that is not a proportion stays in its own units and has no variance floor', () => {
  const outer = [0.41, 0.37, 0.52];
  const n = nestedResult('s', 3, 'log_loss', outer.map((x, i) => fold(i, x, 0.3)));
  const r = reference(outer, 3, T[2]);
  assert.equal(n.percent, false);
  near(n.estimate!.mean, r.mean, 'mean');
  near(n.estimate!.low, r.low, 'low');
  near(n.optimistic!, 0.3, 'optimistic');
});

test('no nested estimate until every outer fold is in, and none over fewer than two defined scores', () => {
  assert.equal(nestedResult('s', 3, 'accuracy', [fold(0, 0.8, 0.9), fold(1, 0.7, 0.9)]).estimate, null);
  assert.equal(nestedResult('s', 3, 'roc_auc', [fold(0, 0.8, 0.9), fold(1, null, 0.9), fold(2, null, 0.9)]).estimate, null);
  const two = nestedResult('s', 3, 'roc_auc', [fold(0, 0.8, 0.9), fold(1, null, 0.9), fold(2, 0.7, 0.9)]).estimate!;
  assert.equal(two.cells, 2);
  near(two.mean, 0.75, 'mean over the defined scores');
});
