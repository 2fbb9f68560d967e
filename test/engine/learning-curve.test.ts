import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trainFused } from '../../src/engine/fused/fused-trainer.js';
import type { FitResult, FitSpec, TrainOptions } from '../../src/engine/model.js';
import { trainPackTfjs } from '../../src/engine/tfjs-trainer.js';
import type { FoldData } from '../../src/data/fold-data.js';
import { METRICS } from '../../src/stats/metrics.js';
import { config } from '../helpers.js';
import { blobFolds, sonarFolds } from './engine-fixture.js';

const engines = {
  fused: (fits: FitSpec[], folds: (f: number) => FoldData, o: TrainOptions = {}) => trainFused(fits, folds, o),
  tfjs: (fits: FitSpec[], folds: (f: number) => FoldData, o: TrainOptions = {}) => trainPackTfjs(fits, folds, o),
};

function checkpointsOf(r: FitResult): number[] {
  return [...r.curve!.epochs];
}

for (const [engine, train] of Object.entries(engines)) {
  test(`${engine}: every fit returns its training loss for every epoch and its held-out scores every curveEvery epochs and after the last`, async () => {
    const sonar = await sonarFolds();
    const blobs = blobFolds(3, 30, 12, 'curve-blobs');
    const dropout = config({ placement: 'hidden', dropout: 0.2, maxNorm: 3, lr: 0.1, momentum: 0.9 });
    const cases: [TrainOptions, number, number[]][] = [
      [{ curveEvery: 10 }, 25, [10, 20, 25]],
      [{ curveEvery: 5 }, 20, [5, 10, 15, 20]],
      [{ curveEvery: 0 }, 12, [12]],
      [{}, 21, [10, 20, 21]],
      [{ curveEvery: 30 }, 7, [7]],
    ];
    for (const [options, epochs, expected] of cases) {
      for (const [folds, classes] of [[sonar, 2], [blobs, 3]] as const) {
        const [r] = train([{ config: { ...dropout, epochs }, fold: 1, seed: 'curve' }], folds, options);
        const label = `${JSON.stringify(options)}, ${epochs} epochs, ${classes} classes`;
        assert.deepEqual(checkpointsOf(r), expected, label);
        assert.equal(r.curve!.trainLoss.length, epochs, label);
        assert.ok(r.curve!.trainLoss.every((l) => Number.isFinite(l) && l > 0), label);
        assert.equal(r.curve!.trainLoss[epochs - 1], Math.fround(r.trainLoss), 'the last epoch is the reported training loss');
        for (const m of METRICS) assert.equal(r.curve!.heldOut[m].length, expected.length, `${label}: ${m}`);
        // The last checkpoint is the final model: the fit's own metrics.
        for (const m of METRICS) assert.equal(r.curve!.heldOut[m][expected.length - 1], Math.fround(r.metrics![m] ?? NaN), `${label}: last ${m}`);
        assert.equal(r.metrics!.accuracy, r.accuracy);
      }
    }
  });

  test(`${engine}: a checkpoint scores the model as it was after that epoch, and scoring does not change training`, async () => {
    for (const [folds, classes] of [[await sonarFolds(), 2], [blobFolds(3, 30, 12, 'curve-blobs'), 3]] as const) {
      const c = config({ placement: 'both', dropout: 0.2, maxNorm: 3, lr: 0.05, momentum: 0.9 });
      const [long] = train([{ config: { ...c, epochs: 15 }, fold: 3, seed: 'same' }], folds, { curveEvery: 6, returnWeights: true });
      const [silent] = train([{ config: { ...c, epochs: 15 }, fold: 3, seed: 'same' }], folds, { curveEvery: 0, returnWeights: true });
      assert.deepEqual(silent.weights, long.weights, `${classes} classes: the same weights with and without checkpoints`);
      assert.deepEqual(silent.curve!.trainLoss, long.curve!.trainLoss);
      for (const [index, epochs] of [[0, 6], [1, 12]]) {
        const [short] = train([{ config: { ...c, epochs }, fold: 3, seed: 'same' }], folds, { curveEvery: 0 });
        for (const m of METRICS) {
          assert.equal(long.curve!.heldOut[m][index], Math.fround(short.metrics![m] ?? NaN), `${classes} classes, epoch ${epochs}: ${m}`);
        }
        assert.deepEqual(long.curve!.trainLoss.subarray(0, epochs), short.curve!.trainLoss);
      }
      // The curve moves: epoch 6 and the end are different models.
      assert.notEqual(long.curve!.heldOut.log_loss[0], long.curve!.heldOut.log_loss[2]);
    }
  });

  test(`${engine}: a diverged fit's curve stops at the epoch it diverged, its last checkpoint NaN and its metrics null`, async () => {
    const folds = await sonarFolds();
    const [blown] = train([{ config: config({ lr: 10, momentum: 0.99, epochs: 60 }), fold: 1, seed: 'blown' }], folds, { curveEvery: 4 });
    assert.equal(blown.diverged, true);
    assert.equal(blown.metrics, null);
    const epochs = checkpointsOf(blown);
    assert.equal(epochs.at(-1), blown.epochsRun);
    assert.ok(blown.epochsRun < 60);
    assert.deepEqual(epochs.slice(0, -1), Array.from({ length: Math.ceil(blown.epochsRun / 4) - 1 }, (_, i) => 4 * (i + 1)));
    assert.equal(blown.curve!.trainLoss.length, blown.epochsRun);
    for (const m of METRICS) assert.ok(Number.isNaN(blown.curve!.heldOut[m].at(-1)), m);
    assert.ok(Number.isFinite(blown.curve!.heldOut.accuracy[0]), 'before it diverged the model was scored');
  });
}
