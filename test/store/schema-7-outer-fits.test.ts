import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { migrateDatabase } from '../../src/index.js';
import type { NewOuterFit } from '../../src/store/store.js';
import { MIGRATIONS as SQLITE } from '../../src/store/sqlite/migrations.js';
import { MIGRATIONS as POSTGRES } from '../../src/store/postgres/migrations.js';
import { forEachStore } from './both-stores.js';
import { pgQuery } from './pg-fixture.js';

/** A database at schema 6 with one sweep, as dropsweep left it before outer fits were stored. */
async function schema6(kind: 'sqlite' | 'postgres', where: string): Promise<void> {
  const steps = [
    'CREATE TABLE schema_version (version INTEGER NOT NULL)',
    ...[1, 2, 3, 4, 5, 6].flatMap((v) => [(kind === 'sqlite' ? SQLITE : POSTGRES)[v], `INSERT INTO schema_version (version) VALUES (${v})`]),
    "INSERT INTO sweeps (id, name, spec, spec_hash, data, seed, folds, repeats, engine, created_at) VALUES (5, 'n-outer-1', '{}', 'h', 'sonar', 7, 2, 1, 'fused', 'then')",
  ];
  if (kind === 'sqlite') {
    const d = new Database(where);
    for (const s of steps) d.exec(s);
    d.close();
    return;
  }
  const schema = new URL(where).searchParams.get('schema')!;
  const base = new URL(where);
  base.searchParams.delete('schema');
  await pgQuery(base.toString(), `CREATE SCHEMA ${schema}`);
  for (const s of steps) await pgQuery(where, s);
}

const fit = (winner: string, accuracy: number | null): NewOuterFit => ({
  sweep_id: 5,
  nested: 'n',
  outer_folds: 3,
  outer_fold: 0,
  metric: 'accuracy',
  winner_key: winner,
  inner_score: 0.8,
  outer_score: accuracy ?? 0.53,
  test_rows: 70,
  accuracy,
  balanced_accuracy: accuracy,
  macro_f1: accuracy,
  log_loss: accuracy === null ? null : 0.4,
  roc_auc: null,
  diverged: accuracy === null ? 1 : 0,
  epochs_run: 40,
  seconds: 0.5,
  engine: 'fused',
  backend: 'wasm-simd',
  seed: '7-outer/w/0/0',
});

forEachStore(({ kind, fresh, open, skip }) => {
  test(`schema 7 on ${kind}: a schema-6 database is left alone by reads and gains outer_fits through migrate; an outer fit is stored once per inner sweep, replaced for another winner, and deleted with its sweep`, async (t) => {
    if (skip()) return t.skip(String(skip()));
    const where = fresh();
    await schema6(kind, where);
    await assert.rejects(open(where, true), /schema 6, made by an older dropsweep.*dropsweep migrate/, 'a read command never migrates');
    assert.equal((await migrateDatabase(where)).schema, 7);
    const store = await open(where);
    assert.deepEqual(await store.results.outerFits('n'), []);
    await store.outerFits.save(fit('a', 0.8));
    await store.outerFits.save(fit('b', null));
    const rows = await store.results.outerFits('n');
    assert.equal(rows.length, 1, 'one outer fit per inner sweep: the second replaced the first');
    assert.deepEqual(
      { sweep: rows[0].sweep, winner: rows[0].winner_key, accuracy: rows[0].accuracy, outer: rows[0].outer_score, diverged: Number(rows[0].diverged), roc: rows[0].roc_auc },
      { sweep: 'n-outer-1', winner: 'b', accuracy: null, outer: 0.53, diverged: 1, roc: null },
    );
    assert.deepEqual(await store.results.outerFits('other'), [], 'read by the nested name');
    const reader = await open(where, true);
    await assert.rejects(reader.outerFits.save(fit('c', 0.7)), 'a read-only store refuses the write');
    await store.sweeps.remove('n-outer-1', () => false);
    assert.deepEqual(await store.results.outerFits('n'), [], 'deleted with its inner sweep');
  });
});
