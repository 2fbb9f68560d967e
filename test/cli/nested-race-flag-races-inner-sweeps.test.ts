import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { CLI } from '../helpers.js';
import { writeNestedSweep } from '../runner/nested-fixture.js';
import { query, sweepDir } from '../runner/runner-fixture.js';

const nested = (args: string[]) => spawnSync(process.execPath, [CLI, 'nested', ...args, '--outer', '2', '--workers', '1', '--quiet'], { encoding: 'utf8' });

test('nested --race races every inner sweep with racing defaults stored with it; without the flag none races', () => {
  const raced = sweepDir();
  const r = nested([writeNestedSweep(raced.dir), '--db', raced.db, '--race']);
  assert.equal(r.status, 0, r.stderr);
  const rows = query<{ name: string; race: string | null }>(raced.db, 'SELECT name, race FROM sweeps ORDER BY name');
  assert.deepEqual(rows.map((s) => s.name), ['n-outer-1', 'n-outer-2']);
  // Racing's defaults, its tests capped so the last leaves a fold to save: one test in a 3-fold sweep.
  for (const s of rows) assert.deepEqual(JSON.parse(s.race ?? 'null'), { minFolds: 2, tests: 1, alpha: 0.05, stopDiverged: true }, s.name);

  const plain = sweepDir();
  const p = nested([writeNestedSweep(plain.dir), '--db', plain.db]);
  assert.equal(p.status, 0, p.stderr);
  assert.deepEqual(query<{ race: string | null }>(plain.db, 'SELECT race FROM sweeps').map((s) => s.race), [null, null]);
});
