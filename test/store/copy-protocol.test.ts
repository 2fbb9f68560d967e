import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planSweep } from '../../src/sweep/planner.js';
import { claim, forEachStore, result, spec, storePack, sweepRow } from './both-stores.js';

/** copy's part of the protocol on both stores: a dump and its load, matched by name and key, never by id. */
forEachStore(({ fresh, open, skip }) => {
  test('a dump loads whole into another store; a second load adds nothing; a running trial arrives pending; a pending trial adopts a finished state', async (t) => {
    if (skip()) return t.skip(String(skip()));
    const source = await open(fresh());
    const identity = { data_sha256: 'f'.repeat(64), data_rows: 208, data_columns: 60, data_classes: '{}' };
    const sweep = await source.sweeps.create({ ...sweepRow, ...identity }, planSweep(spec([0.1, 0.2, 0.3, 0.4])).trials);
    const run = await source.leases.startRun({ sweepId: sweep.id, owner: 'a', backend: 'wasm', engine: 'tfjs', workers: 1 });
    const [done, running, failed, stopped] = await claim(source, { sweepId: sweep.id, owner: 'a', limit: 4 });
    const fits = [0, 1].map((fold) => ({ trialId: done.id, token: done.token, fold, repeat: 0, seed: `s${fold}`, result: result(0.5 + fold / 10) }));
    await storePack(source, [...fits, { trialId: running.id, token: running.token, fold: 0, repeat: 0, seed: 'r0', result: result(0.4) }], { owner: 'a', run: { id: run, trained: 3 } });
    await source.leases.failAttempt({ trialId: failed.id, owner: 'a', token: failed.token, error: 'broke', maxAttempts: 1 });
    await source.leases.failAttempt({ trialId: stopped.id, owner: 'a', token: stopped.token, error: 'broke too', maxAttempts: 1 });
    assert.equal(await source.leases.failAttempt({ trialId: running.id, owner: 'a', token: running.token, error: 'first try', maxAttempts: 3 }), 'retry');
    await source.leases.endRun({ runId: run, outcome: 'completed', trained: 3 });
    const dump = (await source.copier.dump('s'))!;
    assert.equal(await source.copier.dump('nothing'), undefined);
    assert.deepEqual(await source.copier.sweepNames(), ['s']);
    assert.deepEqual([dump.trials.length, dump.folds.length, dump.runs.length], [4, 3, 1]);
    // As racing would have left it: one failed trial pruned instead (a dump is data).
    const raced = { ...dump, trials: dump.trials.map((x) => (x.trial_key === stopped.key ? { ...x, state: 'pruned', error: null, pruned_by: done.key, pruned_p: 0.001, pruned_after: 1 } : x)) };
    assert.equal('id' in dump.sweep, false, 'ids stay behind');

    const target = await open(fresh());
    // The target already has the sweep's plan: its pending trials adopt finished states; one it is
    // running itself keeps its own.
    const planned = await target.sweeps.create({ ...sweepRow, ...identity }, planSweep(spec([0.1, 0.2, 0.3, 0.4])).trials);
    await claim(target, { sweepId: planned.id, owner: 'z', limit: 4 });
    assert.deepEqual(await target.copier.load(dump), { sweeps: 0, trials: 0, folds: 3, runs: 1 });
    const there = (await target.copier.dump('s'))!;
    const state = (d: typeof dump) => Object.fromEntries(d.trials.map((x) => [x.trial_key, [x.state, x.attempts, x.error]]));
    assert.deepEqual(state(there), { [done.key]: ['running', 0, null], [running.key]: ['running', 0, null], [failed.key]: ['running', 0, null], [stopped.key]: ['running', 0, null] }, 'trials running here keep their state');
    await target.leases.release('z');
    assert.deepEqual(await target.copier.load(raced), { sweeps: 0, trials: 0, folds: 0, runs: 0 });
    const adopted = (await target.copier.dump('s'))!;
    assert.deepEqual(state(adopted), { [done.key]: ['done', 0, null], [running.key]: ['pending', 0, null], [failed.key]: ['failed', 1, 'broke'], [stopped.key]: ['pruned', 1, null] }, 'pending trials adopt the finished states, and only those');
    assert.deepEqual(adopted.trials.filter((x) => x.state === 'pruned').map((x) => [x.pruned_by, x.pruned_p, x.pruned_after]), [[done.key, 0.001, 1]]);
    assert.deepEqual(there.folds.map((f) => [f.trial_key, f.fold, f.accuracy, f.seed]), dump.folds.map((f) => [f.trial_key, f.fold, f.accuracy, f.seed]));
    assert.deepEqual(there.runs, dump.runs);

    const empty = await open(fresh());
    assert.deepEqual(await empty.copier.load(dump), { sweeps: 1, trials: 4, folds: 3, runs: 1 });
    const copied = (await empty.copier.dump('s'))!;
    assert.deepEqual(copied.sweep, dump.sweep);
    const running2 = copied.trials.find((x) => x.trial_key === running.key)!;
    assert.deepEqual([running2.state, running2.lease_owner, running2.heartbeat_at], ['pending', null, null], 'a lease means nothing in another store');
    assert.deepEqual(copied.trials.find((x) => x.trial_key === done.key), dump.trials.find((x) => x.trial_key === done.key), 'a finished trial arrives as it was');
    // The copied running trial can be claimed there, and already has its stored fold.
    const [again] = await claim(empty, { sweepId: (await empty.results.sweep('s'))!.id, owner: 'b', limit: 5 });
    assert.equal(again.key, running.key);
    assert.deepEqual(again.done, new Set(['0/0']));
  });
});
