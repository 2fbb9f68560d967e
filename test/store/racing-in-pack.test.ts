import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planSweep } from '../../src/sweep/planner.js';
import type { ClaimedTrial } from '../../src/store/store.js';
import { claim, forEachStore, result, sleep, spec, storePack, sweepRow } from './both-stores.js';

/**
 * Racing inside the transaction that stores a pack, on both stores, under the rule of
 * src/sweep/racing.ts (raceLook): a diverged fold stops a trial at once; every other trial is
 * tested once (`tests` absent, as here unless said), at its first look with minFolds folds and a
 * complete trial to compare with, against the complete trial best on the folds it has not run,
 * with the variance floor; with `tests: n`, up to n times, at its looks from minFolds folds on.
 */

/** One-sided p of Student's t with 2 degrees of freedom, in closed form: 1/2 - t / (2 sqrt(2 + t^2)). */
const upperP2 = (t: number) => 0.5 - t / (2 * Math.sqrt(2 + t * t));
/** 20 held-out rows: the floor is (1/20)^2 / 2. */
const heldOutRows = 20;
const rule = (sweepId: number, folds: number, stopDiverged = true) => ({ sweepId, minFolds: 3, alpha: 0.05, stopDiverged, fitsPerTrial: folds, testTrainRatio: 1 / (folds - 1), heldOutRows });
const fitsOf = (trial: ClaimedTrial, scores: (number | null)[], from = 0) =>
  scores.map((a, i) => ({ trialId: trial.id, token: trial.token, fold: from + i, repeat: 0, seed: `s${from + i}`, result: result(a) }));

forEachStore(({ fresh, open, skip }) => {
  test('racing in a pack: a clearly worse trial is pruned in the same transaction with its evidence and the floored p; a trial ahead runs on; each trial is tested once', async (t) => {
    if (skip()) return t.skip(String(skip()));
    const where = fresh();
    const store = await open(where);
    const sweep = await store.sweeps.create({ ...sweepRow, folds: 5 }, planSweep(spec([0.1, 0.2, 0.3, 0.4], 5)).trials);
    const run = await store.leases.startRun({ sweepId: sweep.id, owner: 'a', backend: 'wasm', engine: 'tfjs', workers: 1 });
    const [x, y, z, w] = await claim(store, { sweepId: sweep.id, owner: 'a', limit: 4, fitsPerTrial: 5 });
    const o = { owner: 'a', fitsPerTrial: 5, run: { id: run, trained: 0 }, race: rule(sweep.id, 5) };
    // No complete trial yet: nothing to race against, nothing recorded.
    assert.deepEqual(await storePack(store, fitsOf(y, [0.5, 0.52]), o), { completed: [], fenced: [], pruned: [], stored: 2, refused: 0 });
    assert.deepEqual(await storePack(store, fitsOf(x, [0.9, 0.92, 0.88, 0.9, 0.9]), o), { completed: [x.id], fenced: [], pruned: [], stored: 5, refused: 0 });
    // Listed z first: the looks are still made in id order. w has too few folds for a look.
    const pack = [...fitsOf(z, [0.95, 0.9, 0.93]), ...fitsOf(w, [0.5, 0.5]), ...fitsOf(y, [0.51], 2)];
    assert.deepEqual(await storePack(store, pack, o), { completed: [], fenced: [], pruned: [y.id], stored: 6, refused: 0 });
    // z was tested (ahead): a bad later fold brings no second test.
    assert.deepEqual((await storePack(store, fitsOf(z, [0.1], 3), o)).pruned, []);
    const reader = await open(where, true);
    const looks = (await reader.results.userQuery('SELECT trial_id, folds_done, reference, shared, trial_mean, reference_mean, p, threshold, pruned FROM decisions ORDER BY id')).rows;
    assert.deepEqual(looks.map((l) => [l.trial_id, l.folds_done, l.reference, l.shared, l.pruned, l.threshold]), [[y.id, 3, x.key, 3, 1, 0.05], [z.id, 3, x.key, 3, 0, 0.05]]);
    // The means over the shared folds 0-2, worked by hand: (0.5 + 0.52 + 0.51) / 3 and (0.9 + 0.92 + 0.88) / 3.
    assert.ok(Math.abs((looks[0].trial_mean as number) - 0.51) < 1e-12);
    assert.ok(Math.abs((looks[0].reference_mean as number) - 0.9) < 1e-12);
    // Differences 0.4, 0.4, 0.37: sample variance 0.0003 is below the floor (1/20)^2/2 = 0.00125,
    // so se = sqrt((1/3 + 1/4) * 0.00125) and t = 0.39 / se, 2 df.
    const p = upperP2(0.39 / Math.sqrt((1 / 3 + 1 / 4) * 0.00125));
    assert.ok(Math.abs((looks[0].p as number) - p) < 1e-9, `p ${looks[0].p} vs ${p}`);
    assert.equal(looks[1].p, null, 'a trial ahead is not tested');
    const [c] = await reader.results.sweepCounts();
    assert.deepEqual([c.done, c.running, c.pruned, c.fits_saved, c.fits_done], [1, 2, 1, 2, 14]);
    const scores = await reader.results.trialScores((await reader.results.sweep('s'))!);
    const pruned = scores.find((s) => s.trialKey === y.key)!;
    assert.deepEqual([pruned.state, pruned.prunedBy, pruned.prunedAfter, pruned.folds.size], ['pruned', x.key, 3, 3], 'stored folds are kept');
    assert.equal(pruned.prunedP, looks[0].p);
    assert.equal(scores.find((s) => s.trialKey === z.key)!.prunedBy, null);
    // A pruned trial is no one's: not claimable, and a late fit for it is refused.
    await sleep(20);
    assert.deepEqual((await claim(store, { sweepId: sweep.id, owner: 'b', limit: 5, leaseSeconds: 0, fitsPerTrial: 5 })).map((r) => r.id), [z.id, w.id]);
    assert.deepEqual(await storePack(store, fitsOf(y, [0.5], 3), o), { completed: [], fenced: [y.id], pruned: [], stored: 0, refused: 1 });
    // copy keeps a pruned trial pruned, with its evidence (decisions stay behind).
    const copied = await open(fresh());
    await copied.copier.load((await store.copier.dump('s'))!);
    const there = (await copied.results.trialScores((await copied.results.sweep('s'))!)).find((s) => s.trialKey === y.key)!;
    assert.deepEqual([there.state, there.prunedBy, there.prunedP, there.prunedAfter], ['pruned', x.key, pruned.prunedP, 3]);
  });

  test('the reference is the complete trial best on the folds the trial has not run; a trial with a diverged fold or not yet done is never the reference', async (t) => {
    if (skip()) return t.skip(String(skip()));
    const where = fresh();
    const store = await open(where);
    const sweep = await store.sweeps.create({ ...sweepRow, folds: 5 }, planSweep(spec([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], 5)).trials);
    const [diverged, lucky, solid, open4, probe, probe2] = await claim(store, { sweepId: sweep.id, owner: 'a', limit: 6, fitsPerTrial: 5 });
    const o = { owner: 'a', fitsPerTrial: 5, race: rule(sweep.id, 5, false) };
    // Complete, one fold diverged: the best scored folds of all, yet never the reference.
    await storePack(store, fitsOf(diverged, [0.999, 0.999, 0.999, 0.999, null]), o);
    // lucky is the best complete trial overall (mean 0.834) thanks to folds 0-2; solid is best on folds 3-4.
    await storePack(store, fitsOf(lucky, [0.99, 0.99, 0.99, 0.6, 0.6]), o);
    await storePack(store, fitsOf(solid, [0.8, 0.8, 0.8, 0.85, 0.85]), o);
    // Four folds of 0.995, not complete: never the reference.
    await storePack(store, fitsOf(open4, [0.995, 0.995, 0.995, 0.995]), o);
    await storePack(store, fitsOf(probe, [0.6, 0.61, 0.6]), o);
    await storePack(store, fitsOf(probe2, [0.6, 0.61, 0.6], 2), o);
    const reader = await open(where, true);
    const looks = (await reader.results.userQuery('SELECT trial_id, reference FROM decisions ORDER BY id')).rows;
    // open4 lacks fold 4 and probe folds 3-4, where solid is best; probe2 lacks folds 0-1, where lucky is.
    assert.deepEqual(looks.map((l) => [l.trial_id, l.reference]), [[open4.id, solid.key], [probe.id, solid.key], [probe2.id, lucky.key]]);
  });

  test('the reference is of the same sweep, and of two equally good complete trials the one with the smaller key', async (t) => {
    if (skip()) return t.skip(String(skip()));
    const where = fresh();
    const store = await open(where);
    // Another sweep, with a perfect complete trial: never this sweep's reference.
    const other = await store.sweeps.create({ ...sweepRow, name: 'other', folds: 4 }, planSweep(spec([0.1])).trials);
    const [perfect] = await claim(store, { sweepId: other.id, owner: 'a', limit: 1, fitsPerTrial: 4 });
    await storePack(store, fitsOf(perfect, [1, 1, 1, 1]), { owner: 'a', fitsPerTrial: 4 });
    const sweep = await store.sweeps.create({ ...sweepRow, folds: 4 }, planSweep(spec([0.1, 0.2, 0.3])).trials);
    const [a, b, c] = await claim(store, { sweepId: sweep.id, owner: 'a', limit: 3, fitsPerTrial: 4 });
    const o = { owner: 'a', fitsPerTrial: 4, race: rule(sweep.id, 4) };
    await storePack(store, fitsOf(a, [0.75, 0.75, 0.75, 0.75]), o);
    await storePack(store, fitsOf(b, [0.75, 0.75, 0.75, 0.75]), o);
    await storePack(store, fitsOf(c, [0.5, 0.5, 0.5]), o);
    const reader = await open(where, true);
    const smaller = [a.key, b.key].sort()[0];
    assert.deepEqual((await reader.results.userQuery('SELECT trial_id, reference, reference_mean FROM decisions')).rows, [{ trial_id: c.id, reference: smaller, reference_mean: 0.75 }]);
  });

  test('a diverged fold stops the trial at once, untested, before minFolds and with no complete trial; without stopDiverged its fold is left out of the test', async (t) => {
    if (skip()) return t.skip(String(skip()));
    const where = fresh();
    const store = await open(where);
    const sweep = await store.sweeps.create({ ...sweepRow, folds: 4 }, planSweep(spec([0.1, 0.2, 0.3])).trials);
    const [x, d, e] = await claim(store, { sweepId: sweep.id, owner: 'a', limit: 3, fitsPerTrial: 4 });
    const o = (stopDiverged: boolean) => ({ owner: 'a', fitsPerTrial: 4, race: rule(sweep.id, 4, stopDiverged) });
    assert.deepEqual((await storePack(store, fitsOf(d, [null]), o(true))).pruned, [d.id], 'its first fold diverged: stopped there');
    await storePack(store, fitsOf(x, [0.75, 0.75, 0.75, 0.75]), o(true));
    assert.deepEqual((await storePack(store, fitsOf(e, [0.75, null, 0.7]), o(false))).pruned, []);
    const reader = await open(where, true);
    const looks = (await reader.results.userQuery('SELECT trial_id, folds_done, reference, shared, trial_mean, p, pruned FROM decisions ORDER BY id')).rows;
    // e is compared on its two scored folds: means (0.75 + 0.7) / 2 and 0.75.
    assert.deepEqual(looks.map((l) => [l.trial_id, l.folds_done, l.reference, l.shared, l.pruned, l.p === null]), [[d.id, 1, '', 0, 1, true], [e.id, 3, x.key, 2, 0, false]]);
    assert.ok(Math.abs((looks[1].trial_mean as number) - 0.725) < 1e-12);
    const scores = await reader.results.trialScores((await reader.results.sweep('s'))!);
    const stopped = scores.find((s) => s.trialKey === d.key)!;
    assert.deepEqual([stopped.state, stopped.prunedBy, stopped.prunedP, stopped.prunedAfter], ['pruned', null, null, 1]);
  });

  test('a trial with minFolds folds and no complete trial yet is not looked at: its one test comes at its first look with a reference', async (t) => {
    if (skip()) return t.skip(String(skip()));
    const where = fresh();
    const store = await open(where);
    const sweep = await store.sweeps.create({ ...sweepRow, folds: 5 }, planSweep(spec([0.1, 0.2], 5)).trials);
    const [x, late] = await claim(store, { sweepId: sweep.id, owner: 'a', limit: 2, fitsPerTrial: 5 });
    const o = { owner: 'a', fitsPerTrial: 5, race: rule(sweep.id, 5) };
    assert.deepEqual((await storePack(store, fitsOf(late, [0.5, 0.5, 0.5]), o)).pruned, []);
    await storePack(store, fitsOf(x, [0.9, 0.9, 0.9, 0.9, 0.9]), o);
    assert.deepEqual((await storePack(store, fitsOf(late, [0.5], 3), o)).pruned, [late.id]);
    const reader = await open(where, true);
    assert.deepEqual((await reader.results.userQuery('SELECT trial_id, folds_done, shared, reference FROM decisions')).rows, [{ trial_id: late.id, folds_done: 4, shared: 4, reference: x.key }]);
  });

  test('with tests: 2 a trial its first test let run is tested again at its next look, each test a row of decisions at the level of two tests, and no third', async (t) => {
    if (skip()) return t.skip(String(skip()));
    const where = fresh();
    const store = await open(where);
    const sweep = await store.sweeps.create({ ...sweepRow, folds: 5 }, planSweep(spec([0.1, 0.2], 5)).trials);
    const [x, y] = await claim(store, { sweepId: sweep.id, owner: 'a', limit: 2, fitsPerTrial: 5 });
    const o = { owner: 'a', fitsPerTrial: 5, race: { ...rule(sweep.id, 5), minFolds: 2, tests: 2 } };
    await storePack(store, fitsOf(x, [0.9, 0.9, 0.9, 0.9, 0.9]), o);
    // After 2 folds: d = 0.3, 0.4; s^2 = 0.005; t = 0.35 / sqrt((1/2 + 1/4) 0.005) = 5.72; p (1 df) = 1/2 - atan(t) / pi = 0.055.
    assert.deepEqual((await storePack(store, fitsOf(y, [0.6, 0.5]), o)).pruned, []);
    // After 3: d = 0.3, 0.4, 0.35; s^2 = 0.0025; t = 0.35 / sqrt((1/3 + 1/4) 0.0025) = 9.17; p (2 df) = 0.0058.
    assert.deepEqual((await storePack(store, fitsOf(y, [0.55], 2), o)).pruned, [y.id]);
    const reader = await open(where, true);
    const rows = (await reader.results.userQuery('SELECT folds_done, p, threshold, pruned FROM decisions ORDER BY id')).rows as { folds_done: number; p: number; threshold: number; pruned: number }[];
    assert.deepEqual(rows.map((r) => [Number(r.folds_done), Number(r.pruned)]), [[2, 0], [3, 1]]);
    const t1 = 0.35 / Math.sqrt(0.75 * 0.005);
    const t2 = 0.35 / Math.sqrt((1 / 3 + 1 / 4) * 0.0025);
    assert.ok(Math.abs(rows[0].p - (0.5 - Math.atan(t1) / Math.PI)) < 1e-9 && Math.abs(rows[1].p - upperP2(t2)) < 1e-9, JSON.stringify(rows));
    // Pocock's nominal level for looks after 2 and 3 folds at alpha 0.05 (test/stats/group-sequential.test.ts): 3.29%.
    for (const r of rows) assert.ok(Math.abs(r.threshold - 0.0329) < 5e-5, `level ${r.threshold}`);
  });
});
