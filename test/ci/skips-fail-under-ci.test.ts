import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../helpers.js';

/**
 * scripts/run-tests.js counts skips for every file at once: under CI a test that did not run fails
 * the whole run, whatever the file did; elsewhere it is listed and the run passes.
 */
const RUN_TESTS = resolve('scripts/run-tests.js');

function runTests(files: Record<string, string>, ci: boolean) {
  const root = tempDir('dropsweep-ci-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
  const env: NodeJS.ProcessEnv = { ...process.env, DROPSWEEP_TEST_ROOT: root };
  // Not a subtest of this run: node's runner would refuse to start files from within a test.
  delete env.NODE_TEST_CONTEXT;
  if (ci) env.CI = '1';
  else delete env.CI;
  return spawnSync(process.execPath, [RUN_TESTS], { encoding: 'utf8', env });
}

const passing = "import { test } from 'node:test';\ntest('holds', () => {});\n";
const skipping = "import { test } from 'node:test';\nimport { describe } from 'node:test';\ndescribe('suite', () => { test('needs a browser', (t) => { t.skip('no browser here'); }); });\ntest('later', { todo: 'not written' }, () => {});\n";

test('under CI=1 a skipped or todo test fails the run and is named; without CI the run passes and lists it', () => {
  const ci = runTests({ 'a.test.js': passing, 'b.test.js': skipping }, true);
  assert.equal(ci.status, 1, ci.stdout + ci.stderr);
  assert.match(ci.stderr, /2 test\(s\) did not run:\n {2}skipped: needs a browser \(no browser here\)\n {2}todo: later \(not written\)\nCI is set: a test that did not run is a failure/);
  const local = runTests({ 'a.test.js': passing, 'b.test.js': skipping }, false);
  assert.equal(local.status, 0, local.stdout + local.stderr);
  assert.match(local.stderr, /2 test\(s\) did not run:/);
  assert.doesNotMatch(local.stderr, /CI is set/);
});

test('under CI=1 a run with no skip passes, and a failing test still fails it', () => {
  assert.equal(runTests({ 'a.test.js': passing }, true).status, 0);
  const failing = runTests({ 'a.test.js': "import { test } from 'node:test';\ntest('breaks', () => { throw new Error('no'); });\n" }, true);
  assert.equal(failing.status, 1);
  assert.doesNotMatch(failing.stderr, /did not run/);
});
