import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../helpers.js';

/**
 * The mutation runner runs only the tests that reached a mutant (scripts/mutation-runner.js), so
 * each test of the mutation sets must pass without the tests declared before it:
 * scripts/mutation-tests-alone.js runs each one alone, last declared first.
 */
function alone(set: string, cwd = process.cwd()) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  return spawnSync(process.execPath, [resolve('scripts/mutation-tests-alone.js'), set], { cwd, encoding: 'utf8', env });
}

test('every test of the pure mutation set passes alone', () => {
  const run = alone('pure');
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /^pure: [1-9]\d{2,} tests run alone, 0 failed\n$/);
});

test('every test of the store mutation set passes alone (SQLite)', () => {
  const run = alone('store');
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /^store: [1-9]\d+ tests run alone, 0 failed\n$/);
});

test('a test that needs the one declared before it is named', () => {
  const root = tempDir('dropsweep-alone-');
  mkdirSync(join(root, 'dist/test/stats'), { recursive: true });
  writeFileSync(
    join(root, 'dist/test/stats/order.test.js'),
    "import assert from 'node:assert/strict';\nimport { test } from 'node:test';\nlet made = false;\ntest('makes', () => { made = true; });\ntest('uses', () => assert.ok(made, 'nothing made'));\n",
  );
  const run = alone('pure', root);
  assert.equal(run.status, 1, run.stdout + run.stderr);
  assert.equal(run.stdout, 'fails alone: dist/test/stats/order.test.js > uses: nothing made\npure: 2 tests run alone, 1 failed\n');
});
