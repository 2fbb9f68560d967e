import assert from 'node:assert/strict';
import { test } from 'node:test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers.js';
import { sweepDir, writeSweep } from '../runner/runner-fixture.js';

test('--db :memory: is refused (it would keep nothing), for a run and a read command alike', () => {
  const { dir } = sweepDir();
  const file = writeSweep(dir, 'mem', 1, 1);
  for (const args of [['run', file, '--quiet'], ['status']]) {
    const r = runCli([...args, '--db', ':memory:'], {}, dir);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr, 'dropsweep: --db :memory:: an in-memory database keeps nothing once the command ends; give a file path, e.g. results/dropsweep.sqlite\n');
  }
  assert.equal(existsSync(join(dir, ':memory:')), false);
});
