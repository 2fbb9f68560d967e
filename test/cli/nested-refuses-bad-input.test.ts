import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI } from '../helpers.js';
import { sweepDir } from '../runner/runner-fixture.js';

const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
const oneLine = (stderr: string) => stderr.trim().split('\n').length === 1;

test('nested and plan refuse a bad --outer, and nested an inner sweep file, with one line and exit 2, before touching a database', () => {
  const { dir, db } = sweepDir();
  const file = join(dir, 'n.yaml');
  writeFileSync(file, 'name: n\nfolds: 3\ngrid:\n  lr: [0.03]\n');
  for (const outer of ['1', '101', '2.5', 'five', '-3']) {
    for (const command of ['nested', 'plan']) {
      const r = cli([command, file, '--outer', outer, '--db', db]);
      assert.equal(r.status, 2, `${command} --outer ${outer}: ${r.stderr}`);
      assert.match(r.stderr, /^dropsweep: option --outer: /, `${command} --outer ${outer}`);
      assert.ok(oneLine(r.stderr), r.stderr);
    }
  }
  writeFileSync(file, 'name: n\nfolds: 3\nouter: { folds: 3, fold: 0, seed: 7 }\ngrid:\n  lr: [0.03]\n');
  const inner = cli(['nested', file, '--outer', '3', '--db', db]);
  assert.equal(inner.status, 2);
  assert.match(inner.stderr, /already an inner sweep of nested cross-validation/);
  assert.ok(oneLine(inner.stderr));
  writeFileSync(file, 'name: n\nfolds: 3\nouter: { folds: 3, fold: 3, seed: 7 }\ngrid:\n  lr: [0.03]\n');
  const bad = cli(['run', file, '--db', db]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /outer\.fold/);
  assert.equal(existsSync(db), false, 'no database was made');
});

test('the library refuses a bad outer count with the same one line, before touching a database', async () => {
  const { dir, db } = sweepDir();
  const file = join(dir, 'n.yaml');
  writeFileSync(file, 'name: n\nfolds: 3\ngrid:\n  lr: [0.03]\n');
  const { nestedSweep, UserError } = await import('../../src/index.js');
  for (const outer of [1, 0.5, 101, NaN]) {
    await assert.rejects(nestedSweep(file, { db, outer }), (err: unknown) => err instanceof UserError && /^option outer: /.test(err.message) && err.exitCode === 2);
  }
  assert.equal(existsSync(db), false);
});
