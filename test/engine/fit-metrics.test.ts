import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trainFused } from '../../src/engine/fused/fused-trainer.js';
import { trainPackTfjs } from '../../src/engine/tfjs-trainer.js';
import { METRICS, foldMetrics } from '../../src/stats/metrics.js';
import { config } from '../helpers.js';
import { predictProbabilities } from './plain-model.js';
import { blobFolds, sonarFolds } from './engine-fixture.js';

// The metrics an engine reports are those of its final model: the contract's foldMetrics applied
// to held-out probabilities computed here, independently, in float64 from the returned weights.
for (const engine of ['fused', 'tfjs'] as const) {
  test(`${engine}: a fit's metrics are foldMetrics of its final model's held-out probabilities, for 2, 3 and 10 classes`, async () => {
    const sonar = await sonarFolds();
    const c = config({ placement: 'both', dropout: 0.2, maxNorm: 3, lr: 0.1, momentum: 0.9, epochs: 20 });
    for (const [folds, classes] of [[sonar, 2], [blobFolds(3, 30, 12, 'metric-blobs-3'), 3], [blobFolds(10, 20, 16, 'metric-blobs-10'), 10]] as const) {
      const fits = [0, 1, 2].map((fold) => ({ config: c, fold, seed: `m${fold}` }));
      const results = engine === 'fused' ? trainFused(fits, folds, { returnWeights: true }) : trainPackTfjs(fits, folds, { returnWeights: true });
      results.forEach((r, fold) => {
        const f = folds(fold);
        const expected = foldMetrics(predictProbabilities(r.weights!, f.testX, f.testY.length, f.columns), f.testY, classes);
        const label = `${classes} classes, fold ${fold}`;
        // tfjs computes p in float32 with its own exp: near p = 1, 1 - p keeps few digits, and the
        // log loss of such rows moves by up to ~1e-4; everything else is float32 rounding.
        const logTolerance = engine === 'tfjs' ? 1e-3 : 1e-5;
        assert.equal(r.metrics!.accuracy, expected.accuracy, label);
        assert.equal(r.accuracy, expected.accuracy, label);
        for (const m of METRICS) {
          const want = expected[m];
          const got = r.metrics![m];
          if (want === null) assert.equal(got, null, `${label}: ${m}`);
          else assert.ok(Math.abs(got! - want) < (m === 'log_loss' ? logTolerance : 1e-5), `${label}: ${m} ${got} vs ${want}`);
        }
        assert.ok(Math.abs(r.loss! - expected.log_loss) < logTolerance, `${label}: loss is the held-out cross-entropy`);
      });
    }
  });
}
