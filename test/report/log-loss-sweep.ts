import { join } from 'node:path';
import { openStore } from '../../src/store/store.js';
import { planSweep } from '../../src/sweep/planner.js';
import { parseSweepText } from '../../src/sweep/parse.js';
import type { FoldMetrics } from '../../src/stats/metrics.js';
import { tempDir } from '../helpers.js';

/**
 * Three trials on four folds whose orders by accuracy and by log loss disagree: A is the most
 * accurate and the worst calibrated, B the reverse. By accuracy: A, B, C; by log loss (lower is
 * better): B, C, A.
 */
export const LOG_LOSS_TRIALS = {
  A: { lr: 0.01, accuracy: [0.9, 0.85, 0.9, 0.88], log_loss: [0.6, 0.65, 0.62, 0.66] },
  B: { lr: 0.02, accuracy: [0.8, 0.78, 0.82, 0.79], log_loss: [0.3, 0.32, 0.29, 0.31] },
  C: { lr: 0.03, accuracy: [0.7, 0.72, 0.71, 0.69], log_loss: [0.45, 0.47, 0.44, 0.46] },
} as const;

export const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/**
 * A SQLite database holding the sweep `calib` (Sonar, four folds, the fused engine, five epochs,
 * `metric: log_loss`) with every fold of A, B and C stored as a runner stores it. Returns the
 * database and each trial's key.
 */
export async function logLossSweep(): Promise<{ db: string; keys: Record<keyof typeof LOG_LOSS_TRIALS, string> }> {
  const db = join(tempDir(), 'calib.sqlite');
  const text = 'name: calib\nfolds: 4\nmetric: log_loss\nprotocol: {epochs: 5, hidden: [10]}\ngrid:\n  lr: [0.01, 0.02, 0.03]\n';
  const spec = parseSweepText(text, 'calib.yaml', ['fused']);
  const plan = planSweep(spec);
  const store = await openStore(db);
  const keys = {} as Record<keyof typeof LOG_LOSS_TRIALS, string>;
  try {
    const sweep = await store.sweeps.create(
      { name: 'calib', spec: JSON.stringify(spec), spec_hash: 'h', source_file: null, data: 'sonar', seed: 7, folds: 4, repeats: 1, engine: 'fused' },
      plan.trials,
    );
    const claimed = await store.leases.claim({ sweepId: sweep.id, owner: 'me', limit: 3, leaseSeconds: 60, isDead: () => false, fitsPerTrial: 4 });
    const fits = claimed.flatMap((c) => {
      const [name, m] = Object.entries(LOG_LOSS_TRIALS).find(([, t]) => t.lr === c.config.lr)!;
      keys[name as keyof typeof LOG_LOSS_TRIALS] = c.key;
      return [0, 1, 2, 3].map((fold) => {
        const metrics: FoldMetrics = { accuracy: m.accuracy[fold], balanced_accuracy: m.accuracy[fold], macro_f1: m.accuracy[fold], log_loss: m.log_loss[fold], roc_auc: 0.9 };
        return { trialId: c.id, token: c.token, fold, repeat: 0, seed: `s${fold}`, result: { accuracy: m.accuracy[fold], loss: m.log_loss[fold], trainLoss: 0.5, epochsRun: 5, diverged: false, seconds: 1, metrics } };
      });
    });
    await store.leases.storePack({ fits, backend: 'wasm', engine: 'fused', fitsPerTrial: 4, owner: 'me' });
  } finally {
    await store.close();
  }
  return { db, keys };
}
