import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planSweep } from '../../src/sweep/planner.js';
import type { ClaimedTrial } from '../../src/store/store.js';
import type { MetricName } from '../../src/stats/metrics.js';
import { claim, forEachStore, spec, storePack, sweepRow } from './both-stores.js';

// Two complete trials: `sharp` is the more accurate, `calibrated` has the lower log loss. Racing's
// reference is the best by the sweep's metric, and a probe is tested on that metric's fold values.
const SHARP = { accuracy: [0.9, 0.92, 0.88, 0.9], log_loss: [0.9, 0.95, 0.92, 0.91] };
const CALIBRATED = { accuracy: [0.8, 0.82, 0.78, 0.8], log_loss: [0.3, 0.31, 0.29, 0.3] };
// The probe: between the two on accuracy, far worse on log loss.
const PROBE = { accuracy: [0.86, 0.87, 0.85], log_loss: [1.5, 1.6, 1.55] };

forEachStore(({ fresh, open, skip }) => {
  for (const metric of ['accuracy', 'log_loss'] as MetricName[]) {
    test(`racing by ${metric}: the reference is the best complete trial by ${metric}, and the probe is tested on its ${metric}`, async (t) => {
      if (skip()) return t.skip(String(skip()));
      const where = fresh();
      const store = await open(where);
      const sweep = await store.sweeps.create({ ...sweepRow, folds: 4 }, planSweep(spec([0.1, 0.2, 0.3])).trials);
      const [sharp, calibrated, probe] = await claim(store, { sweepId: sweep.id, owner: 'a', limit: 3, fitsPerTrial: 4 });
      const fits = (trial: ClaimedTrial, s: { accuracy: number[]; log_loss: number[] }) =>
        s.accuracy.map((a, fold) => ({
          trialId: trial.id,
          token: trial.token,
          fold,
          repeat: 0,
          seed: `s${fold}`,
          result: { accuracy: a, loss: s.log_loss[fold], trainLoss: 0.5, epochsRun: 3, diverged: false, seconds: 0.1, metrics: { accuracy: a, balanced_accuracy: a, macro_f1: a, log_loss: s.log_loss[fold], roc_auc: 0.9 } },
        }));
      const race = { sweepId: sweep.id, minFolds: 3, alpha: 0.05, stopDiverged: true, fitsPerTrial: 4, testTrainRatio: 1 / 3, heldOutRows: 20, metric };
      const o = { owner: 'a', fitsPerTrial: 4, race };
      await storePack(store, [...fits(sharp, SHARP), ...fits(calibrated, CALIBRATED)], o);
      await storePack(store, fits(probe, PROBE), o);
      const reader = await open(where, true);
      const [look] = (await reader.results.userQuery('SELECT reference, trial_mean, reference_mean FROM decisions')).rows;
      const mean = (xs: number[]) => xs.slice(0, 3).reduce((s, x) => s + x, 0) / 3;
      if (metric === 'accuracy') {
        assert.equal(look.reference, sharp.key);
        assert.ok(Math.abs((look.trial_mean as number) - mean(PROBE.accuracy)) < 1e-12);
        assert.ok(Math.abs((look.reference_mean as number) - mean(SHARP.accuracy)) < 1e-12);
      } else {
        assert.equal(look.reference, calibrated.key, 'the lowest log loss is the reference');
        // Oriented larger-is-better: the means racing records are negated log losses.
        assert.ok(Math.abs((look.trial_mean as number) + mean(PROBE.log_loss)) < 1e-12);
        assert.ok(Math.abs((look.reference_mean as number) + mean(CALIBRATED.log_loss)) < 1e-12);
      }
    });
  }
});
