import assert from 'node:assert/strict';
import { test } from 'node:test';
import { query, startRun, sweepDir, writeSweep } from './runner-fixture.js';

test('a sweep on the tfjs engine: the backend is chosen in the worker and stored per fold; resuming on another engine is refused', async () => {
  const { dir, db } = sweepDir();
  const file = writeSweep(dir, 'tf', 2, 2, '', '[8]');
  const r = await startRun([file, '--db', db, '--engine', 'tfjs', '--quiet']).done;
  assert.equal(r.code, 0, r.stderr);
  const rows = query<{ engine: string; backend: string; n: number }>(db, 'SELECT engine, backend, count(*) AS n FROM fold_results GROUP BY engine, backend');
  // No tfjs-node here (it cannot install without internet): the fastest backend that loads is wasm.
  assert.deepEqual(rows, [{ engine: 'tfjs', backend: 'wasm', n: 20 }]);
  assert.deepEqual(query(db, 'SELECT engine FROM sweeps'), [{ engine: 'tfjs' }]);
  const other = await startRun([file, '--db', db, '--engine', 'fused', '--quiet']).done;
  assert.equal(other.code, 2);
  assert.equal(other.stderr, 'dropsweep: sweep "tf" was run with the tfjs engine; resume it with --engine tfjs, or start a separate sweep with --new\n');
  // Without --engine, a resumed sweep keeps its own engine.
  const resumed = await startRun([file, '--db', db, '--quiet']).done;
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.equal(query<{ n: number }>(db, 'SELECT count(*) AS n FROM fold_results')[0].n, 20);
});
