import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { tempDir } from '../helpers.js';

/**
 * The fresh-process test command of `npm run mutate` (scripts/mutation-tests.js: static mutants and
 * SQL mutants), in a folder of its own laid out like Stryker's sandbox: a mutant runs only the test
 * files that import its module, the quickest first, and stops at the first failure; a file that
 * spins past its limit is ended by the watchdog.
 */
const SCRIPTS = ['mutation-tests.js', 'mutation-test-files.js', 'mutation-reporter.js', 'mutation-watchdog.js'];

function sandbox(files: Record<string, string>): string {
  const root = tempDir('dropsweep-mutate-');
  mkdirSync(join(root, 'scripts'));
  for (const s of SCRIPTS) copyFileSync(resolve('scripts', s), join(root, 'scripts', s));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

function mutationTests(root: string, mutant?: string) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Not a subtest of this run: the command is a test process of its own.
  delete env.NODE_TEST_CONTEXT;
  delete env.__STRYKER_ACTIVE_MUTANT__;
  if (mutant !== undefined) env.__STRYKER_ACTIVE_MUTANT__ = mutant;
  return spawnSync(process.execPath, ['--test-reporter=./scripts/mutation-reporter.js', 'scripts/mutation-tests.js'], { cwd: root, encoding: 'utf8', env });
}

// A stand-in for an instrumented module holding mutant 3's switch; it says when it is loaded.
const INSTRUMENTED = "import { writeFileSync } from 'node:fs';\nwriteFileSync('m.loaded', process.env.__STRYKER_ACTIVE_MUTANT__ ?? 'none');\nexport const on = () => globalThis.process.env.__STRYKER_ACTIVE_MUTANT__ === '3'; // stryMutAct_9fa48(\"3\")\n";
const marks = (name: string) => `import { writeFileSync } from 'node:fs';\nwriteFileSync('${name}.loaded', '');\n`;

test('a static mutant runs the test files that import its module (directly or through another), with the mutant on from the start, and no other', () => {
  const root = sandbox({
    'dist/src/m.js': INSTRUMENTED,
    'dist/src/via.js': "export { on } from './m.js';\n",
    'dist/test/stats/direct.test.js': `${marks('direct')}import { test } from 'node:test';\nimport { on } from '../../src/m.js';\ntest('notices', () => { if (on()) throw new Error('mutant 3 is on'); });\n`,
    'dist/test/stats/indirect.test.js': `${marks('indirect')}import { test } from 'node:test';\nimport '../../src/via.js';\ntest('passes', () => {});\n`,
    'dist/test/stats/unrelated.test.js': `${marks('unrelated')}import { test } from 'node:test';\ntest('passes', () => {});\n`,
  });
  // The in-process dry run's times: the indirect importer is the quicker, so it runs first.
  const file = (f: string) => join(root, 'dist/test/stats', f);
  writeFileSync(join(root, '.mutation-file-times-pure.json'), JSON.stringify({ fileMs: { [file('direct.test.js')]: 50, [file('indirect.test.js')]: 10, [file('unrelated.test.js')]: 1 } }));
  const run = mutationTests(root, '3');
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stderr, /failed: notices \(.*direct\.test\.js\)\n {2}mutant 3 is on/);
  assert.equal(readFileSync(join(root, 'm.loaded'), 'utf8'), '3', 'the module was not loaded with the mutant on');
  assert.ok(existsSync(join(root, 'indirect.loaded')), 'a file importing the module through another did not run');
  assert.equal(existsSync(join(root, 'unrelated.loaded')), false, 'a file that does not import the module ran');
});

test('a mutant runs the quickest importing file first and stops at its first failure', () => {
  const slowPasses = `import { writeFileSync } from 'node:fs';\nimport { test } from 'node:test';\nimport '../../src/seven.js';\ntest('passes after 30 s', async () => { await new Promise((r) => setTimeout(r, 30_000)); writeFileSync('slow.ran', ''); });\n`;
  const quickFails = "import { test } from 'node:test';\nimport '../../src/seven.js';\ntest('breaks', () => { throw new Error('killed it'); });\n";
  const root = sandbox({
    'dist/src/seven.js': 'export const seven = 7; // stryMutAct_9fa48("7")\n',
    'dist/test/report/a-slow.test.js': slowPasses,
    'dist/test/report/b-quick.test.js': quickFails,
    'dist/test/report/c-unreached.test.js': marks('unreached'),
  });
  const file = (f: string) => join(root, 'dist/test/report', f);
  const measured = { fileMs: { [file('a-slow.test.js')]: 900, [file('b-quick.test.js')]: 80, [file('c-unreached.test.js')]: 10 } };
  writeFileSync(join(root, '.mutation-file-times-pure.json'), JSON.stringify(measured));
  const run = mutationTests(root, '7');
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stderr, /failed: breaks \(.*b-quick\.test\.js\)\n {2}killed it/);
  assert.equal(existsSync(join(root, 'slow.ran')), false, 'the slower file ran to its end after the failure');
  assert.equal(existsSync(join(root, 'unreached.loaded')), false, 'a file that does not import the mutant was loaded');
});

test('the watchdog ends a process that spends more CPU time in a file than its limit, and says so', () => {
  const watchdog = pathToFileURL(resolve('scripts/mutation-watchdog.js')).href;
  // Spins until `seconds` of CPU time in file `n` (limits: file 0 200 s, file 1 0.2 s).
  const spin = (n: number, seconds: number) =>
    spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `import { startWatchdog } from '${watchdog}';\nstartWatchdog([100000, 50], 100).enter(${n});\nwhile (process.cpuUsage().user < ${seconds * 1e6}) {}\n`],
      { encoding: 'utf8', env: { ...process.env, __STRYKER_ACTIVE_MUTANT__: '12' } },
    );
  const ended = spin(1, 3);
  assert.equal(ended.signal, 'SIGKILL', ended.stderr);
  assert.match(ended.stderr, /^timed out: mutant 12, \d+\.\d s of CPU in test file 2 of 2 \(limit 0\.2 s\)\n$/);
  // Half a second in the file allowed 200 s.
  const finished = spin(0, 0.5);
  assert.equal(finished.status, 0, finished.stderr);
});
