import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DIVERGED_LOSS, STUCK_EPOCHS, divergenceStep } from '../../src/engine/model.js';
import { trainPackTfjs } from '../../src/engine/tfjs-trainer.js';
import { config } from '../helpers.js';
import { sonarFolds } from './engine-fixture.js';

test('the divergence rule: non-finite at once, stuck above the bound for STUCK_EPOCHS', () => {
  assert.equal(divergenceStep(0, NaN), -1);
  assert.equal(divergenceStep(3, Infinity), -1);
  assert.equal(divergenceStep(0, 0.5), 0);
  assert.equal(divergenceStep(4, DIVERGED_LOSS + 1), 5);
  assert.equal(divergenceStep(4, 0.3), 0, 'a recovered epoch resets the run');
  assert.equal(divergenceStep(STUCK_EPOCHS - 1, DIVERGED_LOSS + 1), -1);
});

test('a diverging model is reported as diverged, not scored, and leaves its pack mates alone', async () => {
  const folds = await sonarFolds();
  const healthy = { config: config({ epochs: 15 }), fold: 2, seed: 'h' };
  const [blown, ok] = trainPackTfjs([{ config: config({ lr: 10, momentum: 0.99, epochs: 40 }), fold: 2, seed: 'b' }, healthy], folds);
  assert.equal(blown.diverged, true);
  assert.equal(blown.accuracy, null);
  assert.equal(blown.loss, null);
  assert.ok(blown.epochsRun < 40, `training stopped early (epoch ${blown.epochsRun})`);
  assert.equal(ok.diverged, false);
  assert.equal(ok.epochsRun, 15);
  const [alone] = trainPackTfjs([healthy], folds);
  assert.equal(ok.accuracy, alone.accuracy);
});
