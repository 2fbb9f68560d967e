import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planSweep } from '../../src/sweep/planner.js';
import { claim, forEachStore, rawSql, result, sleep, spec, storePack, sweepRow } from './both-stores.js';

/** The lease protocol from both stores: claims, takeovers, fenced writes, attempts and releases. */
const plan = planSweep(spec([0.1, 0.2]));
const packResult = (o: { completed?: number[]; fenced?: number[]; pruned?: number[]; stored: number; refused?: number }) => ({ completed: [], fenced: [], pruned: [], refused: 0, ...o });

forEachStore(({ fresh, open, skip }) => {
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

});
