import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planSweep } from '../../src/sweep/planner.js';
import { claim, forEachStore, result, spec, storePack, sweepRow } from './both-stores.js';

/**
 * A run's work counts can disagree with the rows: trained is the runner's count of worker results,
 * stored the rows its commits inserted, fenced the fits the fence refused. Work done twice shows.
 */
const plan = planSweep(spec([0.1, 0.2]));

forEachStore(({ fresh, open, skip }) => {
  test('one fold stored three times: trained 3, stored 1, fenced 0, so trained != stored + fenced shows the fold was computed twice more', async (t) => {
    if (skip()) return t.skip(String(skip()));
    const where = fresh();
    const store = await open(where);
    const sweep = await store.sweeps.create(sweepRow, plan.trials);
    const [trial] = await claim(store, { sweepId: sweep.id, owner: 'a', limit: 1 });
    const run = await store.leases.startRun({ sweepId: sweep.id, owner: 'a', backend: 'wasm', engine: 'tfjs', workers: 1 });
    const fit = { trialId: trial.id, token: trial.token, fold: 0, repeat: 0, seed: 'x', result: result(0.5) };
    const answers = [];
    for (const trained of [1, 2, 3]) answers.push(await storePack(store, [{ ...fit, result: result(0.5 + trained / 100) }], { owner: 'a', run: { id: run, trained } }));
    assert.deepEqual(answers.map((a) => [a.stored, a.refused]), [[1, 0], [0, 0], [0, 0]], 'the first copy is the row; the others are neither stored nor refused');
    await store.leases.endRun({ runId: run, outcome: 'completed', trained: 3 });
    const reader = await open(where, true);
    const [counts] = (await reader.results.userQuery('SELECT fits_trained, fits_done, fits_fenced, outcome FROM runs')).rows;
    assert.deepEqual(counts, { fits_trained: 3, fits_done: 1, fits_fenced: 0, outcome: 'completed' });
    assert.equal((counts.fits_trained as number) - (counts.fits_done as number) - (counts.fits_fenced as number), 2, 'two fits computed twice');
    assert.deepEqual((await reader.results.foldResults(trial.id)).map((f) => f.accuracy), [0.51], 'the row is the first copy');
    assert.equal((await reader.results.sweepCounts())[0].run_fits, 1, 'status counts rows stored by runs');
  });

  test('a run counts stored and refused fits per commit, and keeps the largest trained count it was given', async (t) => {
    if (skip()) return t.skip(String(skip()));
    const where = fresh();
    const store = await open(where);
    const sweep = await store.sweeps.create(sweepRow, plan.trials);
    const [mine, theirs] = await claim(store, { sweepId: sweep.id, owner: 'a', limit: 2 });
    const run = await store.leases.startRun({ sweepId: sweep.id, owner: 'a', backend: null, engine: 'tfjs', workers: 2 });
    const reader = await open(where, true);
    const counts = async () => (await reader.results.userQuery(`SELECT fits_trained, fits_done, fits_fenced FROM runs WHERE id = ${run}`)).rows[0];
    assert.deepEqual(await counts(), { fits_trained: 0, fits_done: 0, fits_fenced: 0 }, 'a new run has counted nothing');
    await store.leases.release('a');
    await claim(store, { sweepId: sweep.id, owner: 'b', limit: 2 });
    const [again] = await claim(store, { sweepId: sweep.id, owner: 'a', limit: 1, isDead: (o) => o === 'b' });
    assert.equal(again.id, mine.id);
    const fits = [
      { trialId: again.id, token: again.token, fold: 0, repeat: 0, seed: 'a0', result: result(0.5) },
      { trialId: again.id, token: again.token, fold: 1, repeat: 0, seed: 'a1', result: result(0.6) },
      { trialId: theirs.id, token: theirs.token, fold: 0, repeat: 0, seed: 'b0', result: result(0.7) },
    ];
    const answer = await storePack(store, fits, { owner: 'a', run: { id: run, trained: 5 } });
    assert.deepEqual([answer.completed, answer.fenced, answer.stored, answer.refused], [[mine.id], [theirs.id], 2, 1]);
    assert.deepEqual(await counts(), { fits_trained: 5, fits_done: 2, fits_fenced: 1 });
    await storePack(store, [], { owner: 'a', run: { id: run, trained: 4 } });
    assert.deepEqual(await counts(), { fits_trained: 5, fits_done: 2, fits_fenced: 1 }, 'an older count never lowers it');
    await store.leases.endRun({ runId: run, outcome: 'interrupted', trained: 7 });
    assert.deepEqual(await counts(), { fits_trained: 7, fits_done: 2, fits_fenced: 1 });
  });

  test('one rule for numbers a fold cannot hold: NaN and infinite accuracy, loss and training loss are stored as NULL', async (t) => {
    if (skip()) return t.skip(String(skip()));
    const where = fresh();
    const store = await open(where);
    const sweep = await store.sweeps.create(sweepRow, plan.trials);
    const [trial] = await claim(store, { sweepId: sweep.id, owner: 'a', limit: 1 });
    const odd = [
      { accuracy: Number.NaN, loss: Number.POSITIVE_INFINITY, trainLoss: Number.NaN },
      { accuracy: 0.5, loss: Number.NEGATIVE_INFINITY, trainLoss: Number.POSITIVE_INFINITY },
    ];
    await storePack(store, odd.map((r, fold) => ({ trialId: trial.id, token: trial.token, fold, repeat: 0, seed: 's', result: { ...result(0.5), ...r, diverged: true } })), { owner: 'a' });
    const reader = await open(where, true);
    assert.deepEqual((await reader.results.foldResults(trial.id)).map((f) => [f.accuracy, f.loss, f.train_loss, f.diverged]), [
      [null, null, null, 1],
      [0.5, null, null, 1],
    ]);
  });
});
