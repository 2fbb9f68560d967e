import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { tempDir } from '../helpers.js';

/**
 * The in-process test runner of `npm run mutate` (scripts/mutation-runner.js, a Stryker plugin),
 * driven as Stryker drives it, in a folder laid out like Stryker's sandbox: compiled tests under
 * dist/test, an instrumented module under dist/src.
 */

// A stand-in for Stryker's instrumented code: cover() counts a mutant for the running test (or as
// static, outside any test), active() is the mutant switch with Stryker's hit limit.
const INSTRUMENTED = `
const ns = (globalThis.__stryker__ ??= {});
if (ns.activeMutant === undefined && process.env.__STRYKER_ACTIVE_MUTANT__) ns.activeMutant = process.env.__STRYKER_ACTIVE_MUTANT__;
function cover(id) {
  const cov = (ns.mutantCoverage ??= { static: {}, perTest: {} });
  const into = ns.currentTestId ? (cov.perTest[ns.currentTestId] ??= {}) : cov.static;
  into[id] = (into[id] ?? 0) + 1;
}
function active(id) {
  if (ns.activeMutant !== id) return false;
  if (ns.hitCount !== undefined && ++ns.hitCount > ns.hitLimit) throw new Error('Stryker: Hit count limit reached');
  return true;
}
// Mutant 1 is in the module's top level: static. stryMutAct_9fa48("1")
cover('1');
export const loaded = active('1') ? 'mutated' : 'plain';
export function add(a, b) { cover('2'); return active('2') ? a - b : a + b; }
export function fixture() { cover('3'); return active('3') ? [] : [1, 2]; }
export function spin() { cover('4'); let n = 0; while (active('4') || n < 1) n++; return n; }
`;
const log = (what: string) => `appendFileSync('runs.log', ${JSON.stringify(what)} + '\\n')`;
const FILES = {
  'dist/src/m.js': INSTRUMENTED,
  // A stand-in for src/stats/memo.ts: the runner empties it before each test.
  'dist/src/stats/memo.js': `import { appendFileSync } from 'node:fs';\nexport function forgetAll() { ${log('forget')}; }\n`,
  'dist/test/stats/a-suite.test.js': `import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { after, before, beforeEach, describe, test } from 'node:test';
import { add, fixture, loaded, spin } from '../../src/m.js';
describe('suite', () => {
  let rows;
  before(() => { rows = fixture(); ${log('before')}; });
  after(() => ${log('after')});
  beforeEach(() => ${log('beforeEach')});
  test('adds', () => { ${log('adds')}; assert.equal(add(2, 3), 5); });
  test('uses the fixture', () => { ${log('fixture')}; assert.equal(rows.length, 2); });
  test('skips itself', (t) => { t.skip('not here'); });
});
test('is loaded plain', () => { ${log('loaded')}; assert.equal(loaded, 'plain'); });
test('spins', () => { ${log('spins')}; assert.equal(spin(), 1); });
`,
  'dist/test/stats/b-slow.test.js': `import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { test } from 'node:test';
import { add } from '../../src/m.js';
test('adds slowly', async () => { await new Promise((r) => setTimeout(r, 300)); ${log('slow')}; assert.equal(add(1, 1), 2); });
`,
};

/** Drives the plugin in `root` as Stryker does (init, dry run, then each run in `runs`); returns its JSON answers. */
function drive(root: string, runs: object[], set = 'pure') {
  const plugin = pathToFileURL(resolve('scripts/mutation-runner.js')).href;
  const script = `import { strykerPlugins } from '${plugin}';
const Runner = strykerPlugins[0].injectableClass;
const runner = new Runner({ nodeTestInProcess: { set: '${set}' } });
await runner.init();
const dry = await runner.dryRun({ coverageAnalysis: 'perTest', timeout: 60000, disableBail: false });
const answers = [];
for (const run of ${JSON.stringify(runs)}) answers.push(await runner.mutantRun({ timeout: 60000, disableBail: false, mutantActivation: 'runtime', ...run, activeMutant: { id: run.id, fileName: 'src/m.ts', location: { start: { line: 1, column: 0 }, end: { line: 1, column: 1 } } } }));
process.stdout.write(JSON.stringify({ dry, answers }));
`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  delete env.__STRYKER_ACTIVE_MUTANT__;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', env });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout) as { dry: { status: string; tests: { id: string; status: number }[]; mutantCoverage: { static: Record<string, number>; perTest: Record<string, Record<string, number>> } }; answers: Record<string, unknown>[] };
}

function sandbox(files: Record<string, string> = FILES): string {
  const root = tempDir('dropsweep-mutate-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}
const ran = (root: string) => (existsSync(join(root, 'runs.log')) ? readFileSync(join(root, 'runs.log'), 'utf8').trim().split('\n') : []);
const A = 'dist/test/stats/a-suite.test.js';
const B = 'dist/test/stats/b-slow.test.js';

test("the dry run gives each test the mutants it reached, and its suite's before hook's; what ran at load is static", () => {
  const root = sandbox();
  const { dry } = drive(root, []);
  assert.equal(dry.status, 'complete');
  assert.deepEqual(
    dry.tests.map((t) => `${t.id}: ${['success', 'failed', 'skipped'][t.status]}`),
    [`${A} > suite > adds: success`, `${A} > suite > uses the fixture: success`, `${A} > suite > skips itself: skipped`, `${A} > is loaded plain: success`, `${A} > spins: success`, `${B} > adds slowly: success`],
  );
  const { static: atLoad, perTest } = dry.mutantCoverage;
  assert.deepEqual(Object.keys(atLoad), ['1']);
  // Mutant 3 runs in the suite's before hook: it counts for each test of the suite, not for the others.
  assert.deepEqual(Object.keys(perTest[`${A} > suite > adds`]).sort(), ['2', '3']);
  assert.deepEqual(Object.keys(perTest[`${A} > suite > uses the fixture`]), ['3']);
  assert.deepEqual(Object.keys(perTest[`${A} > spins`]), ['4']);
  assert.deepEqual(Object.keys(perTest[`${B} > adds slowly`]), ['2']);
  assert.equal(perTest[`${A} > is loaded plain`], undefined);
});

test("a mutant runs only its tests with the mutant on, the quickest file first, to the first failure; the suite's hooks run once around them", () => {
  const root = sandbox();
  const { answers } = drive(root, [{ id: '2', testFilter: [`${B} > adds slowly`, `${A} > suite > adds`] }]);
  assert.deepEqual(answers[0], { status: 'killed', killedBy: [`${A} > suite > adds`], failureMessage: 'Expected values to be strictly equal:', nrOfTests: 1 });
  // The dry run ends with the slow file's test: what follows is the mutant's run.
  const log = ran(root);
  const mutantRun = log.slice(log.lastIndexOf('slow') + 1);
  assert.deepEqual(mutantRun, ['forget', 'before', 'beforeEach', 'adds', 'after'], 'the slower file ran, or the hooks ran twice');
});

test('a mutant no test notices survives; the remembered results are forgotten before its run', () => {
  const root = sandbox();
  const { answers } = drive(root, [{ id: '3', testFilter: [`${A} > suite > adds`] }]);
  assert.deepEqual(answers[0], { status: 'survived', nrOfTests: 1 });
  const log = ran(root);
  assert.deepEqual(log.slice(log.lastIndexOf('slow') + 1), ['forget', 'before', 'beforeEach', 'adds', 'after']);
});

test('a mutant that loops past its hit limit is timed out, and the next mutant runs in the same process', () => {
  const root = sandbox();
  const { answers } = drive(root, [
    { id: '4', testFilter: [`${A} > spins`], hitLimit: 1000 },
    { id: '2', testFilter: [`${A} > suite > adds`] },
  ]);
  assert.equal(answers[0].status, 'timeout');
  assert.match(String(answers[0].reason), /^hit limit reached \(1001\/1000\)$/);
  assert.equal(answers[1].status, 'killed');
});

test('a static mutant runs in a fresh process with the mutant on from the start (the files that import its module)', () => {
  const root = sandbox();
  const { answers } = drive(root, [{ id: '1', mutantActivation: 'static' }]);
  assert.equal(answers[0].status, 'killed', JSON.stringify(answers[0]));
  assert.match(String(answers[0].failureMessage), /failed: is loaded plain/);
});

test("the store set runs a mutant's PostgreSQL tests only when its other tests passed", () => {
  const storeTest = (n: string) => `import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { add } from '../../src/m.js';
for (const kind of ['postgres', 'sqlite']) describe(kind + ' store', () => test('adds ${n}', () => { appendFileSync('runs.log', kind + ' ${n}\\n'); assert.notEqual(add(1, 2), 0); }));
`;
  const root = sandbox({ 'dist/src/m.js': INSTRUMENTED, 'dist/test/store/one.test.js': storeTest('one'), 'dist/test/store/two.test.js': storeTest('two') });
  const ids = ['one', 'two'].flatMap((n) => ['postgres', 'sqlite'].map((k) => `dist/test/store/${n}.test.js > ${k} store > adds ${n}`));
  const { answers } = drive(root, [{ id: '2', testFilter: ids }], 'store');
  assert.deepEqual(answers[0], { status: 'survived', nrOfTests: 4 });
  // After the dry run's four, the mutant's run: SQLite's two (the quicker file first), then PostgreSQL's.
  const mutantRun = ran(root).slice(4);
  assert.deepEqual([mutantRun.slice(0, 2).sort(), mutantRun.slice(2).sort()], [['sqlite one', 'sqlite two'], ['postgres one', 'postgres two']]);
});

test("a test that runs the code in a child process: the dry run credits it with what the child reached, and in the mutant's run the child has the mutant on", () => {
  const child = `import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
test('runs the CLI', () => {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', "import { add } from './dist/src/m.js'; process.exit(add(1, 1) === 2 ? 0 : 3);"]);
  assert.equal(run.status, 0);
});
`;
  const root = sandbox({ 'dist/src/m.js': INSTRUMENTED, 'dist/test/stats/cli.test.js': child });
  const id = 'dist/test/stats/cli.test.js > runs the CLI';
  const { dry, answers } = drive(root, [{ id: '2', testFilter: [id] }, { id: '3', testFilter: [id] }]);
  assert.deepEqual(Object.keys(dry.mutantCoverage.perTest[id]).sort(), ['1', '2']);
  assert.equal(answers[0].status, 'killed', JSON.stringify(answers[0]));
  assert.deepEqual(answers[1], { status: 'survived', nrOfTests: 1 });
});

test("a suite's after hook that fails kills the mutant; a skipped suite runs neither hooks nor tests; an unknown test id is an error, not a survivor", () => {
  const suites = `import { appendFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { add } from '../../src/m.js';
describe('closes', () => {
  after(() => { if (add(1, 1) !== 2) throw new Error('close failed'); });
  test('runs', () => {});
});
describe('skipped', { skip: true }, () => {
  before(() => ${log('skipped before')});
  test('never', () => ${log('skipped test')});
});
`;
  const root = sandbox({ 'dist/src/m.js': INSTRUMENTED, 'dist/test/stats/suites.test.js': suites });
  const file = 'dist/test/stats/suites.test.js';
  const { dry, answers } = drive(root, [
    { id: '2', testFilter: [`${file} > closes > runs`] },
    { id: '2', testFilter: [`${file} > closes > renamed`] },
  ]);
  assert.deepEqual(Object.keys(dry.mutantCoverage.perTest[`${file} > closes > runs`]), ['2']);
  assert.deepEqual(answers[0], { status: 'killed', killedBy: [`${file} > closes > runs`], failureMessage: 'after hook of "dist/test/stats/suites.test.js > closes": close failed', nrOfTests: 1 });
  assert.deepEqual(answers[1], { status: 'error', errorMessage: `mutation harness: no test "${file} > closes > renamed" was loaded` });
  assert.deepEqual(ran(root), [], 'a skipped suite ran its hook or its test');
});
