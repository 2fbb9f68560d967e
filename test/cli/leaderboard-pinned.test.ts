import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers.js';
import { startRun, sweepDir } from '../runner/runner-fixture.js';
import { referenceMcs } from '../stats/mcs-reference.js';

/*
 * The leaderboard, compare and effects of a sweep whose trials really differ, checked against a
 * reference written here from the textbook formulas, sharing no code with src/report:
 * - mean and population std of the fold accuracies;
 * - the Nadeau-Bengio corrected paired t-test: t = mean(d) / sqrt((1/n + n_test/n_train) s^2),
 *   s^2 the sample variance of the differences, df = n - 1, n_test/n_train = 1/9 for 10 folds;
 * - two-sided p from Student's t density integrated numerically (Simpson's rule), not from the
 *   incomplete beta function the product uses;
 * - every test rests on at least the variance floor (1/n_test)^2 / 2, n_test = 20 (208 rows, 10 folds);
 * - the could-be-best set: test/stats/mcs-reference.ts, written from Hansen, Lunde & Nason and Hsu;
 * - the 95% interval: mean +- t(0.975, df) x the corrected standard error, t found by bisection
 *   on the integrated distribution;
 * - competition ranks (1, 2, 2, 4) and marginal means per learning rate.
 * The grid: lr {0.0004, 0.0005, 0.01, 0.03} x momentum {0.8, 0.9}, 40 epochs, hidden [20, 10].
 * The four slowest learning rates predict the majority class on every fold: four exact ties.
 */

let db = '';
type Row = { rank: number; trialKey: string; lr: number; momentum: number; meanPct: number; stdPct: number; ci95Low: number; ci95High: number; p: number | null; pMcs: number | null; likeBest: boolean };
let board: Row[] = [];
const folds = new Map<string, number[]>();

before(async () => {
  const made = sweepDir();
  db = made.db;
  const file = join(made.dir, 'pinned.yaml');
  writeFileSync(file, 'name: pinned\nprotocol:\n  epochs: 40\n  hidden: [20, 10]\ngrid:\n  lr: [0.0004, 0.0005, 0.01, 0.03]\n  momentum: [0.8, 0.9]\n');
  const r = await startRun([file, '--db', db, '--quiet']).done;
  assert.equal(r.code, 0, r.stderr);
  board = JSON.parse(runCli(['leaderboard', '--db', db, '--format', 'json']).stdout);
  for (const x of JSON.parse(runCli(['export', '--db', db, '--format', 'json']).stdout) as { trial_key: string; fold: number; accuracy: number }[]) {
    const list = folds.get(x.trial_key) ?? folds.set(x.trial_key, []).get(x.trial_key)!;
    list[x.fold] = x.accuracy;
  }
});

// --- the reference -------------------------------------------------------------------------
const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sampleVar = (xs: number[]) => xs.reduce((a, x) => a + (x - avg(xs)) ** 2, 0) / (xs.length - 1);
const popStd = (xs: number[]) => Math.sqrt(xs.reduce((a, x) => a + (x - avg(xs)) ** 2, 0) / xs.length);
/** Gamma of n/2 exactly, by recursion from Gamma(1) = 1 and Gamma(1/2) = sqrt(pi). */
const halfGamma = (n: number): number => (n === 2 ? 1 : n === 1 ? Math.sqrt(Math.PI) : (n / 2 - 1) * halfGamma(n - 2));
const density = (x: number, df: number) => (halfGamma(df + 1) / (Math.sqrt(df * Math.PI) * halfGamma(df))) * (1 + (x * x) / df) ** (-(df + 1) / 2);
/** P(0 <= T <= x) by Simpson's rule on 20,000 intervals. */
function halfCdf(x: number, df: number): number {
  const n = 20_000;
  const h = x / n;
  let sum = density(0, df) + density(x, df);
  for (let i = 1; i < n; i++) sum += (i % 2 ? 4 : 2) * density(i * h, df);
  return (sum * h) / 3;
}
const twoSided = (t: number, df: number) => Math.max(0, 1 - 2 * halfCdf(Math.abs(t), df));
function quantile975(df: number): number {
  let lo = 0;
  let hi = 20;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (halfCdf(mid, df) < 0.475) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
const RATIO = 1 / 9;
const FLOOR = 1 / (2 * 20 * 20);
function corrected(d: number[]): { t: number; df: number; p: number } {
  const t = avg(d) / Math.sqrt((1 / d.length + RATIO) * Math.max(sampleVar(d), FLOOR));
  return { t, df: d.length - 1, p: twoSided(t, d.length - 1) };
}
const close = (actual: number | null, expected: number, what: string, tol = 1e-6) => assert.ok(actual !== null && Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected}`);

test('ranks, ties, means, stds, intervals, p-values and the could-be-best set match the reference', () => {
  assert.equal(board.length, 8);
  const stats = board.map((r) => ({ key: r.trialKey, acc: folds.get(r.trialKey)!, mean: 100 * avg(folds.get(r.trialKey)!) }));
  // Competition ranks by mean: the four one-class models tie at 5, 5, 5, 5.
  const means = stats.map((s) => s.mean);
  const sortedMeans = [...means].sort((a, b) => b - a);
  assert.deepEqual(means, sortedMeans, 'ordered by mean');
  assert.deepEqual(board.map((r) => r.rank), means.map((m) => 1 + means.filter((x) => x > m + 1e-9).length));
  assert.deepEqual(board.map((r) => r.rank), [1, 2, 3, 4, 5, 5, 5, 5]);
  const best = stats[0];
  const raw = stats.slice(1).map((s) => corrected(best.acc.map((a, i) => a - s.acc[i])).p);
  const set = referenceMcs(stats.map((s) => s.acc), RATIO, FLOOR);
  const t975 = quantile975(9);
  board.forEach((r, i) => {
    const acc = stats[i].acc;
    close(r.meanPct, 100 * avg(acc), `mean of ${r.trialKey}`, 1e-4);
    close(r.stdPct, 100 * popStd(acc), `std of ${r.trialKey}`, 1e-4);
    const half = 100 * t975 * Math.sqrt((1 / 10 + RATIO) * sampleVar(acc));
    close(r.ci95Low, 100 * avg(acc) - half, `CI low of ${r.trialKey}`, 1e-4);
    close(r.ci95High, 100 * avg(acc) + half, `CI high of ${r.trialKey}`, 1e-4);
    assert.equal(r.likeBest, set[i] >= 0.05, `~best of ${r.trialKey}`);
    if (i === 0) {
      assert.equal(r.p, null);
      assert.equal(r.likeBest, true);
      return;
    }
    close(r.p, raw[i - 1], `p of ${r.trialKey}`);
    // The four one-class models have the same folds: the product removes them in one step, the
    // reference one at a time, and the later steps (fewer trials left, the same t) never raise the
    // running maximum, so their p-values agree.
    close(r.pMcs, set[i], `set p of ${r.trialKey}`);
  });
  assert.deepEqual(board.map((r) => r.likeBest), [true, true, true, true, false, false, false, false], 'the four learners are indistinguishable; the one-class models are not');
});

test('compare: the paired differences and the corrected test match the reference', () => {
  const [a, b] = board;
  const out = JSON.parse(runCli(['compare', a.trialKey, b.trialKey, '--db', db, '--format', 'json']).stdout) as { t: number; df: number; p: number; meanDifference: number };
  const d = folds.get(a.trialKey)!.map((x, i) => x - folds.get(b.trialKey)![i]);
  const ref = corrected(d);
  close(out.t, ref.t, 't');
  assert.equal(out.df, 9);
  close(out.p, ref.p, 'p');
  close(out.meanDifference, avg(d), 'mean difference');
});

test('effects: the marginal mean of each learning rate is the mean of its trials over momentum', () => {
  const out = JSON.parse(runCli(['effects', '--db', db, '--format', 'json']).stdout) as { effects: { dimension: string; value: number; mean: number; trials: number; bestTrial: string }[] };
  const lrRows = out.effects.filter((e) => e.dimension === 'lr');
  assert.deepEqual(lrRows.map((e) => e.value), [0.0004, 0.0005, 0.01, 0.03]);
  for (const e of lrRows) {
    const trials = board.filter((r) => r.lr === e.value);
    assert.equal(e.trials, 2);
    close(e.mean, avg(trials.map((t) => 100 * avg(folds.get(t.trialKey)!))), `marginal mean at lr ${e.value}`, 1e-4);
  }
  // The momentum marginal, likewise: over its four trials.
  const m = out.effects.filter((e) => e.dimension === 'momentum');
  assert.equal(m.length, 2);
  close(m[1].mean, avg(board.filter((r) => r.momentum === 0.9).map((t) => 100 * avg(folds.get(t.trialKey)!))), 'marginal mean at momentum 0.9', 1e-4);
});
