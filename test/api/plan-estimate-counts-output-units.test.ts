import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitWork } from '../../src/api/plan.js';
import type { TrainConfig } from '../../src/engine/model.js';

const CONFIG: TrainConfig = { hidden: [60, 30], placement: 'none', dropout: 0, maxNorm: null, lr: 0.01, momentum: 0.8, epochs: 300, batchSize: 16 };

test("a fit's work counts the output layer: one sigmoid unit for 2 classes, K softmax units for K > 2", () => {
  // Digits: 64 features, 10 classes, 1,797 rows of which 9/10 train.
  const rows = 1797 * 0.9;
  const weights = (out: number) => 64 * 60 + 60 * 30 + 30 * out;
  assert.equal(fitWork(CONFIG, 64, rows, 2), 3 * weights(1) * rows * 300);
  assert.equal(fitWork(CONFIG, 64, rows, 10), 3 * weights(10) * rows * 300);
  // Left out, the class count is the binary case the tutorial runs.
  assert.equal(fitWork(CONFIG, 64, rows), fitWork(CONFIG, 64, rows, 2));
});

test('dropout adds its measured cost: 1.1x on one level, 1.2x on both', () => {
  const base = fitWork(CONFIG, 60, 187);
  assert.ok(Math.abs(fitWork({ ...CONFIG, placement: 'hidden', dropout: 0.2 }, 60, 187) / base - 1.1) < 1e-12);
  assert.ok(Math.abs(fitWork({ ...CONFIG, placement: 'both', dropout: 0.2 }, 60, 187) / base - 1.2) < 1e-12);
  // A rate of 0 trains no dropout, whatever the placement.
  assert.equal(fitWork({ ...CONFIG, placement: 'both', dropout: 0 }, 60, 187), base);
});
