import assert from 'node:assert/strict';
import { test } from 'node:test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers.js';
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

test('plan counts without running anything, and estimates from the measured speed and the data', () => {
  const empty = join(tempDir(), 'none.sqlite');
  const r = runCli(['plan', 'sweeps/dropout-grid.yaml', '--format', 'json', '--workers', '2', '--db', empty]);
  assert.equal(r.code, 0, r.stderr);
  // By hand: 6 rates x 4 placements x 4 max-norms x 3 lrs x 3 momenta = 864 points. Per (max-norm,
  // lr, momentum): rate 0 is one model whatever the placement, and placement none ignores the rate,
  // so 1 plain + 5 rates x 3 placements = 16 distinct: 576 trials, 36 plain and 540 with dropout.
  // Estimate: 10 folds x (36 x 1 + 360 x 1.1 (one dropout level) + 180 x 1.2 (both levels)) = 6480
  // baseline fits x 0.071 s x (187.2 / 187 training rows) / 2 workers = 230.3 s -> 230.
  assert.deepEqual(JSON.parse(r.stdout), {
    sweep: 'dropout-grid',
    gridPoints: 864,
    explicitTrials: 0,
    trials: 576,
    collapsed: 288,
    foldFits: 5760,
    folds: 10,
    repeats: 1,
    workers: 2,
    engine: 'fused',
    dataRows: 208,
    dataColumns: 60,
    estimatedSeconds: 230,
    speedFrom: 'benchmark',
  });
  assert.ok(!existsSync(empty), 'plan writes nothing');
});
