import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fillDropoutMask } from '../../src/engine/dropout.js';
import { maskGenerator } from '../../src/engine/seeds.js';
import { trainPackTfjs } from '../../src/engine/tfjs-trainer.js';
import { config } from '../helpers.js';
import { accuracy, predict } from './plain-model.js';
import { sonarFolds } from './engine-fixture.js';

test('dropout zeroes units with probability rate and scales survivors by 1/(1-rate)', () => {
  for (const rate of [0.2, 0.5]) {
    const n = 200_000;
    const mask = new Float32Array(n);
    fillDropoutMask(mask, 0, n, rate, maskGenerator(`rate-${rate}`));
    const kept = mask.filter((v) => v !== 0);
    assert.ok(kept.every((v) => Math.abs(v - 1 / (1 - rate)) < 1e-6), 'survivors scaled by 1/(1-rate)');
    const dropped = 1 - kept.length / n;
    // 5 standard errors of a binomial proportion.
    const tolerance = 5 * Math.sqrt((rate * (1 - rate)) / n);
    assert.ok(Math.abs(dropped - rate) < tolerance, `dropped ${dropped} for rate ${rate}`);
    const meanScale = mask.reduce((s, v) => s + v, 0) / n;
    assert.ok(Math.abs(meanScale - 1) < 0.01, 'expected activation unchanged');
  }
});

test('no dropout at evaluation: reported accuracy equals a deterministic forward pass', async () => {
  const folds = await sonarFolds();
  const fits = (['visible', 'hidden', 'both'] as const).map((placement, i) => ({
    config: config({ placement, dropout: 0.5, epochs: 5, lr: 0.05, momentum: 0.9 }),
    fold: i,
    seed: `eval-${placement}`,
  }));
  const results = trainPackTfjs(fits, folds, { returnWeights: true });
  results.forEach((r, i) => {
    const f = folds(fits[i].fold);
    const p = predict(r.weights!, f.testX, f.testY.length, f.columns);
    assert.equal(r.accuracy, accuracy(p, f.testY), `placement ${fits[i].config.placement}`);
  });
});

test('dropout changes training: the same seed without dropout ends elsewhere', async () => {
  const folds = await sonarFolds();
  const [withDropout, without] = trainPackTfjs(
    [
      { config: config({ placement: 'both', dropout: 0.3 }), fold: 0, seed: 'd' },
      { config: config(), fold: 0, seed: 'd' },
    ],
    folds,
    { returnWeights: true },
  );
  assert.notDeepEqual(withDropout.weights![0], without.weights![0]);
});
