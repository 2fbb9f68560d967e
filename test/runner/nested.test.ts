import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI } from '../helpers.js';
import { forEachStore } from '../store/both-stores.js';
import { sweepDir } from './runner-fixture.js';

// Nested cross-validation on a fixture whose inner winner is known: lr 0.0005 learns nothing (a
// one-class model, the majority rate), lr 0.03 learns Sonar; every inner sweep must pick lr 0.03.

/** Two-sided 95% quantile of Student's t with 2 degrees of freedom: sqrt(2) x 3.0424... = 4.302653 (tables). */
const T_975_2 = 4.302652729911275;

interface Nested {
  sweep: string;
  outer: number;
  outcome: string;
  folds: { sweep: string; testRows: number; winner: string; innerMeanPct: number; outerPct: number }[];
  estimate: { meanPct: number; lowPct: number; highPct: number; df: number };
  optimisticPct: number;
}

forEachStore(({ kind, fresh, open, skip }) => {
  test(`nested on ${kind}: one stored inner sweep per outer fold on its training rows, the known winner in each, the estimate and its interval as the formulas give them; a rerun resumes without training`, async (t) => {
    if (skip()) return t.skip(String(skip()));
    const { dir } = sweepDir();
    const db = fresh();
    const file = join(dir, 'n.yaml');
    writeFileSync(file, 'name: n\nfolds: 3\nprotocol:\n  epochs: 40\n  hidden: [20, 10]\n  momentum: 0.9\ngrid:\n  lr: [0.0005, 0.03]\n');
    const nested = () => {
      const r = spawnSync(process.execPath, [CLI, 'nested', file, '--outer', '3', '--db', db, '--workers', '2', '--format', 'json', '--quiet'], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout) as Nested;
    };
    const out = nested();
    const store = await open(db, true);
    const q = async <T>(sql: string) => (await store.results.userQuery(sql)).rows as T[];
    const sweeps = await q<{ name: string; data_rows: number; folds: number }>('SELECT name, data_rows, folds FROM sweeps ORDER BY id');
    assert.deepEqual(sweeps.map((s) => s.name), ['n-outer-1', 'n-outer-2', 'n-outer-3']);
    // The outer test folds partition Sonar's 208 rows into 69 or 70 each; each inner sweep holds the rest.
    assert.deepEqual(out.folds.map((f) => f.testRows).reduce((a, b) => a + b, 0), 208);
    for (const [i, f] of out.folds.entries()) {
      assert.ok(f.testRows === 69 || f.testRows === 70);
      assert.equal(Number(sweeps[i].data_rows), 208 - f.testRows, 'the inner sweep ran on the outer training rows only');
      assert.ok(Math.abs((f.outerPct / 100) * f.testRows - Math.round((f.outerPct / 100) * f.testRows)) < 1e-9, 'a count of right rows');
    }
    const trials = await q<{ sweep: string; trial_key: string; lr: number; fold: number; accuracy: number }>(
      'SELECT s.name AS sweep, t.trial_key, t.lr, r.fold, r.accuracy FROM fold_results r JOIN trials t ON t.id = r.trial_id JOIN sweeps s ON s.id = t.sweep_id',
    );
    const learner = trials.find((x) => x.lr === 0.03)!.trial_key;
    assert.deepEqual(out.folds.map((f) => f.winner), [learner, learner, learner], 'lr 0.03 wins every inner sweep');
    for (const f of out.folds) {
      const mine = trials.filter((x) => x.sweep === f.sweep && x.trial_key === learner).map((x) => x.accuracy);
      assert.equal(mine.length, 3);
      assert.ok(Math.abs(f.innerMeanPct - (100 * mine.reduce((a, b) => a + b, 0)) / 3) < 1e-9);
    }
    // The estimate from the formulas: the mean of the K = 3 outer scores, se = sqrt((1/3 + 1/2) s^2)
    // with s^2 at least (1/69)^2 / 2, 95% interval mean -/+ t(0.975, 2) se; the optimistic score is
    // the mean of the inner winners' means.
    const x = out.folds.map((f) => f.outerPct / 100);
    const m = x.reduce((a, b) => a + b, 0) / 3;
    const se = Math.sqrt((1 / 3 + 1 / 2) * Math.max(x.reduce((a, b) => a + (b - m) ** 2, 0) / 2, 1 / (2 * 69 * 69)));
    const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} vs ${b}`);
    close(out.estimate.meanPct, 100 * m, 'mean');
    close(out.estimate.lowPct, 100 * (m - T_975_2 * se), 'low');
    close(out.estimate.highPct, 100 * (m + T_975_2 * se), 'high');
    close(out.optimisticPct, out.folds.reduce((a, f) => a + f.innerMeanPct, 0) / 3, 'optimistic');
    assert.equal(out.estimate.df, 2);

    const fits = async () => Number((await q<{ n: number }>('SELECT count(*) AS n FROM fold_results'))[0].n);
    const before = await fits();
    assert.equal(before, 3 * 2 * 3);
    assert.deepEqual(nested(), out, 'the same numbers again');
    assert.equal(await fits(), before, 'nothing trained twice');
  });
});

test('nested refuses an outer count out of range and an inner sweep file, before touching a database', () => {
  const { dir, db } = sweepDir();
  const file = join(dir, 'n.yaml');
  writeFileSync(file, 'name: n\nfolds: 3\ngrid:\n  lr: [0.03]\n');
  const r = spawnSync(process.execPath, [CLI, 'nested', file, '--outer', '1', '--db', db], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--outer/);
  writeFileSync(file, 'name: n\nfolds: 3\nouter: { folds: 3, fold: 0, seed: 7 }\ngrid:\n  lr: [0.03]\n');
  const inner = spawnSync(process.execPath, [CLI, 'nested', file, '--outer', '3', '--db', db], { encoding: 'utf8' });
  assert.equal(inner.status, 2);
  assert.match(inner.stderr, /already an inner sweep of nested cross-validation/);
  writeFileSync(file, 'name: n\nfolds: 3\nouter: { folds: 3, fold: 3, seed: 7 }\ngrid:\n  lr: [0.03]\n');
  const bad = spawnSync(process.execPath, [CLI, 'run', file, '--db', db], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /outer\.fold/);
  assert.equal(spawnSync('test', ['-e', db]).status, 1, 'no database was made');
});
