import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trainFused } from '../../src/engine/fused/fused-trainer.js';
import { config } from '../helpers.js';
import { accuracy, columnNorms, predict } from './plain-model.js';
import { sonarFolds } from './engine-fixture.js';

test('max-norm holds after training; no dropout at evaluation; divergence is reported, not scored', async () => {
  const folds = await sonarFolds();
  const [constrained, dropped, blown] = trainFused(
    [
      { config: config({ maxNorm: 1, lr: 0.3, momentum: 0.9, epochs: 20 }), fold: 0, seed: 'mn' },
      { config: config({ placement: 'both', dropout: 0.5, maxNorm: 3, lr: 0.1, momentum: 0.9, epochs: 20 }), fold: 5, seed: 'dr' },
      { config: config({ lr: 10, momentum: 0.99, epochs: 60 }), fold: 1, seed: 'bl' },
    ],
    folds,
    { returnWeights: true },
  );
  for (const [kernel, units] of [[constrained.weights![0], 60], [constrained.weights![2], 30]] as const) {
    for (const n of columnNorms(kernel, units)) assert.ok(n <= 1 + 1e-5, `norm ${n}`);
  }
  const f = folds(5);
  assert.equal(dropped.accuracy, accuracy(predict(dropped.weights!, f.testX, f.testY.length, f.columns), f.testY));
  assert.equal(blown.diverged, true);
  assert.equal(blown.accuracy, null);
  assert.ok(blown.epochsRun < 60);
});

test('identical results run after run, alone or among other fits', async () => {
  const folds = await sonarFolds();
  const target = { config: config({ placement: 'hidden', dropout: 0.3, maxNorm: 3, lr: 0.1, momentum: 0.9, epochs: 30 }), fold: 2, seed: 'same' };
  const [alone] = trainFused([target], folds, { returnWeights: true });
  const [again] = trainFused([target], folds, { returnWeights: true });
  const among = trainFused([{ ...target, seed: 'x' }, target, { ...target, fold: 7 }], folds, { returnWeights: true })[1];
  for (const other of [again, among]) {
    assert.equal(other.accuracy, alone.accuracy);
    assert.equal(other.trainLoss, alone.trainLoss);
    assert.deepEqual(other.weights, alone.weights);
  }
  const [otherSeed] = trainFused([{ ...target, seed: 'different' }], folds, { returnWeights: true });
  assert.notDeepEqual(otherSeed.weights, alone.weights);
});
