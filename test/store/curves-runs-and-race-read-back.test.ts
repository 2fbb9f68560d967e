import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LearningCurve } from '../../src/engine/model.js';
import { planSweep } from '../../src/sweep/planner.js';
import { claim, forEachStore, result, spec, storePack, sweepRow } from './both-stores.js';

/**
 * What only the commands read, read back through the store on both stores: a fit's learning
 * curve per trial (`show --curves`) and per sweep (`export`), the runs that have not ended
 * (`status`), and the race settings a sweep was first raced with.
 */
const plan = planSweep(spec([0.1, 0.2]));
const curve = (loss: number): LearningCurve => ({
  trainLoss: Float32Array.from([loss, loss / 2]),
  epochs: Int32Array.from([2]),
  heldOut: {
    accuracy: Float32Array.from([0.75]),
    balanced_accuracy: Float32Array.from([0.5]),
    macro_f1: Float32Array.from([0.25]),
    log_loss: Float32Array.from([1.5]),
    roc_auc: Float32Array.from([0.625]),
  },
});

forEachStore(({ fresh, open, skip }) => {
  test("a stored fit's learning curve reads back by trial, and by sweep with its trial's key; a fit stored without one has none", async (t) => {
    if (skip()) return t.skip(String(skip()));
    const where = fresh();
    const store = await open(where);
    const sweep = await store.sweeps.create(sweepRow, plan.trials);
    const [x, y] = await claim(store, { sweepId: sweep.id, owner: 'a', limit: 2 });
    await storePack(
      store,
      [
        { trialId: x.id, token: x.token, fold: 1, repeat: 0, seed: 's1', result: { ...result(0.75), curve: curve(0.5) } },
        { trialId: x.id, token: x.token, fold: 0, repeat: 0, seed: 's0', result: { ...result(0.75), curve: curve(1) } },
        { trialId: y.id, token: y.token, fold: 0, repeat: 0, seed: 's2', result: result(0.5) },
      ],
      { owner: 'a' },
    );
    const reader = await open(where, true);
    assert.deepEqual(await reader.results.curves(x.id), [
      { fold: 0, repeat: 0, curve: curve(1) },
      { fold: 1, repeat: 0, curve: curve(0.5) },
    ]);
    assert.deepEqual(await reader.results.curves(y.id), []);
    assert.deepEqual(
      (await reader.results.sweepCurves(sweep.id)).map((c) => [c.trialKey, c.fold, c.curve.trainLoss[0]]),
      [
        [x.key, 0, 1],
        [x.key, 1, 0.5],
      ],
    );
  });

  test('a run is unended until it ends; the race settings set on a sweep are read back with it', async (t) => {
    if (skip()) return t.skip(String(skip()));
    const store = await open(fresh());
    const sweep = await store.sweeps.create(sweepRow, plan.trials);
    assert.equal((await store.results.sweep('s'))!.race, null);
    const run = await store.leases.startRun({ sweepId: sweep.id, owner: 'host:1', backend: 'wasm', engine: 'tfjs', workers: 1 });
    assert.deepEqual(await store.results.unendedRuns(), [{ sweep: 's', id: run, owner: 'host:1' }]);
    await store.leases.endRun({ runId: run, outcome: 'completed', trained: 0 });
    assert.deepEqual(await store.results.unendedRuns(), []);
    await store.sweeps.setRace(sweep.id, '{"alpha":0.05,"tests":3}');
    assert.equal((await store.results.sweep('s'))!.race, '{"alpha":0.05,"tests":3}');
  });
});
