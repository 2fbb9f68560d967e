import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildLeaderboard } from '../../src/report/leaderboard.js';
import { openStore } from '../../src/store/store.js';
import { planSweep } from '../../src/sweep/planner.js';
import type { FoldMetrics } from '../../src/stats/metrics.js';
import { runCli, tempDir } from '../helpers.js';
import { spec, sweepRow } from '../store/both-stores.js';
import { trial, FOUR_FOLDS } from './trial-scores.js';

// Trial A is the most accurate but the worst calibrated (highest log loss); B is the reverse. Ranked
// by accuracy A leads; ranked by log loss, lower is better, so B leads and A comes last.
const A = { accuracy: [0.9, 0.85, 0.9, 0.88], log_loss: [0.6, 0.65, 0.62, 0.66] };
const B = { accuracy: [0.8, 0.78, 0.82, 0.79], log_loss: [0.3, 0.32, 0.29, 0.31] };
const C = { accuracy: [0.7, 0.72, 0.71, 0.69], log_loss: [0.45, 0.47, 0.44, 0.46] };

/** A trial whose folds carry accuracy and log loss, as the store reads them. */
const scored = (key: string, t: typeof A) => ({
  ...trial(key, t.accuracy),
  folds: new Map(t.accuracy.map((a, i) => [`${i}/0`, { accuracy: a, diverged: false, seconds: 1, metrics: { log_loss: t.log_loss[i] } }])),
});

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
// The corrected resampled interval (Nadeau & Bengio) from its formula: mean +- t(0.975, J-1) * sqrt((1/J + n2/n1) * s^2).
const T_975_DF3 = 3.182446305284263;
function correctedInterval(xs: number[], ratio: number): [number, number] {
  const m = mean(xs);
  const s2 = xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
  const half = T_975_DF3 * Math.sqrt((1 / xs.length + ratio) * s2);
  return [m - half, m + half];
}

test('--metric log_loss ranks by held-out log loss, lowest first, where accuracy ranks the other way', () => {
  const trials = [scored('a', A), scored('b', B), scored('c', C)];
  const byAccuracy = buildLeaderboard(trials, FOUR_FOLDS);
  assert.deepEqual(byAccuracy.rows.map((r) => r.trialKey), ['a', 'b', 'c']);
  assert.equal(byAccuracy.best, 'a');
  assert.equal(byAccuracy.rows[0].mean, mean(A.accuracy) * 100, 'accuracy in percent, as before');

  const byLoss = buildLeaderboard(trials, { ...FOUR_FOLDS, metric: 'log_loss' });
  assert.equal(byLoss.metric, 'log_loss');
  assert.deepEqual(byLoss.rows.map((r) => r.trialKey), ['b', 'c', 'a'], 'lower log loss ranks first');
  assert.deepEqual(byLoss.rows.map((r) => r.rank), [1, 2, 3]);
  assert.equal(byLoss.best, 'b');
  const b = byLoss.rows[0];
  assert.ok(Math.abs(b.mean! - mean(B.log_loss)) < 1e-12, 'the mean is the log loss itself, not percent');
  const [lo, hi] = correctedInterval(B.log_loss, 1 / 3);
  assert.ok(Math.abs(b.ciLow! - lo) < 1e-9 && Math.abs(b.ciHigh! - hi) < 1e-9, `interval ${b.ciLow}-${b.ciHigh} vs ${lo}-${hi}`);
  // A calibrated far worse on every fold: out of the "could be best" set.
  assert.equal(byLoss.rows[2].likeBest, false);
});

test('the leaderboard command takes --metric over the sweep file and lists the metric by name', async () => {
  const db = join(tempDir(), 'm.sqlite');
  const store = await openStore(db);
  try {
    const plan = planSweep(spec([0.01, 0.02, 0.03], 4));
    const sweep = await store.sweeps.create({ ...sweepRow, folds: 4, spec: JSON.stringify({ name: 's' }) }, plan.trials);
    const claimed = await store.leases.claim({ sweepId: sweep.id, owner: 'me', limit: 3, leaseSeconds: 60, isDead: () => false, fitsPerTrial: 4 });
    const byLr = [A, B, C];
    const fits = claimed.flatMap((c, t) =>
      [0, 1, 2, 3].map((fold) => {
        const m = byLr[t];
        const metrics: FoldMetrics = { accuracy: m.accuracy[fold], balanced_accuracy: m.accuracy[fold], macro_f1: m.accuracy[fold], log_loss: m.log_loss[fold], roc_auc: 0.9 };
        return { trialId: c.id, token: c.token, fold, repeat: 0, seed: 's', result: { accuracy: m.accuracy[fold], loss: m.log_loss[fold], trainLoss: 0.5, epochsRun: 3, diverged: false, seconds: 1, metrics } };
      }),
    );
    await store.leases.storePack({ fits, backend: 'wasm', engine: 'fused', fitsPerTrial: 4, owner: 'me' });
  } finally {
    await store.close();
  }
  const keys = (args: string[]) => {
    const r = runCli(['leaderboard', '--db', db, '--format', 'json', ...args]);
    assert.equal(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as Record<string, unknown>[]).map((row) => [row.lr, row.mean_log_loss ?? row.meanPct]);
  };
  assert.deepEqual(keys([]).map(([lr]) => lr), [0.01, 0.02, 0.03], 'accuracy: A, B, C');
  const byLoss = keys(['--metric', 'log-loss']);
  assert.deepEqual(byLoss.map(([lr]) => lr), [0.02, 0.03, 0.01], 'log loss: B, C, A');
  assert.equal(byLoss[0][1], Number(mean(B.log_loss).toFixed(4)));
  const bad = runCli(['leaderboard', '--db', db, '--metric', 'log_los']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /did you mean "log_loss"/);
});
