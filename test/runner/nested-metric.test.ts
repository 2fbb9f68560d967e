import assert from 'node:assert/strict';
import { test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { forEachStore } from '../store/both-stores.js';
import { sweepDir } from './runner-fixture.js';
import { close, runNested } from './nested-fixture.js';

forEachStore(({ kind, fresh, open, skip }) => {
  test(`nested on ${kind}: the sweep's ranking metric (metric: log_loss) picks each inner winner and is what the estimate is of, even where accuracy would pick another trial`, async (t) => {
    if (skip()) return t.skip(String(skip()));
    const { dir } = sweepDir();
    const db = fresh();
    const file = join(dir, 'm.yaml');
    writeFileSync(file, 'name: m\nfolds: 3\nmetric: log_loss\nprotocol:\n  epochs: 60\n  hidden: [20, 10]\n  momentum: 0.9\ngrid:\n  lr: [0.01, 0.03, 0.1]\n');
    const out = runNested(file, db);
    assert.equal(out.metric, 'log_loss');
    assert.equal(out.percent, false);
    const store = await open(db, true);
    const q = async <T>(sql: string) => (await store.results.userQuery(sql)).rows as T[];
    const folds = await q<{ sweep: string; trial_key: string; accuracy: number; log_loss: number }>(
      'SELECT s.name AS sweep, t.trial_key, r.accuracy, r.log_loss FROM fold_results r JOIN trials t ON t.id = r.trial_id JOIN sweeps s ON s.id = t.sweep_id',
    );
    let differs = 0;
    for (const f of out.folds) {
      const means = new Map<string, { acc: number; loss: number }>();
      for (const r of folds.filter((x) => x.sweep === f.sweep)) {
        const m = means.get(r.trial_key) ?? { acc: 0, loss: 0 };
        means.set(r.trial_key, { acc: m.acc + r.accuracy / 3, loss: m.loss + r.log_loss / 3 });
      }
      const byLoss = [...means].sort((a, b) => a[1].loss - b[1].loss)[0];
      const byAccuracy = [...means].sort((a, b) => b[1].acc - a[1].acc)[0];
      assert.equal(f.winner, byLoss[0], `${f.sweep}: the lowest mean log loss wins`);
      close(f.innerScore, byLoss[1].loss, 'inner score: the winner\'s mean log loss');
      close(f.outerScore, f.metrics.log_loss!, 'outer score: its outer log loss');
      if (byAccuracy[0] !== byLoss[0]) differs++;
    }
    assert.ok(differs > 0, 'the fixture has an inner sweep where accuracy and log loss pick different winners');
    const x = out.folds.map((f) => f.outerScore);
    close(out.estimate.mean, x.reduce((a, b) => a + b, 0) / 3, 'the estimate is the mean outer log loss');
    const stored = await q<{ metric: string }>('SELECT DISTINCT metric FROM outer_fits');
    assert.deepEqual(stored.map((r) => r.metric), ['log_loss']);
  });
});
