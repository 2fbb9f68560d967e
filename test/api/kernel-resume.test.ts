import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runSweep, UserError } from '../../src/index.js';
import { query, sweepDir, writeSweep } from '../runner/runner-fixture.js';

test('a sweep records its kernel with the run and every fold, resumes on it, and refuses to mix in the other', async () => {
  const { dir, db } = sweepDir();
  const file = writeSweep(dir, 'kern', 2, 2);
  const first = await runSweep(file, { db, workers: 2, kernel: 'relaxed' });
  assert.equal(first.outcome, 'completed');
  assert.deepEqual(query(db, 'SELECT DISTINCT backend, engine FROM fold_results'), [{ backend: 'wasm-relaxed-simd', engine: 'fused' }]);
  assert.deepEqual(query(db, 'SELECT backend, engine FROM runs'), [{ backend: 'wasm-relaxed-simd', engine: 'fused' }]);

  // Half the folds are lost, as after a crash; asking for the exact kernel now would mix two.
  const Database = (await import('better-sqlite3')).default;
  const raw = new Database(db);
  raw.exec("DELETE FROM fold_results WHERE fold >= 5; UPDATE trials SET state = 'pending'");
  raw.close();
  const before = query<{ n: number }>(db, 'SELECT count(*) AS n FROM fold_results')[0].n;
  await assert.rejects(
    runSweep(file, { db, workers: 1, kernel: 'simd' }),
    (e: unknown) => e instanceof UserError && /was computed with the wasm-relaxed-simd kernel; continuing it with wasm-simd would mix two kernels/.test(e.message),
  );
  assert.equal(query<{ n: number }>(db, 'SELECT count(*) AS n FROM fold_results')[0].n, before, 'nothing trained or stored');
  assert.equal(query<{ n: number }>(db, 'SELECT count(*) AS n FROM runs')[0].n, 1, 'no run started');

  // Without a choice it continues on the stored kernel, though these small models would get the exact one.
  let started = '';
  const resumed = await runSweep(file, { db, workers: 1, onStart: (s) => (started = s.backend) });
  assert.equal(resumed.outcome, 'completed');
  assert.equal(started, 'wasm-relaxed-simd');
  assert.deepEqual(query(db, 'SELECT DISTINCT backend FROM fold_results'), [{ backend: 'wasm-relaxed-simd' }]);
  assert.equal(query<{ n: number }>(db, 'SELECT count(*) AS n FROM fold_results')[0].n, 20);

  // A new sweep of the same small models: the exact kernel.
  const fresh = await runSweep(file, { db, workers: 1, new: true });
  assert.equal(fresh.outcome, 'completed');
  assert.deepEqual(query(db, 'SELECT DISTINCT r.backend FROM fold_results r JOIN trials t ON t.id = r.trial_id JOIN sweeps s ON s.id = t.sweep_id WHERE s.name = ?', fresh.sweep), [{ backend: 'wasm-simd' }]);
});
