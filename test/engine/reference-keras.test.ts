import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { layerSizes, type TrainConfig } from '../../src/engine/model.js';
import { epochOrders, initialWeights } from '../../src/engine/seeds.js';
import { trainPackTfjs } from '../../src/engine/tfjs-trainer.js';
import { config } from '../helpers.js';
import { blobFolds, sonarFolds } from './engine-fixture.js';

/**
 * The straightforward way: a tfjs-layers Sequential model trained with trainOnBatch on the same
 * batches from the same initial weights. tfjs's momentum optimizer (a = m a + g; w -= lr a) equals
 * Keras's (v = m v - lr g; w += v) at a constant rate. model.fit ignores kernelConstraint (tfjs
 * issues 3345, 3979), so the constraint is applied here by hand after every batch.
 */
async function referenceWeights(c: TrainConfig, trainX: Float32Array, trainY: Float32Array, columns: number, seed: string, classes = 2) {
  const sizes = layerSizes(columns, c, classes);
  const output = classes > 2 ? 'softmax' : 'sigmoid';
  const model = tf.sequential();
  for (let l = 0; l + 1 < sizes.length; l++) {
    model.add(
      tf.layers.dense({
        units: sizes[l + 1],
        activation: l + 2 < sizes.length ? 'relu' : output,
        ...(l === 0 ? { inputShape: [columns] } : {}),
      }),
    );
  }
  const init = initialWeights(columns, c, seed, classes);
  model.setWeights(init.map((w, i) => (i % 2 === 0 ? tf.tensor2d(w, [sizes[i / 2], sizes[i / 2 + 1]]) : tf.tensor1d(w))));
  model.compile({ optimizer: tf.train.momentum(c.lr, c.momentum), loss: classes > 2 ? 'categoricalCrossentropy' : 'binaryCrossentropy' });
  const n = trainY.length;
  const orders = epochOrders(seed, n, c.epochs);
  for (let e = 0; e < c.epochs; e++) {
    for (let s = 0; s < n; s += c.batchSize) {
      const rows = orders.subarray(e * n + s, e * n + Math.min(n, s + c.batchSize));
      const x = tf.tensor2d(Float32Array.from(rows.length * columns === 0 ? [] : [...rows].flatMap((r) => [...trainX.subarray(r * columns, (r + 1) * columns)])), [rows.length, columns]);
      const y = classes > 2 ? tf.oneHot(tf.tensor1d(Int32Array.from(rows, (r) => trainY[r]), 'int32'), classes).cast('float32') : tf.tensor2d(Float32Array.from(rows, (r) => trainY[r]), [rows.length, 1]);
      await model.trainOnBatch(x, y);
      tf.dispose([x, y]);
      if (c.maxNorm !== null) {
        for (const layer of model.layers.slice(0, -1)) {
          const [kernel, bias] = layer.getWeights();
          const constrained = tf.tidy(() => {
            const norms = kernel.square().sum(0, true).sqrt();
            return kernel.mul(tf.minimum(norms, c.maxNorm!).div(norms.add(1e-7)));
          });
          layer.setWeights([constrained, bias]);
          constrained.dispose(); // getWeights returns the variables themselves: keep them
        }
      }
    }
  }
  const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
  model.dispose();
  return weights;
}

for (const [name, c, fold] of [
  ['baseline 60-30, batch 16', config({ epochs: 5 }), 0],
  ['max-norm 1, 17-5, batch 10, lr 0.1, momentum 0.9', config({ hidden: [17, 5], batchSize: 10, maxNorm: 1, lr: 0.1, momentum: 0.9, epochs: 5 }), 6],
] as const) {
  test(`the vectorized engine matches a plain tfjs-layers model: ${name}`, async () => {
    const folds = await sonarFolds();
    const f = folds(fold);
    const seed = `ref-${name}`;
    const expected = await referenceWeights(c, f.trainX, f.trainY, f.columns, seed);
    const [got] = trainPackTfjs([{ config: c, fold, seed }, { config: { ...c, epochs: 2, lr: 0.02 }, fold: 1, seed: 'mate' }], folds, { returnWeights: true });
    let worst = 0;
    expected.forEach((w, l) => w.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - got.weights![l][i])))));
    assert.ok(worst < 1e-4, `largest weight difference ${worst}`);
    // The weights did move, so the comparison is not of two copies of the initial weights.
    const init = initialWeights(f.columns, c, seed);
    assert.ok(init[0].some((v, i) => Math.abs(v - got.weights![0][i]) > 1e-3));
  });
}

test('the vectorized engine matches a plain tfjs-layers model with a softmax output and categorical cross-entropy: 3 classes, 20-10, max-norm 2', async () => {
  await sonarFolds(); // selects the tfjs backend the tests use
  const folds = blobFolds(3, 30, 12, 'blobs-3');
  const c = config({ hidden: [20, 10], batchSize: 8, maxNorm: 2, lr: 0.05, momentum: 0.9, epochs: 5 });
  const f = folds(2);
  const seed = 'ref-softmax';
  const expected = await referenceWeights(c, f.trainX, f.trainY, f.columns, seed, 3);
  const [got] = trainPackTfjs([{ config: c, fold: 2, seed }, { config: { ...c, epochs: 2 }, fold: 0, seed: 'mate' }], folds, { returnWeights: true });
  assert.equal(got.weights!.at(-1)!.length, 3);
  let worst = 0;
  expected.forEach((w, l) => w.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - got.weights![l][i])))));
  assert.ok(worst < 1e-4, `largest weight difference ${worst}`);
  const init = initialWeights(f.columns, c, seed, 3);
  assert.ok(init.at(-2)!.some((v, i) => Math.abs(v - got.weights!.at(-2)![i]) > 1e-3));
});
