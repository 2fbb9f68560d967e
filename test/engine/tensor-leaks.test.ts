import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { trainPackTfjs } from '../../src/engine/tfjs-trainer.js';
import { config } from '../helpers.js';
import { sonarFolds } from './engine-fixture.js';

test('training packs leaves no tensors behind', async () => {
  const folds = await sonarFolds();
  const pack = [
    { config: config({ placement: 'both', dropout: 0.2, maxNorm: 3, epochs: 2 }), fold: 0, seed: 'l1' },
    { config: config({ lr: 10, momentum: 0.99, epochs: 12 }), fold: 1, seed: 'l2' },
  ];
  trainPackTfjs(pack, folds, { returnWeights: true });
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) trainPackTfjs(pack, folds, { returnWeights: true });
  assert.equal(tf.memory().numTensors, before);
});
