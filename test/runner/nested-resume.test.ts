import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { forEachStore } from '../store/both-stores.js';
import { pgQuery } from '../store/pg-fixture.js';
import { sweepDir } from './runner-fixture.js';
import { runNested, writeNestedSweep } from './nested-fixture.js';

forEachStore(({ kind, fresh, open, skip }) => {
  test(`nested on ${kind}: a rerun reuses the stored outer fits and trains only a missing one; no fold fit or outer fit is made twice`, async (t) => {
    if (skip()) return t.skip(String(skip()));
    const { dir } = sweepDir();
    const db = fresh();
    const file = writeNestedSweep(dir);
    const first = runNested(file, db);
    const store = await open(db, true);
    const q = async <T>(sql: string) => (await store.results.userQuery(sql)).rows as T[];
    // Each stored row's identity and time of making: a retrained fit gets a new row and a new time.
    const outerRows = async () => (await q<{ id: number; outer_fold: number; created_at: number }>('SELECT id, outer_fold, created_at FROM outer_fits ORDER BY outer_fold')).map((r) => [Number(r.id), Number(r.outer_fold), Number(r.created_at)]);
    const fits = async () => Number((await q<{ n: number }>('SELECT count(*) AS n FROM fold_results'))[0].n);
    const before = await outerRows();
    assert.equal(before.length, 3);
    assert.equal(await fits(), 3 * 2 * 3);
    assert.equal(first.outerFitsTrained, 3);

    const again = runNested(file, db);
    assert.deepEqual([again.outerFitsTrained, again.outerFitsReused], [0, 3]);
    assert.deepEqual(await outerRows(), before, 'the stored outer fits are the same rows: none retrained');
    assert.equal(await fits(), 3 * 2 * 3, 'no inner fold fit retrained');
    assert.deepEqual(again.folds, first.folds, 'the same numbers, read back');
    assert.deepEqual(again.estimate, first.estimate);

    // One outer fit lost (as if the run had stopped after the second): only it is trained again.
    const lose = 'DELETE FROM outer_fits WHERE outer_fold = 2';
    if (kind === 'sqlite') new Database(db).exec(lose);
    else await pgQuery(db, lose);
    const third = runNested(file, db);
    assert.deepEqual([third.outerFitsTrained, third.outerFitsReused], [1, 2]);
    const after = await outerRows();
    assert.deepEqual(after.slice(0, 2), before.slice(0, 2), 'the two stored outer fits untouched');
    assert.notEqual(after[2][2], before[2][2], 'the missing one stored anew (a new time of making)');
    assert.equal(await fits(), 3 * 2 * 3);
    // Training is seeded: the retrained fit scores what the lost one scored.
    assert.deepEqual(third.folds, first.folds);
  });
});
