import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trainFused } from '../../src/engine/fused/fused-trainer.js';
import { trainPackTfjs } from '../../src/engine/tfjs-trainer.js';
import { config } from '../helpers.js';
import { blobFolds, sonarFolds } from './engine-fixture.js';

// The relaxed-SIMD build is the same source with fused multiply-adds: the same protocol, so it
// follows the tfjs reference as closely as the exact build does, for two classes and for more.
for (const [name, c, classes] of [
  ['2 classes, 60-30, max-norm 3, lr 0.05, momentum 0.9', config({ maxNorm: 3, lr: 0.05, momentum: 0.9, epochs: 5 }), 2],
  ['3 classes, 20-10, batch 8', config({ hidden: [20, 10], batchSize: 8, lr: 0.05, momentum: 0.9, epochs: 5 }), 3],
] as const) {
  test(`the relaxed-SIMD kernel follows the tfjs engine without dropout: ${name}`, async () => {
    const sonar = await sonarFolds();
    const folds = classes === 2 ? sonar : blobFolds(3, 30, 12, 'relaxed-blobs');
    const fit = { config: c, fold: 2, seed: `relaxed-${name}` };
    const [reference] = trainPackTfjs([fit, { ...fit, seed: 'mate' }], folds, { returnWeights: true });
    const [relaxed] = trainFused([fit], folds, { returnWeights: true, kernel: 'wasm-relaxed-simd' });
    const [exact] = trainFused([fit], folds, { returnWeights: true, kernel: 'wasm-simd' });
    for (const [label, got] of [['relaxed', relaxed], ['exact', exact]] as const) {
      let worst = 0;
      reference.weights!.forEach((w, l) => w.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - got.weights![l][i])))));
      assert.ok(worst < 1e-4, `${label}: largest weight difference ${worst}`);
      assert.ok(Math.abs(reference.trainLoss - got.trainLoss) < 1e-4, label);
    }
    assert.equal(relaxed.accuracy, reference.accuracy);
    assert.ok(relaxed.curve!.trainLoss.length === 5 && relaxed.metrics !== null, 'curve and metrics as from the exact kernel');
  });
}
