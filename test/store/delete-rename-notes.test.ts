import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { deleteSweep, openResults, renameSweep, setNote } from '../../src/index.js';
import { newOwner } from '../../src/runner/owner.js';
import { planSweep } from '../../src/sweep/planner.js';
import { claim, forEachStore, rawSql, result, spec, storePack, sweepRow } from './both-stores.js';

/** delete, rename and notes through the library, on SQLite and PostgreSQL. */
const plan = planSweep(spec([0.1, 0.2]));
const specJson = JSON.stringify({ name: 's', folds: 2, grid: { lr: [0.1, 0.2] } });
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

forEachStore(({ fresh, open, skip }) => {
  /** Two sweeps, s (one trial done with a run and a note; the other running under `owner`) and t; s-confirm when asked. */
  async function twoSweeps(owner: string, confirm = false) {
    const where = fresh();
    const store = await open(where);
    const s = await store.sweeps.create({ ...sweepRow, spec: specJson, spec_hash: sha(specJson) }, plan.trials);
    const t = await store.sweeps.create({ ...sweepRow, name: 't' }, plan.trials);
    if (confirm) await store.sweeps.create({ ...sweepRow, name: 's-confirm' }, plan.trials);
    const run = await store.leases.startRun({ sweepId: s.id, owner, backend: null, engine: 'tfjs', workers: 1 });
    const [first] = await claim(store, { sweepId: s.id, owner, limit: 1 });
    await storePack(store, [0, 1].map((fold) => ({ trialId: first.id, fold, repeat: 0, token: first.token, seed: 'x', result: result(0.75) })), { owner, run: { id: run, trained: 2 } });
    await claim(store, { sweepId: s.id, owner, limit: 1 });
    await claim(store, { sweepId: t.id, owner: 'other', limit: 1 });
    await setNote('first trial', { db: where, sweep: 's', trial: first.key.slice(0, 6) });
    return { where, store, first };
  }
  const count = async (where: string, sql: string) => Number((await rawSql(where, sql))[0].n);

  test('delete takes the sweep with its trials, fold results, runs and notes in one go; other sweeps keep theirs', async (t) => {
    if (skip()) return t.skip(String(skip()));
    const { where } = await twoSweeps('gone:1:x', true);
    // The runner holding a trial of s is not alive (its heartbeat is a minute and more old).
    await rawSql(where, "UPDATE trials SET heartbeat_at = heartbeat_at - 120 WHERE state = 'running'");
    const out = await deleteSweep({ db: where, sweep: 's' });
    assert.deepEqual({ ...out, db: undefined }, { db: undefined, sweep: 's', trials: 2, folds: 2, notes: 1, confirmationKept: 's-confirm' });
    const results = await openResults(where);
    try {
      assert.deepEqual((await results.sweeps()).map((s) => s.name), ['t', 's-confirm']);
    } finally {
      await results.close();
    }
    assert.equal(await count(where, 'SELECT count(*) AS n FROM trials'), 4, "t's and s-confirm's trials stay");
    assert.equal(await count(where, 'SELECT count(*) AS n FROM fold_results'), 0);
    assert.equal(await count(where, 'SELECT count(*) AS n FROM runs'), 0);
    assert.equal(await count(where, 'SELECT count(*) AS n FROM notes'), 0);
    await assert.rejects(deleteSweep({ db: where, sweep: 's' }), { message: /^unknown sweep "s" in .*; did you mean "t"\?/, exitCode: 2 });
  });

  test('delete and rename are refused, changing nothing, while a runner holds live leases on the sweep; a dead or silent runner does not count', async (t) => {
    if (skip()) return t.skip(String(skip()));
    // This process is the runner: alive, heartbeat just now.
    const { where } = await twoSweeps(newOwner());
    await assert.rejects(deleteSweep({ db: where, sweep: 's' }), (err: Error & { exitCode: number }) => {
      assert.match(err.message, /^cannot delete sweep "s": a runner holds live leases on it: .+ \(1 trial\(s\), heartbeat \d+ s ago\); stop it first/);
      return err.exitCode === 2;
    });
    await assert.rejects(renameSweep({ db: where, sweep: 's', to: 'u' }), { message: /^cannot rename sweep "s": a runner holds live leases/ });
    assert.equal(await count(where, "SELECT count(*) AS n FROM sweeps WHERE name = 's'"), 1);
    assert.equal(await count(where, 'SELECT count(*) AS n FROM fold_results'), 2);
    // Its heartbeat a minute old: gone, or about to lose its leases anyway.
    await rawSql(where, "UPDATE trials SET heartbeat_at = heartbeat_at - 61 WHERE state = 'running'");
    assert.equal((await renameSweep({ db: where, sweep: 's', to: 'u' })).to, 'u');
    assert.equal((await deleteSweep({ db: where, sweep: 'u' })).trials, 2);
  });

  test('rename takes the confirmation along, renames the stored spec (the file with the new name resumes it) and refuses a taken name', async (t) => {
    if (skip()) return t.skip(String(skip()));
    const { where, store, first } = await twoSweeps('gone:1:x', true);
    await rawSql(where, "UPDATE trials SET heartbeat_at = heartbeat_at - 120 WHERE state = 'running'");
    await assert.rejects(renameSweep({ db: where, sweep: 's', to: 't' }), { message: /^option --to: a sweep named "t" is already in /, exitCode: 2 });
    await assert.rejects(renameSweep({ db: where, sweep: 's', to: 'bad name' }), { message: 'option to: "bad name" is not a name of letters, digits, ".", "_" or "-" (at most 64)', exitCode: 2 });
    await assert.rejects(renameSweep({ db: where, sweep: 'nope', to: 'x' }), /unknown sweep "nope"/);
    const out = await renameSweep({ db: where, sweep: 's', to: 'night' });
    assert.deepEqual(out.confirmation, { from: 's-confirm', to: 'night-confirm' });
    assert.deepEqual(await store.results.sweepNames(), ['night', 't', 'night-confirm']);
    const renamed = (await store.results.sweep('night'))!;
    const expected = JSON.stringify({ name: 'night', folds: 2, grid: { lr: [0.1, 0.2] } });
    assert.equal(renamed.spec, expected);
    assert.equal(renamed.spec_hash, sha(expected), 'the hash the sweep file with name: night gives');
    // Trials, folds and notes stay with it.
    const results = await openResults(where);
    try {
      const detail = await results.trial(`night/${first.key}`);
      assert.deepEqual([detail.foldsDone, detail.note], [2, 'first trial']);
    } finally {
      await results.close();
    }
  });

  test('a note per trial and one on the sweep: written, replaced, removed; read back as text by Results', async (t) => {
    if (skip()) return t.skip(String(skip()));
    const { where, first } = await twoSweeps('gone:1:x');
    const other = plan.trials.find((p) => p.key !== first.key)!;
    const markup = '<img src=x onerror=alert(1)> & "quotes"\nsecond line';
    assert.deepEqual((await setNote(markup, { db: where, sweep: 's', trial: other.key })).replaced, false);
    assert.deepEqual((await setNote('replaced', { db: where, sweep: 's', trial: first.key })).replaced, true);
    await setNote('about the sweep', { db: where, sweep: 's' });
    const results = await openResults(where);
    try {
      const notes = await results.notes('s');
      assert.equal(notes.note, 'about the sweep');
      assert.deepEqual(new Map(notes.trials.map((n) => [n.trialKey, n.note])), new Map([[first.key, 'replaced'], [other.key, markup]]));
      assert.ok(notes.trials.every((n) => !Number.isNaN(Date.parse(n.noteAt))));
      assert.equal((await results.trial(`s/${other.key}`)).note, markup);
    } finally {
      await results.close();
    }
    assert.deepEqual((await setNote(null, { db: where, sweep: 's', trial: first.key })).replaced, true);
    assert.deepEqual((await setNote(null, { db: where, sweep: 's', trial: first.key })).replaced, false);
    assert.equal(await count(where, 'SELECT count(*) AS n FROM notes'), 2);
    await assert.rejects(setNote('x\u001b[31m', { db: where, sweep: 's' }), { message: 'setNote: the note: has a control character (a terminal would act on it)', exitCode: 2 });
    await assert.rejects(setNote('x'.repeat(2001), { db: where, sweep: 's' }), /is 2001 characters long; at most 2000/);
    await assert.rejects(setNote('  ', { db: where, sweep: 's' }), /the note is empty/);
    await assert.rejects(setNote('x', { db: where, sweep: 's', trial: 'ffff' }), /no trial with key ffff/);
    await assert.rejects(setNote('x', { db: where, sweep: 's', tiral: 'ffff' } as never), /unknown option "tiral".*did you mean "trial"/);
    assert.equal(await count(where, 'SELECT count(*) AS n FROM notes'), 2, 'nothing written by a refused note');

    // copy carries the notes, matched by trial key; copying twice adds none, and a note already there is kept.
    const source = await open(where);
    const copyAt = fresh();
    const target = await open(copyAt);
    await target.copier.load((await source.copier.dump('s'))!);
    await target.copier.load((await source.copier.dump('s'))!);
    const copied = await openResults(copyAt);
    try {
      const notes = await copied.notes('s');
      assert.equal(notes.note, 'about the sweep');
      assert.deepEqual(notes.trials.map((n) => [n.trialKey, n.note]), [[other.key, markup]]);
    } finally {
      await copied.close();
    }
    await setNote('theirs', { db: where, sweep: 's' });
    await target.copier.load((await source.copier.dump('s'))!);
    assert.equal(await count(copyAt, 'SELECT count(*) AS n FROM notes'), 2);
    assert.deepEqual(await rawSql(copyAt, 'SELECT text FROM notes WHERE trial_id IS NULL'), [{ text: 'about the sweep' }]);
  });
});
