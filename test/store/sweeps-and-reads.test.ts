import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planSweep } from '../../src/sweep/planner.js';
import { claim, forEachStore, result, sleep, spec, storePack, sweepRow } from './both-stores.js';

/** Sweeps, plans and every read from both stores: migrations, create and extend, status, scores, the user's SQL. */
const plan = planSweep(spec([0.1, 0.2]));
const packResult = (o: { completed?: number[]; fenced?: number[]; pruned?: number[]; stored: number; refused?: number }) => ({ completed: [], fenced: [], pruned: [], refused: 0, ...o });

forEachStore(({ kind, fresh, open, skip }) => {
  test('migrations from an empty database: tables, view with mean_pct and std_pct, schema version 6', async (t) => {
    if (skip()) return t.skip(String(skip()));
    const where = fresh();
    const store = await open(where);
    const reader = await open(where, true);
    assert.deepEqual((await reader.results.userQuery('SELECT max(version) AS v FROM schema_version')).rows, [{ v: 6 }]);
    const cols = (await reader.results.userQuery('SELECT * FROM trial_summary')).columns;
    for (const c of ['sweep', 'trial_key', 'folds_done', 'folds_planned', 'mean_accuracy', 'std_accuracy', 'mean_pct', 'std_pct', 'seconds', 'pruned_by', 'pruned_p', 'pruned_after']) assert.ok(cols.includes(c), c);
    const decisions = (await reader.results.userQuery('SELECT * FROM decisions')).columns;
    assert.deepEqual(decisions, ['id', 'sweep_id', 'trial_id', 'folds_done', 'reference', 'shared', 'trial_mean', 'reference_mean', 'p', 'threshold', 'pruned', 'created_at']);
    const runs = (await reader.results.userQuery('SELECT * FROM runs')).columns;
    assert.deepEqual(runs, ['id', 'sweep_id', 'owner', 'backend', 'engine', 'workers', 'started_at', 'ended_at', 'fits_done', 'outcome', 'fits_fenced', 'fits_trained']);
    // A second opening of a migrated database migrates nothing.
    await (await open(where)).close();
    assert.deepEqual(await store.results.sweepNames(), []);
    // Each part names the same store, for messages (a URL without its password).
    assert.equal(store.dialect, kind);
    assert.equal(store.location, kind === 'sqlite' ? where : where.replace(/\/\/([^:@]+):[^@]+@/, '//$1:***@'));
    assert.deepEqual([store.leases.location, store.results.location, store.copier.location], [store.location, store.location, store.location]);
  });

  test('create and extend a sweep: a plan is written whole, a second create returns the first, extend adds only new trials', async (t) => {
    if (skip()) return t.skip(String(skip()));
    const store = await open(fresh());
    const labelled = plan.trials.map((t, i) => (i === 0 ? { ...t, label: 'first' } : t));
    const sweep = await store.sweeps.create(sweepRow, labelled);
    assert.equal(sweep.name, 's');
    assert.deepEqual(await store.results.sweepNames(), ['s']);
    assert.equal(sweep.folds, 2);
    assert.equal(typeof sweep.id, 'number');
    const again = await store.sweeps.create({ ...sweepRow, spec_hash: 'other' }, planSweep(spec([0.3])).trials);
    assert.deepEqual(again, sweep, 'the sweep made first, untouched');
    assert.equal(await store.sweeps.extend(sweep.id, { spec: '{}', spec_hash: 'h2', source_file: 'x.yaml' }, planSweep(spec([0.1, 0.2, 0.3])).trials), 1);
    assert.equal((await store.results.sweep('s'))!.spec_hash, 'h2');
    assert.equal((await store.results.sweepCounts())[0].trials, 3);
    // Every setting is a column of its own; the configuration comes back as it was planned.
    const scores = await store.results.trialScores((await store.results.sweep('s'))!);
    const first = scores.find((s) => s.trialKey === labelled[0].key)!;
    const c = labelled[0].config;
    assert.deepEqual(
      [first.label, first.hidden, first.placement, first.dropout, first.maxNorm, first.lr, first.momentum, first.epochs, first.batchSize, first.state],
      ['first', c.hidden.join('-'), c.placement, c.dropout, c.maxNorm, c.lr, c.momentum, c.epochs, c.batchSize, 'pending'],
    );
    assert.equal(first.hidden.includes('-'), true, 'hidden widths joined by a dash');
    assert.equal(scores.find((s) => s.trialKey !== labelled[0].key)!.label, null);
    const claimed = await claim(store, { sweepId: sweep.id, owner: 'a', limit: 3 });
    assert.deepEqual(new Map(claimed.map((t) => [t.key, t.config])), new Map(planSweep(spec([0.1, 0.2, 0.3])).trials.map((t) => [t.key, t.config])));
    assert.deepEqual(claimed.find((t) => t.key === labelled[0].key)!.label, 'first');
    // A data identity is recorded once, for a sweep made before identities were.
    const identity = { data_sha256: 'c'.repeat(64), data_rows: 208, data_columns: 60, data_classes: '{"M":111,"R":97}' };
    await store.sweeps.setDataIdentity(sweep.id, identity);
    await store.sweeps.setDataIdentity(sweep.id, { ...identity, data_sha256: 'd'.repeat(64) });
    const row = (await store.results.sweep('s'))!;
    assert.deepEqual([row.data_sha256, row.data_rows, row.data_columns, row.data_classes], Object.values(identity));
  });

  test('status counts, trial_summary (mean_pct, std_pct), scores with --where, the best mean and a full claim marked done', async (t) => {
    if (skip()) return t.skip(String(skip()));
    const where = fresh();
    const store = await open(where);
    const sweep = await store.sweeps.create(sweepRow, plan.trials);
    const run = await store.leases.startRun({ sweepId: sweep.id, owner: 'a', backend: 'wasm', engine: 'tfjs', workers: 1 });
    const [x, y] = await claim(store, { sweepId: sweep.id, owner: 'a', limit: 2 });
    const fits = [
      { trialId: x.id, token: x.token, fold: 0, repeat: 0, seed: 's0', result: result(0.5) },
      { trialId: x.id, token: x.token, fold: 1, repeat: 0, seed: 's1', result: result(1) },
      { trialId: y.id, token: y.token, fold: 0, repeat: 0, seed: 's2', result: result(null) },
    ];
    assert.deepEqual(await storePack(store, fits, { owner: 'a', run: { id: run, trained: 3 } }), packResult({ completed: [x.id], stored: 3 }));
    await store.leases.endRun({ runId: run, outcome: 'completed', trained: 3 });
    const [c] = await store.results.sweepCounts();
    assert.deepEqual([c.trials, c.done, c.running, c.pending, c.failed, c.fits_done, c.run_fits], [2, 1, 1, 0, 0, 3, 3]);
    const reader = await open(where, true);
    const summary = await reader.results.userQuery(`SELECT trial_key, folds_done, folds_planned, folds_scored, diverged, mean_pct, std_pct FROM trial_summary ORDER BY trial_key`);
    const byKey = new Map(summary.rows.map((r) => [r.trial_key, r]));
    assert.deepEqual(byKey.get(x.key), { trial_key: x.key, folds_done: 2, folds_planned: 2, folds_scored: 2, diverged: 0, mean_pct: 75, std_pct: 25 });
    assert.deepEqual(byKey.get(y.key), { trial_key: y.key, folds_done: 1, folds_planned: 2, folds_scored: 0, diverged: 1, mean_pct: null, std_pct: null });
    assert.equal(await reader.results.bestMean('s'), 0.75);
    const scored = await reader.results.trialScores((await reader.results.sweep('s'))!, 'mean_pct > 70');
    assert.deepEqual(scored.map((s) => [s.trialKey, [...s.folds.entries()]]), [[x.key, [['0/0', { accuracy: 0.5, diverged: false, seconds: 0.1 }], ['1/0', { accuracy: 1, diverged: false, seconds: 0.1 }]]]]);
    const s = (await reader.results.sweep('s'))!;
    await assert.rejects(reader.results.trialScores(s, 'no_such_column > 1'), { name: 'UserError', message: /^option --where: / });
    assert.equal((await reader.results.exportRows(sweep.id)).length, 3);
    assert.deepEqual((await reader.results.foldResults(x.id)).map((f) => [f.fold, f.accuracy, f.seed, f.backend]), [[0, 0.5, 's0', 'wasm'], [1, 1, 's1', 'wasm']]);
    assert.deepEqual(await reader.results.sweepBackends(sweep.id), [{ engine: 'tfjs', backend: 'wasm' }]);
    const all = await reader.results.trialScores((await reader.results.sweep('s'))!);
    assert.deepEqual([...all.find((s) => s.trialKey === y.key)!.folds.values()], [{ accuracy: null, diverged: true, seconds: 0.1 }]);
    // The same plan in a second sweep: its trials have the same keys.
    await store.sweeps.create({ ...sweepRow, name: 'other' }, plan.trials);
    assert.deepEqual((await reader.results.trialsByPrefix(x.key.slice(0, 4), 's')).map((r) => [r.sweep, r.trial_key]), [['s', x.key]]);
    assert.deepEqual((await reader.results.trialsByPrefix(x.key.slice(0, 4))).map((r) => r.sweep), ['s', 'other']);
    assert.deepEqual(await reader.results.fitTimings('tfjs'), [], 'a sweep without a data identity gives no timing');
    await store.sweeps.setDataIdentity(sweep.id, { data_sha256: 'e'.repeat(64), data_rows: 208, data_columns: 60, data_classes: '{}' });
    assert.deepEqual(await reader.results.fitTimings('tfjs'), [{ config: x.config, rows: 208, columns: 60, folds: 2, seconds: 0.2, fits: 2 }], 'the finished, not diverged, fits of each trial');
    assert.deepEqual(await reader.results.fitTimings('fused'), []);
    // A claim that finds every fold stored marks the trial done instead of handing it out.
    await storePack(store, [{ trialId: y.id, token: y.token, fold: 1, repeat: 0, seed: 's3', result: result(0.5) }], { owner: 'a', fitsPerTrial: 3 });
    await sleep(20);
    assert.deepEqual(await claim(store, { sweepId: sweep.id, owner: 'b', limit: 5, leaseSeconds: 0 }), []);
    assert.equal((await store.results.sweepCounts())[0].done, 2);
  });

  test('userQuery is read-only: a write, even one hidden in DELETE ... RETURNING, is refused and changes nothing', async (t) => {
    if (skip()) return t.skip(String(skip()));
    const where = fresh();
    const store = await open(where);
    await store.sweeps.create(sweepRow, plan.trials);
    const reader = await open(where, true);
    await assert.rejects(reader.results.userQuery('DELETE FROM trials RETURNING id'), { name: 'UserError', message: /^query: .*(only statements that return rows|readonly)/ });
    await assert.rejects(reader.results.userQuery("UPDATE trials SET label = 'x'"), { name: 'UserError' });
    if (kind === 'postgres') await assert.rejects(reader.results.userQuery('SELECT 1; COMMIT; DELETE FROM trials'), { name: 'UserError' });
    await assert.rejects(reader.results.userQuery('SELEC 1'), { name: 'UserError', message: /^query: / });
    assert.deepEqual((await reader.results.userQuery('SELECT count(*) AS n FROM trials')).rows, [{ n: 2 }]);
  });

  test("only a bad filter becomes the user's error: a store that fails under the scores query stays a failure of the store", async (t) => {
    if (skip()) return t.skip(String(skip()));
    const store = await open(fresh());
    await store.sweeps.create(sweepRow, plan.trials);
    const sweep = (await store.results.sweep('s'))!;
    await store.close();
    for (const where of [undefined, 'mean_pct > 1']) {
      await assert.rejects(store.results.trialScores(sweep, where), (err: Error) => err.name !== 'UserError', `where ${where}`);
    }
  });
});
