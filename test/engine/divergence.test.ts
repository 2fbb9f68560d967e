import assert from 'node:assert/strict';
import { test } from 'node:test';
import { divergenceStep } from '../../src/engine/model.js';
import { trainPackTfjs } from '../../src/engine/tfjs-trainer.js';
import { config } from '../helpers.js';
import { sonarFolds } from './engine-fixture.js';

test('the documented divergence rule: non-finite at once, or above 5 nats for 10 epochs in a row', () => {
  assert.equal(divergenceStep(0, NaN), -1);
  assert.equal(divergenceStep(3, Infinity), -1);
  assert.equal(divergenceStep(0, 0.5), 0);
  assert.equal(divergenceStep(0, 5), 0, 'exactly 5 nats is not above the bound');
  assert.equal(divergenceStep(0, 5.01), 1);
  assert.equal(divergenceStep(4, 6), 5);
  assert.equal(divergenceStep(4, 0.3), 0, 'a recovered epoch resets the run');
  assert.equal(divergenceStep(8, 6), 9, 'nine epochs in a row: not yet');
  assert.equal(divergenceStep(9, 6), -1, 'the tenth: diverged');
  // Epoch by epoch from the start: a loss stuck at 7.6 (what a blown-up, clipped net reports)
  // ends training on exactly the 10th epoch.
  let run = 0;
  let epochs = 0;
  while (run !== -1) {
    run = divergenceStep(run, 7.6);
    epochs++;
  }
  assert.equal(epochs, 10);
});

test('a diverging model is reported as diverged, not scored, and leaves its pack mates alone', async () => {
  const folds = await sonarFolds();
  const healthy = { config: config({ epochs: 15 }), fold: 2, seed: 'h' };
  const [blown, ok] = trainPackTfjs([{ config: config({ lr: 10, momentum: 0.99, epochs: 40 }), fold: 2, seed: 'b' }, healthy], folds);
  assert.equal(blown.diverged, true);
  assert.equal(blown.accuracy, null);
  assert.equal(blown.loss, null);
  assert.equal(blown.epochsRun, 10, 'above 5 nats from the first epoch on: diverged at exactly the 10th');
  assert.equal(ok.diverged, false);
  assert.equal(ok.epochsRun, 15);
  const [alone] = trainPackTfjs([healthy], folds);
  assert.equal(ok.accuracy, alone.accuracy);
});
