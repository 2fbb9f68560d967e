import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachStore } from '../store/both-stores.js';
import { sweepDir } from './runner-fixture.js';
import { close, runNested, T_975_2, writeNestedSweep } from './nested-fixture.js';

forEachStore(({ kind, fresh, open, skip }) => {
  test(`nested on ${kind}: one stored inner sweep per outer fold on its training rows, the known winner in each, its outer fit stored with every metric, the estimate and its interval as the formulas give them`, async (t) => {
    if (skip()) return t.skip(String(skip()));
    const { dir } = sweepDir();
    const db = fresh();
    const out = runNested(writeNestedSweep(dir), db);
    const store = await open(db, true);
    const q = async <T>(sql: string) => (await store.results.userQuery(sql)).rows as T[];
    const sweeps = await q<{ name: string; data_rows: number; folds: number }>('SELECT name, data_rows, folds FROM sweeps ORDER BY id');
    assert.deepEqual(sweeps.map((s) => s.name), ['n-outer-1', 'n-outer-2', 'n-outer-3']);
    assert.equal(out.metric, 'accuracy');
    // The outer test folds partition Sonar's 208 rows into 69 or 70 each; each inner sweep holds the rest.
    assert.equal(out.folds.map((f) => f.testRows).reduce((a, b) => a + b, 0), 208);
    for (const [i, f] of out.folds.entries()) {
      assert.ok(f.testRows === 69 || f.testRows === 70);
      assert.equal(Number(sweeps[i].data_rows), 208 - f.testRows, 'the inner sweep ran on the outer training rows only');
      assert.ok(Math.abs((f.outerScore / 100) * f.testRows - Math.round((f.outerScore / 100) * f.testRows)) < 1e-9, 'a count of right rows');
    }
    const trials = await q<{ sweep: string; trial_key: string; lr: number; fold: number; accuracy: number }>(
      'SELECT s.name AS sweep, t.trial_key, t.lr, r.fold, r.accuracy FROM fold_results r JOIN trials t ON t.id = r.trial_id JOIN sweeps s ON s.id = t.sweep_id',
    );
    const learner = trials.find((x) => x.lr === 0.03)!.trial_key;
    assert.deepEqual(out.folds.map((f) => f.winner), [learner, learner, learner], 'lr 0.03 wins every inner sweep');
    for (const f of out.folds) {
      const mine = trials.filter((x) => x.sweep === f.sweep && x.trial_key === learner).map((x) => x.accuracy);
      assert.equal(mine.length, 3);
      close(f.innerScore, (100 * mine.reduce((a, b) => a + b, 0)) / 3, 'inner score');
    }
    // Stored: one outer fit per inner sweep, with the winner, its inner score, every metric and the kernel.
    const stored = await q<{ sweep: string; nested: string; outer_folds: number; outer_fold: number; metric: string; winner_key: string; inner_score: number; outer_score: number; accuracy: number; balanced_accuracy: number; macro_f1: number; log_loss: number; roc_auc: number; backend: string }>(
      'SELECT s.name AS sweep, o.* FROM outer_fits o JOIN sweeps s ON s.id = o.sweep_id ORDER BY o.outer_fold',
    );
    assert.deepEqual(stored.map((r) => [r.sweep, r.nested, Number(r.outer_folds), Number(r.outer_fold), r.metric, r.winner_key]), out.folds.map((f, i) => [f.sweep, 'n', 3, i, 'accuracy', learner]));
    for (const [i, r] of stored.entries()) {
      close(100 * r.accuracy, out.folds[i].outerScore, 'stored outer accuracy');
      close(r.outer_score, r.accuracy, 'the estimate takes accuracy');
      close(100 * r.inner_score, out.folds[i].innerScore, 'stored inner score');
      for (const m of ['balanced_accuracy', 'macro_f1', 'log_loss', 'roc_auc'] as const) {
        assert.ok(typeof r[m] === 'number' && Number.isFinite(r[m]), `${m} stored`);
        close(r[m], out.folds[i].metrics[m]!, m);
      }
      assert.ok(r.roc_auc >= 0.5 && r.roc_auc <= 1 && r.log_loss > 0, 'a learner ranks better than chance');
      assert.equal(r.backend, 'wasm-simd', 'the inner sweep\'s kernel');
    }
    // The estimate from the formulas: the mean of the K = 3 outer scores, se = sqrt((1/3 + 1/2) s^2)
    // with s^2 at least (1/69)^2 / 2, 95% interval mean -/+ t(0.975, 2) se; the optimistic score is
    // the mean of the inner winners' means.
    const x = out.folds.map((f) => f.outerScore / 100);
    const m = x.reduce((a, b) => a + b, 0) / 3;
    const se = Math.sqrt((1 / 3 + 1 / 2) * Math.max(x.reduce((a, b) => a + (b - m) ** 2, 0) / 2, 1 / (2 * 69 * 69)));
    close(out.estimate.mean, 100 * m, 'mean');
    close(out.estimate.low, 100 * (m - T_975_2 * se), 'low');
    close(out.estimate.high, 100 * (m + T_975_2 * se), 'high');
    close(out.optimistic, out.folds.reduce((a, f) => a + f.innerScore, 0) / 3, 'optimistic');
    assert.equal(out.estimate.df, 2);
    assert.equal(out.outerFitsTrained, 3);
  });
});
