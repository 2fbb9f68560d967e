import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planSweep } from '../../src/sweep/planner.js';
import { claim, forEachStore, rawSql, result, spec, storePack, sweepRow } from './both-stores.js';

/** Leases of a runner on another machine: only its heartbeat (on the store's clock) can keep them or free them. */
forEachStore(({ fresh, open, skip }) => {
  test("heartbeats renew only the owner's live leases; a lease from another host is taken over only once its heartbeat is stale, under a new token", async (t) => {
    if (skip()) return t.skip(String(skip()));
    const where = fresh();
    const store = await open(where);
    const sweep = await store.sweeps.create(sweepRow, planSweep(spec([0.1, 0.2])).trials);
    // A runner on another machine: its pid means nothing here, so only the heartbeat can free it.
    const remote = 'far-away-host:4242:abcd';
    const [theirs] = await claim(store, { sweepId: sweep.id, owner: remote, limit: 1 });
    const beatAt = async () => Number((await rawSql(where, 'SELECT heartbeat_at AS t FROM trials WHERE id = ?', [theirs.id]))[0].t);
    await rawSql(where, 'UPDATE trials SET heartbeat_at = 1000 WHERE id = ?', [theirs.id]);
    assert.deepEqual([...(await store.leases.heartbeat(remote))], [[theirs.id, theirs.token]], 'the owner renews what it holds, and learns its token');
    assert.ok((await beatAt()) > Date.now() / 1000 - 5, 'renewed to now');
    assert.deepEqual([...(await store.leases.heartbeat('someone-else'))], [], 'nobody else renews it');

    const notYet = await claim(store, { sweepId: sweep.id, owner: 'local:1:x', limit: 5 });
    assert.ok(!notYet.some((x) => x.id === theirs.id), 'a live remote lease is not taken');
    // Its heartbeat goes quiet for longer than the lease (backdated, rather than waited for).
    await rawSql(where, 'UPDATE trials SET heartbeat_at = ? WHERE id = ?', [Date.now() / 1000 - 61, theirs.id]);
    const taken = await claim(store, { sweepId: sweep.id, owner: 'local:1:x', limit: 5 });
    const mine = taken.find((x) => x.id === theirs.id)!;
    assert.ok(mine, 'taken over after the lease');
    assert.equal(mine.token, theirs.token + 1, 'under a new token');
    assert.deepEqual([...(await store.leases.heartbeat(remote))], [], 'the old owner learns at its next heartbeat that it holds nothing');
    const late = { trialId: theirs.id, token: theirs.token, fold: 0, repeat: 0, seed: 's', result: result(0.5) };
    assert.deepEqual((await storePack(store, [late], { owner: remote })).fenced, [theirs.id], 'its late result is refused');
    assert.equal(await store.leases.failAttempt({ trialId: theirs.id, owner: remote, token: theirs.token, error: 'late', maxAttempts: 3 }), 'lost');
    assert.deepEqual((await storePack(store, [{ ...late, token: mine.token }], { owner: 'local:1:x' })).stored, 1);
    assert.deepEqual(await rawSql(where, 'SELECT CAST(count(*) AS INTEGER) AS n FROM fold_results'), [{ n: 1 }]);
  });
});
