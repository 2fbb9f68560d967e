import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trainPackTfjs } from '../../src/engine/tfjs-trainer.js';
import { config } from '../helpers.js';
import { sonarFolds } from './engine-fixture.js';

test('a fit gives the same result alone and inside a pack of others', async () => {
  const folds = await sonarFolds();
  const target = { config: config({ placement: 'both', dropout: 0.3, maxNorm: 3, lr: 0.1, momentum: 0.9, epochs: 6 }), fold: 4, seed: 'target' };
  const [alone] = trainPackTfjs([target], folds, { returnWeights: true });
  const packed = trainPackTfjs(
    [
      { config: config({ lr: 0.05, epochs: 4 }), fold: 1, seed: 'other-1' },
      target,
      { config: config({ placement: 'visible', dropout: 0.5, epochs: 8 }), fold: 9, seed: 'other-2' },
      { config: config({ lr: 10, momentum: 0.99, epochs: 8 }), fold: 4, seed: 'other-3' },
    ],
    folds,
    { returnWeights: true },
  )[1];
  assert.equal(packed.accuracy, alone.accuracy);
  assert.equal(packed.epochsRun, alone.epochsRun);
  assert.deepEqual(packed.weights, alone.weights, 'bit for bit');
  const [inPair] = trainPackTfjs([target, { config: config({ epochs: 2 }), fold: 0, seed: 'pair' }], folds, { returnWeights: true });
  assert.deepEqual(inPair.weights, alone.weights, 'bit for bit in a pack of two');
});

test('same inputs, same backend, same seed: identical results run after run', async () => {
  const folds = await sonarFolds();
  const fits = [0, 1, 2].map((fold) => ({ config: config({ placement: 'hidden', dropout: 0.2, maxNorm: 3, lr: 0.1, momentum: 0.9 }), fold, seed: `det-${fold}` }));
  const a = trainPackTfjs(fits, folds, { returnWeights: true });
  const b = trainPackTfjs(fits, folds, { returnWeights: true });
  assert.deepEqual(
    b.map((r) => [r.accuracy, r.loss, r.trainLoss, r.weights]),
    a.map((r) => [r.accuracy, r.loss, r.trainLoss, r.weights]),
  );
  const other = trainPackTfjs(fits.map((f) => ({ ...f, seed: `${f.seed}-x` })), folds, { returnWeights: true });
  assert.notDeepEqual(other[0].weights, a[0].weights, 'another seed gives another model');
});
