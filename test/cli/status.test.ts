import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers.js';
import { startRun, sweepDir, writeSweep } from '../runner/runner-fixture.js';

test('status lists each sweep with its counts, as a table and as JSON', async () => {
  const { dir, db } = sweepDir();
  const file = writeSweep(dir, 'st', 2, 1);
  assert.equal((await startRun([file, '--db', db, '--quiet']).done).code, 0);
  const json = runCli(['status', '--db', db, '--format', 'json']);
  assert.equal(json.code, 0, json.stderr);
  const [row] = JSON.parse(json.stdout);
  assert.equal(row.sweep, 'st');
  assert.equal(row.trials, 2);
  assert.equal(row.done, 2);
  assert.equal(row.pending, 0);
  assert.equal(row.foldFits, 20);
  assert.equal(row.foldFitsTotal, 20);
  assert.equal(row.etaSeconds, 0);
  assert.ok(row.fitsPerSecond > 0);
  assert.ok(row.best > 0 && row.best <= 1);
  const table = runCli(['status', '--db', db]);
  assert.match(table.stdout, /│ st +│ 2 +│ 2 +│ 0 +│ 0 +│ 0 +│ 20\/20 /);
  const missing = runCli(['status', '--db', `${dir}/nope.sqlite`]);
  assert.equal(missing.code, 2);
  assert.equal(
    missing.stderr,
    `dropsweep: ${dir}/nope.sqlite: no database here (looked at ${dir}/nope.sqlite). Run a sweep first (dropsweep run sweeps/tutorial.yaml), or pass --db or set DROPSWEEP_DB\n`,
  );
});

test('plan counts without running anything', () => {
  const r = runCli(['plan', 'sweeps/dropout-grid.yaml', '--format', 'json', '--workers', '2']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual({ ...out, estimatedSeconds: typeof out.estimatedSeconds }, {
    sweep: 'dropout-grid', gridPoints: 864, explicitTrials: 0, trials: 576, collapsed: 288, foldFits: 5760, workers: 2, engine: 'fused', estimatedSeconds: 'number',
  });
});
