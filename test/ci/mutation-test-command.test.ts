import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { tempDir } from '../helpers.js';

/**
 * The per-mutant test command of `npm run mutate` (scripts/mutation-tests.js), in a folder of its
 * own laid out like Stryker's sandbox: the dry run (no mutant) measures which test file reaches
 * which mutant; a mutant then runs only those files, the quickest first, and stops at the first
 * failure; a file that spins past its limit is ended by the watchdog.
 */
const SCRIPTS = ['mutation-tests.js', 'mutation-reporter.js', 'mutation-watchdog.js', 'mutation-coverage-hook.js'];

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

// A stand-in for an instrumented module: calling it covers mutant 3, as Stryker's counters would.
const INSTRUMENTED = "export function covered() { globalThis.__stryker__ ??= { mutantCoverage: { static: {} } }; globalThis.__stryker__.mutantCoverage.static['3'] = 1; } // stryMutAct_9fa48\n";
const marks = (name: string) => `import { writeFileSync } from 'node:fs';\nwriteFileSync('${name}.loaded', '');\n`;

test('the dry run records the files that reach each mutant (in their own process or a child) and their CPU time; a mutant then runs only the files that reached it', () => {
  const root = sandbox({
    'dist/src/m.js': INSTRUMENTED,
    'dist/test/stats/reaches.test.js': `${marks('reaches')}import { test } from 'node:test';\nimport { covered } from '../../src/m.js';\ntest('calls it', () => covered());\n`,
    'dist/test/stats/misses.test.js': `${marks('misses')}import { test } from 'node:test';\nimport '../../src/m.js';\ntest('does not call it', () => {});\n`,
    // Reaches it in a child process only, as a test that runs the CLI does.
    'dist/test/stats/via-child.test.js': `import { spawnSync } from 'node:child_process';\nimport { test } from 'node:test';\ntest('a child calls it', () => { spawnSync(process.execPath, ['--input-type=module', '-e', "import { covered } from './dist/src/m.js'; covered();"]); });\n`,
  });
  const dry = mutationTests(root);
  assert.equal(dry.status, 0, dry.stderr);
  const measured = JSON.parse(readFileSync(join(root, '.mutant-coverage-pure.json'), 'utf8'));
  assert.deepEqual(Object.keys(measured.reach), ['3']);
  assert.deepEqual([...measured.reach['3']].sort(), [join(root, 'dist/test/stats/reaches.test.js'), join(root, 'dist/test/stats/via-child.test.js')]);
  for (const f of ['misses', 'reaches']) assert.ok(measured.cpu[join(root, `dist/test/stats/${f}.test.js`)] > 0, `${f}: ${JSON.stringify(measured.cpu)}`);

  // The dry run's children loaded both files; now see which one the mutant's run loads.
  for (const f of ['misses', 'reaches']) rmSync(join(root, `${f}.loaded`));
  const run = mutationTests(root, '3');
  assert.equal(run.status, 0, run.stderr);
  assert.ok(existsSync(join(root, 'reaches.loaded')), 'the file that reached the mutant did not run');
  assert.equal(existsSync(join(root, 'misses.loaded')), false, 'a file that did not reach the mutant was loaded');
});

test('a mutant runs the quickest reaching file first and stops at its first failure', () => {
  const slowPasses = `import { writeFileSync } from 'node:fs';\nimport { test } from 'node:test';\ntest('passes after 30 s', async () => { await new Promise((r) => setTimeout(r, 30_000)); writeFileSync('slow.ran', ''); });\n`;
  const quickFails = "import { test } from 'node:test';\ntest('breaks', () => { throw new Error('killed it'); });\n";
  const root = sandbox({
    'dist/test/report/a-slow.test.js': slowPasses,
    'dist/test/report/b-quick.test.js': quickFails,
    'dist/test/report/c-unreached.test.js': marks('unreached'),
  });
  const file = (f: string) => join(root, 'dist/test/report', f);
  const measured = { cpu: { [file('a-slow.test.js')]: 900, [file('b-quick.test.js')]: 80, [file('c-unreached.test.js')]: 10 }, reach: { '7': [file('a-slow.test.js'), file('b-quick.test.js')] } };
  writeFileSync(join(root, '.mutant-coverage-pure.json'), JSON.stringify(measured));
  const run = mutationTests(root, '7');
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stderr, /failed: breaks \(.*b-quick\.test\.js\)\n {2}killed it/);
  assert.equal(existsSync(join(root, 'slow.ran')), false, 'the slower file ran to its end after the failure');
  assert.equal(existsSync(join(root, 'unreached.loaded')), false, 'a file that did not reach the mutant was loaded');
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
