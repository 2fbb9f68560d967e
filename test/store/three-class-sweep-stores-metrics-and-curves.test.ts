import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openResults } from '../../src/api/results.js';
import { METRICS } from '../../src/stats/metrics.js';
import { tempDir } from '../helpers.js';
import { startRun } from '../runner/runner-fixture.js';
import { forEachStore } from './both-stores.js';

// A 3-class sweep (iris) run end to end by the CLI, on SQLite and on PostgreSQL: every fold stores
// every held-out metric and its learning curve, trial_summary has a mean and std per metric, and
// the stored numbers agree with each other where two computations meet.
const SWEEP = `name: iris3
data: iris
seed: 7
folds: 3
metric: log_loss
curves: { every: 5 }
protocol:
  epochs: 20
  batchSize: 16
  hidden: [8]
  lr: 0.05
  momentum: 0.8
grid:
  placement: [none, visible]
  dropout: [0.2]
`;

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const populationStd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

forEachStore(({ kind, fresh, open, skip }) => {
  test('a 3-class sweep stores every metric and a learning curve per fold, with trial_summary means and stds per metric; copy keeps them', async (t) => {
    if (skip()) return t.skip(String(skip()));
    const where = fresh();
    const file = join(tempDir(), 'iris3.yaml');
    writeFileSync(file, SWEEP);
    const run = await startRun([file, '--db', where, '--workers', '1', '--quiet']).done;
    assert.equal(run.code, 0, run.stderr);

    const store = await open(where, true);
    const sweep = (await store.results.sweep('iris3'))!;
    const trials = await store.results.trialsByPrefix('', 'iris3');
    assert.equal(trials.length, 2);
    for (const trial of trials) {
      const folds = await store.results.foldResults(trial.id);
      const curves = await store.results.curves(trial.id);
      assert.equal(folds.length, 3, `${kind}: every fold stored`);
      assert.deepEqual(curves.map((c) => c.fold), [0, 1, 2], 'one curve per fold');
      for (const [i, f] of folds.entries()) {
        assert.equal(f.diverged, 0);
        for (const v of [f.accuracy, f.balanced_accuracy, f.macro_f1, f.roc_auc]) assert.ok(v !== null && v >= 0 && v <= 1, `a proportion: ${v}`);
        assert.ok(f.log_loss !== null && f.log_loss > 0);
        // Two computations of the same quantity: the engine's held-out loss and the metrics' log loss.
        close(f.log_loss, f.loss!, 1e-5, 'log loss = held-out cross-entropy');
        const c = curves[i].curve;
        assert.deepEqual(Array.from(c.epochs), [5, 10, 15, 20], 'held-out checkpoints every 5 epochs and the last');
        assert.equal(c.trainLoss.length, f.epochs_run, 'a training loss per epoch run');
        assert.equal(c.trainLoss[19], Math.fround(f.train_loss!), 'the last epoch of the curve is the stored training loss (float32)');
        // The last checkpoint is the final model: its values are the fold's stored metrics, as float32.
        assert.equal(c.heldOut.accuracy[3], Math.fround(f.accuracy!));
        assert.equal(c.heldOut.log_loss[3], Math.fround(f.log_loss));
        assert.equal(c.heldOut.macro_f1[3], Math.fround(f.macro_f1!));
        assert.equal(c.heldOut.roc_auc[3], Math.fround(f.roc_auc!));
        assert.equal(c.heldOut.balanced_accuracy[3], Math.fround(f.balanced_accuracy!));
      }
      // trial_summary: the mean and population std of each metric over the folds, from the formulas.
      const [row] = (await store.results.userQuery(`SELECT * FROM trial_summary WHERE trial_id = ${trial.id}`)).rows;
      for (const m of METRICS) {
        const xs = folds.map((f) => (m === 'accuracy' ? f.accuracy : f[m]) as number);
        close(Number(row[`mean_${m}`]), mean(xs), 1e-9, `mean_${m}`);
        close(Number(row[`std_${m}`]), populationStd(xs), 1e-6, `std_${m}`);
      }
    }
    assert.equal(sweep.folds, 3);

    // copy moves the metrics and the curves, byte for byte.
    const copy = await open(fresh());
    await copy.copier.load((await store.copier.dump('iris3'))!);
    for (const trial of trials) {
      const [there] = await copy.results.trialsByPrefix(trial.trial_key, 'iris3');
      assert.deepEqual(await copy.results.curves(there.id), await store.results.curves(trial.id), 'the curves copied');
      const metrics = (rows: { log_loss: number | null; roc_auc: number | null }[]) => rows.map((r) => [r.log_loss, r.roc_auc]);
      assert.deepEqual(metrics(await copy.results.foldResults(there.id)), metrics(await store.results.foldResults(trial.id)), 'the metrics copied');
    }

    // The sweep ranks by its metric, log loss, lowest first; and show carries the curves.
    const results = await openResults(where);
    try {
      const board = await results.leaderboard();
      const losses = board.map((r) => r.mean_log_loss as number);
      assert.ok(losses[0] <= losses[1], `ranked by log loss, lowest first: ${losses}`);
      assert.equal(board[0].meanPct, undefined, 'no accuracy column when ranked by log loss');
      const detail = await results.trial(`iris3/${board[0].trialKey}`, { curves: true });
      assert.equal(detail.metric, 'log_loss');
      assert.equal(detail.curves?.length, 3);
      assert.equal(detail.curves![0].trainLoss.length, 20);
    } finally {
      await results.close();
    }
  });
});
