import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planSweep } from '../../src/sweep/planner.js';
import { claim, forEachStore, rawSql, result, sleep, spec, storePack, sweepRow } from './both-stores.js';

/** The store protocol from both stores: claims, leases, fences, attempts, counts, racing, reads. */
const plan = planSweep(spec([0.1, 0.2]));
const packResult = (o: { completed?: number[]; fenced?: number[]; pruned?: number[]; stored: number; refused?: number }) => ({ completed: [], fenced: [], pruned: [], refused: 0, ...o });

forEachStore(({ kind, fresh, open, skip }) => {
  test('migrations from an empty database: tables, view with mean_pct and std_pct, schema version 4', async (t) => {
    if (skip()) return t.skip(String(skip()));
    const where = fresh();
    const store = await open(where);
    const reader = await open(where, true);
    assert.deepEqual((await reader.results.userQuery('SELECT max(version) AS v FROM schema_version')).rows, [{ v: 4 }]);
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

  test('claims never hand a trial to two owners, even at once; stale and dead leases are taken over', async (t) => {
    if (skip()) return t.skip(String(skip()));
    const where = fresh();
    const store = await open(where);
    const other = await open(where);
    const sweep = await store.sweeps.create(sweepRow, planSweep(spec([0.1, 0.2, 0.3, 0.4, 0.5, 0.6])).trials);
    const [a, b] = await Promise.all([claim(store, { sweepId: sweep.id, owner: 'a', limit: 3 }), claim(other, { sweepId: sweep.id, owner: 'b', limit: 5 })]);
    assert.equal(a.length + b.length, 6);
    assert.equal(new Set([...a, ...b].map((x) => x.id)).size, 6, 'no trial leased twice');
    assert.ok([...a, ...b].every((x) => x.token === 1));
    assert.deepEqual(await claim(store, { sweepId: sweep.id, owner: 'c', limit: 5 }), [], 'nothing left while leases are fresh');
    assert.deepEqual(await claim(store, { sweepId: sweep.id, owner: 'a', limit: 5, isDead: (o) => o === 'a' }), [], 'a runner never takes itself for dead');
    assert.deepEqual(new Map(await store.leases.heartbeat('a')), new Map(a.map((x) => [x.id, x.token])), 'its tokens unchanged');
    const fromDead = await claim(store, { sweepId: sweep.id, owner: 'c', limit: 10, isDead: (owner) => owner === 'a' });
    assert.deepEqual(fromDead.map((x) => x.id).sort(), a.map((x) => x.id).sort(), "the dead owner's trials, at once");
    assert.ok(fromDead.every((x) => x.token === 2), 'a takeover bumps the token');
    await sleep(20);
    const stale = await claim(store, { sweepId: sweep.id, owner: 'd', limit: 10, leaseSeconds: 0 });
    assert.equal(stale.length, 6, 'leases older than the lease time are taken');
    assert.deepEqual(stale.map((x) => x.id), [...stale.map((x) => x.id)].sort((p, q) => p - q), 'in plan order');
    assert.deepEqual(await store.leases.otherLeases(sweep.id, 'e'), [{ owner: 'd', trials: 6 }]);
    assert.deepEqual(await store.leases.otherLeases(sweep.id, 'd'), []);
    await sleep(20);
    assert.equal((await claim(store, { sweepId: sweep.id, owner: 'e', limit: 2, leaseSeconds: 0 })).length, 2, 'no more than the limit');
  });

  test('fenced writes: after a takeover, the old owner can store nothing, count no attempt, renew nothing', async (t) => {
    if (skip()) return t.skip(String(skip()));
    const where = fresh();
    const store = await open(where);
    const sweep = await store.sweeps.create(sweepRow, plan.trials);
    const [mine] = await claim(store, { sweepId: sweep.id, owner: 'a', limit: 1 });
    const run = await store.leases.startRun({ sweepId: sweep.id, owner: 'a', backend: 'wasm', engine: 'tfjs', workers: 1 });
    const fit = { trialId: mine.id, token: mine.token, fold: 0, repeat: 0, seed: 'x', result: result(0.5) };
    assert.deepEqual(await storePack(store, [fit], { owner: 'a', run: { id: run, trained: 1 } }), packResult({ stored: 1 }));
    assert.deepEqual([...(await store.leases.heartbeat('a')).entries()], [[mine.id, mine.token]]);
    await sleep(20);
    const [taken] = await claim(store, { sweepId: sweep.id, owner: 'b', limit: 1, leaseSeconds: 0 });
    assert.equal(taken.id, mine.id);
    assert.deepEqual(taken.done, new Set(['0/0']), 'the new owner is told which folds are stored');
    assert.deepEqual(await storePack(store, [{ ...fit, fold: 1 }], { owner: 'a', run: { id: run, trained: 2 } }), packResult({ fenced: [mine.id], stored: 0, refused: 1 }));
    assert.deepEqual(await storePack(store, [{ ...fit, token: taken.token, fold: 1 }], { owner: 'a' }), packResult({ fenced: [mine.id], stored: 0, refused: 1 }), 'the right token, another owner');
    assert.equal(await store.leases.failAttempt({ trialId: mine.id, owner: 'a', token: mine.token, error: 'boom', maxAttempts: 3 }), 'lost');
    assert.equal((await store.leases.heartbeat('a')).size, 0);
    assert.equal(await store.leases.releaseTrial(mine.id, 'a', mine.token), false);
    const reader = await open(where, true);
    assert.deepEqual((await reader.results.userQuery('SELECT fits_done, fits_fenced, fits_trained FROM runs')).rows, [{ fits_done: 1, fits_fenced: 1, fits_trained: 2 }]);
    assert.deepEqual(await storePack(store, [{ ...fit, token: taken.token, fold: 1 }], { owner: 'b' }), packResult({ completed: [mine.id], stored: 1 }));
    assert.deepEqual(await storePack(store, [{ ...fit, token: taken.token, fold: 1 }], { owner: 'b' }), packResult({ fenced: [mine.id], stored: 0, refused: 1 }), 'a finished trial takes no more fits');
    assert.deepEqual((await reader.results.userQuery("SELECT state, attempts, lease_owner FROM trials WHERE state = 'done'")).rows, [{ state: 'done', attempts: 0, lease_owner: null }]);
  });

  test('a pack of several trials in any order: completed and fenced trials are named in id order; the fence checks state, owner and token each', async (t) => {
    if (skip()) return t.skip(String(skip()));
    const where = fresh();
    const store = await open(where);
    const sweep = await store.sweeps.create(sweepRow, planSweep(spec([0.1, 0.2, 0.3, 0.4, 0.5])).trials);
    const [p, q, r, u, v] = await claim(store, { sweepId: sweep.id, owner: 'a', limit: 5 });
    const two = (x: typeof p) => [0, 1].map((fold) => ({ trialId: x.id, token: x.token, fold, repeat: 0, seed: 's', result: result(0.5) }));
    assert.deepEqual(await storePack(store, [...two(q), ...two(p)], { owner: 'a' }), packResult({ completed: [p.id, q.id], stored: 4 }));
    // Behind the store's back: r left 'running' but kept its owner and token; u changed owner, same token; v changed token.
    await rawSql(where, "UPDATE trials SET state = 'done' WHERE id = ?", [r.id]);
    await rawSql(where, "UPDATE trials SET lease_owner = 'b' WHERE id = ?", [u.id]);
    await rawSql(where, 'UPDATE trials SET lease_token = lease_token + 1 WHERE id = ?', [v.id]);
    for (const x of [v, u, r]) assert.deepEqual(await storePack(store, two(x), { owner: 'a' }), packResult({ fenced: [x.id], stored: 0, refused: 2 }));
  });

  test('failAttempt counts tries until max-attempts, then the trial fails; retryFailed and release give trials back', async (t) => {
    if (skip()) return t.skip(String(skip()));
    const store = await open(fresh());
    const sweep = await store.sweeps.create(sweepRow, plan.trials);
    const [x, held] = await claim(store, { sweepId: sweep.id, owner: 'a', limit: 2 });
    assert.equal(await store.leases.failAttempt({ trialId: x.id, owner: 'a', token: x.token, error: 'first', maxAttempts: 2 }), 'retry');
    assert.equal(await store.leases.failAttempt({ trialId: x.id, owner: 'a', token: x.token, error: 'second', maxAttempts: 2 }), 'failed');
    let [c] = await store.results.sweepCounts();
    assert.deepEqual([c.done, c.running, c.pending, c.failed], [0, 1, 0, 1]);
    await sleep(20);
    assert.deepEqual((await claim(store, { sweepId: sweep.id, owner: 'z', limit: 5, leaseSeconds: 0 })).map((r) => r.id), [held.id], 'a failed trial is not claimed, even by a takeover');
    assert.equal(await store.leases.release('z'), 1);
    const [y] = await claim(store, { sweepId: sweep.id, owner: 'a', limit: 1 });
    assert.equal(await store.leases.failAttempt({ trialId: y.id, owner: 'a', token: held.token, error: 'old', maxAttempts: 2 }), 'lost', 'an attempt under an old token of the same owner is not charged');
    assert.equal(await store.leases.releaseTrial(y.id, 'a', y.token + 1), false, 'not under another token');
    assert.equal(await store.leases.releaseTrial(y.id, 'a', y.token), true);
    assert.equal(await store.sweeps.retryFailed(sweep.id), 1);
    [c] = await store.results.sweepCounts();
    assert.deepEqual([c.trials, c.done, c.running, c.pending, c.failed, c.fits_done], [2, 0, 0, 2, 0, 0]);
    const again = await claim(store, { sweepId: sweep.id, owner: 'b', limit: 1 });
    assert.deepEqual(again.map((r) => r.attempts), [0], 'attempts start again');
    await claim(store, { sweepId: sweep.id, owner: 'c', limit: 1 });
    assert.equal(await store.leases.release('b'), 1, "only the owner's leases");
    assert.equal(await store.leases.release('b'), 0);
    [c] = await store.results.sweepCounts();
    assert.deepEqual([c.running, c.pending], [1, 1], "c's lease is kept");
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
    await assert.rejects(reader.results.trialScores((await reader.results.sweep('s'))!, 'no_such_column > 1'), { name: 'UserError', message: /^option --where: / });
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
});
