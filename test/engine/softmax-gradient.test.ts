import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trainFused } from '../../src/engine/fused/fused-trainer.js';
import { initialWeights } from '../../src/engine/seeds.js';
import { trainPackTfjs } from '../../src/engine/tfjs-trainer.js';
import { selectBackend } from '../../src/engine/backend.js';
import { config } from '../helpers.js';
import { blobFolds } from './engine-fixture.js';

/**
 * The mean categorical cross-entropy of a relu network with a softmax output over `rows`, in
 * float64 from the formulas: p = exp(z - max) / sum, the true class's p clipped to
 * [1e-7, 1 - 1e-7] as Keras clips it, loss = -log(p_t).
 */
function meanLoss(weights: Float64Array[], x: Float32Array, y: Float32Array, columns: number): number {
  const layers = weights.length / 2;
  let total = 0;
  for (let r = 0; r < y.length; r++) {
    let a = Array.from(x.subarray(r * columns, (r + 1) * columns));
    for (let l = 0; l < layers; l++) {
      const kernel = weights[2 * l];
      const bias = weights[2 * l + 1];
      const units = bias.length;
      a = Array.from({ length: units }, (_, j) => {
        let s = bias[j];
        for (let i = 0; i < a.length; i++) s += a[i] * kernel[i * units + j];
        return l + 1 < layers ? Math.max(0, s) : s;
      });
    }
    const top = Math.max(...a);
    const sum = a.reduce((s, z) => s + Math.exp(z - top), 0);
    const pt = Math.exp(a[y[r]] - top) / sum;
    total -= Math.log(Math.min(Math.max(pt, 1e-7), 1 - 1e-7));
  }
  return total / y.length;
}

// One step of plain gradient descent on the whole fold (batch = rows, lr 1, momentum 0) moves every
// weight by exactly minus its gradient, so the gradient an engine used is w0 - w1.
for (const engine of ['fused', 'tfjs'] as const) {
  test(`${engine}: the softmax output's gradient equals central finite differences of the clipped cross-entropy`, async () => {
    await selectBackend(process.env.DROPSWEEP_TEST_BACKEND ?? 'cpu');
    const folds = blobFolds(3, 8, 4, 'finite-differences', 2);
    const f = folds(0);
    const n = f.trainY.length;
    const c = config({ hidden: [5], batchSize: n, epochs: 1, lr: 1, momentum: 0 });
    const fit = { config: c, fold: 0, seed: 'fd' };
    const [result] = engine === 'fused' ? trainFused([fit], folds, { returnWeights: true }) : trainPackTfjs([fit], folds, { returnWeights: true });
    const start = initialWeights(f.columns, c, fit.seed, 3);
    assert.deepEqual(start.map((w) => w.length), [20, 5, 15, 3], 'a [4, 5] hidden kernel and a [5, 3] softmax kernel');
    const w = start.map((layer) => Float64Array.from(layer));
    const h = 1e-5;
    let worst = 0;
    let largest = 0;
    start.forEach((layer, l) => {
      for (let i = 0; i < layer.length; i++) {
        const saved = w[l][i];
        w[l][i] = saved + h;
        const up = meanLoss(w, f.trainX, f.trainY, f.columns);
        w[l][i] = saved - h;
        const down = meanLoss(w, f.trainX, f.trainY, f.columns);
        w[l][i] = saved;
        const numeric = (up - down) / (2 * h);
        const used = layer[i] - result.weights![l][i];
        largest = Math.max(largest, Math.abs(numeric));
        worst = Math.max(worst, Math.abs(used - numeric));
      }
    });
    assert.ok(largest > 1e-2, `the gradient is not negligible (largest ${largest})`);
    assert.ok(worst < 1e-6, `largest difference from finite differences ${worst} (largest gradient ${largest})`);
  });
}
