import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import { openStore, type Store } from '../../src/store/store.js';
import { planSweep } from '../../src/sweep/planner.js';
import { parseSweepText } from '../../src/sweep/parse.js';
import { tempDir } from '../helpers.js';
import { startPg, type PgServer } from './pg-fixture.js';

/**
 * The same behaviour from both stores: one suite, run against SQLite and against PostgreSQL. Each
 * test gets a fresh database (a file, or a schema of its own).
 */
const spec = (lrs: number[]) => parseSweepText(`name: s\nfolds: 2\ngrid:\n  lr: [${lrs.join(', ')}]\n`, 's.yaml', ['tfjs']);
const plan = planSweep(spec([0.1, 0.2]));
const sweepRow = { name: 's', spec: '{}', spec_hash: 'h', source_file: null, data: 'sonar', seed: 7, folds: 2, repeats: 1, engine: 'tfjs' };
const result = (accuracy: number | null) => ({ accuracy, loss: 0.7, trainLoss: 0.6, epochsRun: 3, diverged: accuracy === null, seconds: 0.1 });
const never = () => false;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server: PgServer | string = 'not started';
let pgBase = '';
let schemas = 0;

before(async () => {
  server = await startPg();
  if (typeof server !== 'string') pgBase = await server.database('conformance');
});

const kinds = {
  sqlite: () => join(tempDir(), 'db.sqlite'),
  postgres: () => {
    const u = new URL(pgBase);
    u.searchParams.set('schema', `t${++schemas}`);
    return u.toString();
  },
};

for (const [kind, fresh] of Object.entries(kinds)) {
  describe(`${kind} store`, () => {
    const opened: Store[] = [];
    const open = async (location: string, readonly = false) => {
      const s = await openStore(location, { readonly });
      opened.push(s);
      return s;
    };
    const skip = () => (kind === 'postgres' && typeof server === 'string' ? `no PostgreSQL: ${server}` : false);
    after(async () => {
      for (const s of opened) await s.close().catch(() => {});
    });

    test('migrations from an empty database: tables, view with mean_pct and std_pct, schema version', async (t) => {
      if (skip()) return t.skip(String(skip()));
      const where = fresh();
      const store = await open(where);
      const reader = await open(where, true);
      assert.deepEqual((await reader.userQuery('SELECT max(version) AS v FROM schema_version')).rows, [{ v: 3 }]);
      const cols = (await reader.userQuery('SELECT * FROM trial_summary')).columns;
      for (const c of ['sweep', 'trial_key', 'folds_done', 'folds_planned', 'mean_accuracy', 'std_accuracy', 'mean_pct', 'std_pct', 'seconds', 'pruned_by', 'pruned_p', 'pruned_after']) assert.ok(cols.includes(c), c);
      const decisions = (await reader.userQuery('SELECT * FROM decisions')).columns;
      assert.deepEqual(decisions, ['id', 'sweep_id', 'trial_id', 'folds_done', 'reference', 'shared', 'trial_mean', 'reference_mean', 'p', 'threshold', 'pruned', 'created_at']);
      // A second opening of a migrated database migrates nothing.
      await (await open(where)).close();
      assert.deepEqual(await store.sweepNames(), []);
    });

    test('create and extend a sweep: a plan is written whole, a second create returns the first, extend adds only new trials', async (t) => {
      if (skip()) return t.skip(String(skip()));
      const store = await open(fresh());
      const sweep = await store.createSweep(sweepRow, plan.trials);
      assert.equal(sweep.name, 's');
      assert.equal(sweep.folds, 2);
      assert.equal(typeof sweep.id, 'number');
      const again = await store.createSweep({ ...sweepRow, spec_hash: 'other' }, planSweep(spec([0.3])).trials);
      assert.deepEqual(again, sweep, 'the sweep made first, untouched');
      assert.equal(await store.extendSweep(sweep.id, { spec: '{}', spec_hash: 'h2', source_file: 'x.yaml' }, planSweep(spec([0.1, 0.2, 0.3])).trials), 1);
      assert.equal((await store.sweep('s'))!.spec_hash, 'h2');
      assert.equal((await store.sweepCounts())[0].trials, 3);
    });

    test('claims never hand a trial to two owners, even at once; stale and dead leases are taken over', async (t) => {
      if (skip()) return t.skip(String(skip()));
      const where = fresh();
      const store = await open(where);
      const other = await open(where);
      const sweep = await store.createSweep(sweepRow, planSweep(spec([0.1, 0.2, 0.3, 0.4, 0.5, 0.6])).trials);
      const [a, b] = await Promise.all([store.claimTrials(sweep.id, 'a', 3, 60, never), other.claimTrials(sweep.id, 'b', 5, 60, never)]);
      assert.equal(a.length + b.length, 6);
      assert.equal(new Set([...a, ...b].map((x) => x.id)).size, 6, 'no trial leased twice');
      assert.ok([...a, ...b].every((x) => x.token === 1));
      assert.deepEqual(await store.claimTrials(sweep.id, 'c', 5, 60, never), [], 'nothing left while leases are fresh');
      const fromDead = await store.claimTrials(sweep.id, 'c', 10, 60, (owner) => owner === 'a');
      assert.deepEqual(fromDead.map((x) => x.id).sort(), a.map((x) => x.id).sort(), "the dead owner's trials, at once");
      assert.ok(fromDead.every((x) => x.token === 2), 'a takeover bumps the token');
      await sleep(20);
      const stale = await store.claimTrials(sweep.id, 'd', 10, 0, never);
      assert.equal(stale.length, 6, 'leases older than the lease time are taken');
      assert.deepEqual(await store.otherLeases(sweep.id, 'e'), [{ owner: 'd', trials: 6 }]);
    });

    test('fenced writes: after a takeover, the old owner can store nothing, count no attempt, renew nothing', async (t) => {
      if (skip()) return t.skip(String(skip()));
      const where = fresh();
      const store = await open(where);
      const sweep = await store.createSweep(sweepRow, plan.trials);
      const [mine] = await store.claimTrials(sweep.id, 'a', 1, 60, never);
      const run = await store.startRun(sweep.id, 'a', 'wasm', 'tfjs', 1);
      const fit = { trialId: mine.id, token: mine.token, fold: 0, repeat: 0, seed: 'x', result: result(0.5) };
      assert.deepEqual(await store.storeFits([fit], 'wasm', 'tfjs', 2, 'a', run), { completed: [], fenced: [] });
      assert.deepEqual([...(await store.heartbeat('a')).entries()], [[mine.id, mine.token]]);
      await sleep(20);
      const [taken] = await store.claimTrials(sweep.id, 'b', 1, 0, never);
      assert.equal(taken.id, mine.id);
      assert.deepEqual(taken.done, new Set(['0/0']), 'the new owner is told which folds are stored');
      assert.deepEqual(await store.storeFits([{ ...fit, fold: 1 }], 'wasm', 'tfjs', 2, 'a', run), { completed: [], fenced: [mine.id] });
      assert.equal(await store.failAttempt(mine.id, 'a', mine.token, 'boom', 3), 'lost');
      assert.equal((await store.heartbeat('a')).size, 0);
      assert.equal(await store.releaseTrial(mine.id, 'a', mine.token), false);
      const reader = await open(where, true);
      assert.deepEqual((await reader.userQuery('SELECT fits_done, fits_fenced FROM runs')).rows, [{ fits_done: 1, fits_fenced: 1 }]);
      assert.deepEqual(await store.storeFits([{ ...fit, token: taken.token, fold: 1 }], 'wasm', 'tfjs', 2, 'b'), { completed: [mine.id], fenced: [] });
    });

    test('failAttempt counts tries until max-attempts, then the trial fails; retryFailed and release give trials back', async (t) => {
      if (skip()) return t.skip(String(skip()));
      const store = await open(fresh());
      const sweep = await store.createSweep(sweepRow, plan.trials);
      const [x, y] = await store.claimTrials(sweep.id, 'a', 2, 60, never);
      assert.equal(await store.failAttempt(x.id, 'a', x.token, 'first', 2), 'retry');
      assert.equal(await store.failAttempt(x.id, 'a', x.token, 'second', 2), 'failed');
      let [c] = await store.sweepCounts();
      assert.deepEqual([c.done, c.running, c.pending, c.failed], [0, 1, 0, 1]);
      assert.equal(await store.releaseTrial(y.id, 'a', y.token), true);
      assert.equal(await store.retryFailed(sweep.id), 1);
      [c] = await store.sweepCounts();
      assert.deepEqual([c.trials, c.done, c.running, c.pending, c.failed, c.fits_done], [2, 0, 0, 2, 0, 0]);
      await store.claimTrials(sweep.id, 'b', 2, 60, never);
      assert.equal(await store.release('b'), 2);
    });

    test('status counts, trial_summary (mean_pct, std_pct), scores with --where, the best mean and a full claim marked done', async (t) => {
      if (skip()) return t.skip(String(skip()));
      const where = fresh();
      const store = await open(where);
      const sweep = await store.createSweep(sweepRow, plan.trials);
      const run = await store.startRun(sweep.id, 'a', 'wasm', 'tfjs', 1);
      const [x, y] = await store.claimTrials(sweep.id, 'a', 2, 60, never);
      const fits = [
        { trialId: x.id, token: x.token, fold: 0, repeat: 0, seed: 's0', result: result(0.5) },
        { trialId: x.id, token: x.token, fold: 1, repeat: 0, seed: 's1', result: result(1) },
        { trialId: y.id, token: y.token, fold: 0, repeat: 0, seed: 's2', result: result(null) },
      ];
      assert.deepEqual(await store.storeFits(fits, 'wasm', 'tfjs', 2, 'a', run), { completed: [x.id], fenced: [] });
      await store.endRun(run, 'completed');
      const [c] = await store.sweepCounts();
      assert.deepEqual([c.trials, c.done, c.running, c.pending, c.failed, c.fits_done, c.run_fits], [2, 1, 1, 0, 0, 3, 3]);
      const reader = await open(where, true);
      const summary = await reader.userQuery(`SELECT trial_key, folds_done, folds_planned, folds_scored, diverged, mean_pct, std_pct FROM trial_summary ORDER BY trial_key`);
      const byKey = new Map(summary.rows.map((r) => [r.trial_key, r]));
      assert.deepEqual(byKey.get(x.key), { trial_key: x.key, folds_done: 2, folds_planned: 2, folds_scored: 2, diverged: 0, mean_pct: 75, std_pct: 25 });
      assert.deepEqual(byKey.get(y.key), { trial_key: y.key, folds_done: 1, folds_planned: 2, folds_scored: 0, diverged: 1, mean_pct: null, std_pct: null });
      assert.equal(await reader.bestMean('s'), 0.75);
      const scored = await reader.trialScores((await reader.sweep('s'))!, 'mean_pct > 70');
      assert.deepEqual(scored.map((s) => [s.trialKey, [...s.folds.entries()]]), [[x.key, [['0/0', { accuracy: 0.5, diverged: false, seconds: 0.1 }], ['1/0', { accuracy: 1, diverged: false, seconds: 0.1 }]]]]);
      await assert.rejects(reader.trialScores((await reader.sweep('s'))!, 'no_such_column > 1'), { name: 'UserError', message: /^option --where: / });
      assert.equal((await reader.exportRows(sweep.id)).length, 3);
      // A claim that finds every fold stored marks the trial done instead of handing it out.
      await store.storeFits([{ trialId: y.id, token: y.token, fold: 1, repeat: 0, seed: 's3', result: result(0.5) }], 'wasm', 'tfjs', 3, 'a');
      await sleep(20);
      assert.deepEqual(await store.claimTrials(sweep.id, 'b', 5, 0, never, 2), []);
      assert.equal((await store.sweepCounts())[0].done, 2);
    });

    test('racing in storeFits: a clearly worse trial is pruned in the same transaction, with its evidence; a trial ahead is not; every look is recorded in order', async (t) => {
      if (skip()) return t.skip(String(skip()));
      const where = fresh();
      const store = await open(where);
      const sweep = await store.createSweep({ ...sweepRow, folds: 4 }, planSweep(spec([0.1, 0.2, 0.3])).trials);
      const run = await store.startRun(sweep.id, 'a', 'wasm', 'tfjs', 1);
      const [x, y, z] = await store.claimTrials(sweep.id, 'a', 3, 60, never);
      const race = { sweepId: sweep.id, minFolds: 3, alpha: 0.05, stopDiverged: true, fitsPerTrial: 4, testTrainRatio: 1 / 3, divergedScore: 0.5 };
      const fits = (trial: typeof x, scores: (number | null)[]) => scores.map((a, fold) => ({ trialId: trial.id, token: trial.token, fold, repeat: 0, seed: `s${fold}`, result: result(a) }));
      // No complete trial yet: nothing to race against, nothing recorded.
      assert.deepEqual(await store.storeFits(fits(y, [0.5, 0.52]), 'wasm', 'tfjs', 4, 'a', run, race), { completed: [], fenced: [], pruned: [] });
      assert.deepEqual(await store.storeFits(fits(x, [0.9, 0.92, 0.88, 0.9]), 'wasm', 'tfjs', 4, 'a', run, race), { completed: [x.id], fenced: [], pruned: [] });
      const pack = [...fits(y, [0.5, 0.52, 0.51]).slice(2), ...fits(z, [0.95, 0.9, 0.93])];
      assert.deepEqual(await store.storeFits(pack, 'wasm', 'tfjs', 4, 'a', run, race), { completed: [], fenced: [], pruned: [y.id] });
      const reader = await open(where, true);
      const looks = (await reader.userQuery('SELECT trial_id, folds_done, reference, shared, p, threshold, pruned FROM decisions ORDER BY id')).rows;
      assert.equal(looks.length, 2);
      assert.deepEqual(looks.map((l) => [l.trial_id, l.folds_done, l.reference, l.shared, l.pruned, l.threshold]), [[y.id, 3, x.key, 3, 1, 0.05], [z.id, 3, x.key, 3, 0, 0.05]]);
      assert.ok((looks[0].p as number) < 0.05);
      assert.equal(looks[1].p, null, 'a trial ahead is not tested');
      const [c] = await reader.sweepCounts();
      assert.deepEqual([c.done, c.running, c.pruned, c.fits_saved, c.fits_done], [1, 1, 1, 1, 10]);
      const scores = await reader.trialScores((await reader.sweep('s'))!);
      const pruned = scores.find((s) => s.trialKey === y.key)!;
      assert.deepEqual([pruned.state, pruned.prunedBy, pruned.prunedAfter, pruned.folds.size], ['pruned', x.key, 3, 3], 'stored folds are kept');
      assert.equal(pruned.prunedP, looks[0].p);
      assert.equal(scores.find((s) => s.trialKey === z.key)!.prunedBy, null);
      // A pruned trial is no one's: not claimable, and a late fit for it is refused.
      await sleep(20);
      assert.deepEqual((await store.claimTrials(sweep.id, 'b', 5, 0, never, 4)).map((r) => r.id), [z.id]);
      assert.deepEqual(await store.storeFits(fits(y, [0.5, 0.5, 0.5, 0.5]).slice(3), 'wasm', 'tfjs', 4, 'a', run, race), { completed: [], fenced: [y.id], pruned: [] });
      // copy keeps a pruned trial pruned, with its evidence (decisions stay behind).
      const copied = await open(fresh());
      await copied.loadDump((await store.dumpSweep('s'))!);
      const there = (await copied.trialScores((await copied.sweep('s'))!)).find((s) => s.trialKey === y.key)!;
      assert.deepEqual([there.state, there.prunedBy, there.prunedP, there.prunedAfter], ['pruned', x.key, pruned.prunedP, 3]);
    });

    test('userQuery is read-only: a write, even one hidden in DELETE ... RETURNING, is refused and changes nothing', async (t) => {
      if (skip()) return t.skip(String(skip()));
      const where = fresh();
      const store = await open(where);
      await store.createSweep(sweepRow, plan.trials);
      const reader = await open(where, true);
      await assert.rejects(reader.userQuery('DELETE FROM trials RETURNING id'), { name: 'UserError', message: /^query: .*(only statements that return rows|readonly)/ });
      await assert.rejects(reader.userQuery("UPDATE trials SET label = 'x'"), { name: 'UserError' });
      if (kind === 'postgres') await assert.rejects(reader.userQuery('SELECT 1; COMMIT; DELETE FROM trials'), { name: 'UserError' });
      await assert.rejects(reader.userQuery('SELEC 1'), { name: 'UserError', message: /^query: / });
      assert.deepEqual((await reader.userQuery('SELECT count(*) AS n FROM trials')).rows, [{ n: 2 }]);
    });
  });
}
