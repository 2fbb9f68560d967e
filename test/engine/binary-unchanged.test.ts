import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { trainFused } from '../../src/engine/fused/fused-trainer.js';
import type { TrainConfig } from '../../src/engine/model.js';
import { sonarFolds } from './engine-fixture.js';

interface Recorded {
  name: string;
  config: TrainConfig;
  fold: number;
  seed: string;
  accuracy: number | null;
  loss: number | null;
  trainLoss: number;
  epochsRun: number;
  diverged: boolean;
  weights: string | null;
}

// Two classes must train exactly as before multi-class support, learning curves and the tiled
// products: every Sonar sweep keeps its fold accuracies. The fixture was recorded with the kernel
// of commit 591d1a8; it covers batch sizes 1 to the whole fold, widths that are and are not
// multiples of the tiles, one to three hidden layers, every dropout placement and max-norm.
const recorded = (JSON.parse(readFileSync(resolve('test/engine/fixtures/binary-fits-591d1a8.json'), 'utf8')) as { fits: Recorded[] }).fits;

test('binary fits give the results and final weights of the kernel before multi-class and tiling, bit for bit', async () => {
  const folds = await sonarFolds();
  assert.ok(recorded.length >= 20);
  for (const r of recorded) {
    const [got] = trainFused([{ config: r.config, fold: r.fold, seed: r.seed }], folds, { returnWeights: true });
    assert.deepEqual(
      { accuracy: got.accuracy, loss: got.loss, trainLoss: got.trainLoss, epochsRun: got.epochsRun, diverged: got.diverged },
      { accuracy: r.accuracy, loss: r.loss, trainLoss: r.trainLoss, epochsRun: r.epochsRun, diverged: r.diverged },
      r.name,
    );
    if (r.weights !== null) {
      const h = createHash('sha256');
      for (const w of got.weights!) h.update(Buffer.from(w.buffer, w.byteOffset, w.byteLength));
      assert.equal(h.digest('hex'), r.weights, `${r.name}: final weights`);
    }
  }
});
