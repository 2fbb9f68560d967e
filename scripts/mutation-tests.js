// The test command of `npm run mutate`. Stryker's command runner runs it once per mutant, in its
// sandbox, after `tsc -p tsconfig.mutate.json`; a failing test sets the exit code to 1, which
// marks the mutant killed. Two sets, one per Stryker config:
// - stryker.config.json, the pure modules: dist/test/{report,sweep,data}, less html-report (a sweep
//   run and a browser: not pure) and planner-scale (100,000 grid points: most of a second, several
//   once instrumented);
// - stryker.store.json (argument `store`), the store protocol: dist/test/store, less the files that
//   run the CLI (copy, damaged-database). They run against SQLite and PostgreSQL
//   (test/store/both-stores.ts): on SQLite in this process; only a mutant SQLite did not kill is
//   tried on PostgreSQL, in a child, on the server named by DROPSWEEP_TEST_PG_URL (scripts/mutate.js
//   starts one), so most mutants cost one SQLite pass and the dialect still checks every survivor.
// The tests are imported into this one process: no child process per file, so a run costs one Node
// start-up.
//
// With a mutant active (__STRYKER_ACTIVE_MUTANT__), only the test files that import the mutated
// module, directly or not, are run: no other test can see the mutant. The module is the compiled
// file that holds the mutant's switch, stryMutAct_9fa48("<id>"). With no mutant (the dry run),
// every file runs. Node 20's test runner has no skip pattern and the command runner no coverage
// analysis; this is the file-level coverage analysis neither gives (for the store, finer: below).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// `store` (stryker.store.json): the store suite; otherwise (stryker.config.json) the pure modules' tests.
const SET = process.argv[2] === 'store' ? 'store' : 'pure';
const DIRS = SET === 'store' ? ['store'] : ['report', 'sweep', 'data'];
// Left out: the tests that run the CLI or train (the mutation build has no wasm kernel, and a
// child process per test would cost more than the suite): data-file-limits, the store's read
// commands and URL messages, and the 3-class sweep.
const EXCLUDED = [
  'html-report.test.js',
  'planner-scale.test.js',
  'copy.test.js',
  'damaged-database.test.js',
  'data-file-limits.test.js',
  'pg-read-commands-cannot-write.test.js',
  'sqlite-read-commands-cannot-write.test.js',
  'postgres-url-messages.test.js',
  'three-class-sweep-stores-metrics-and-curves.test.js',
];

const tests = DIRS.flatMap((d) =>
  readdirSync(join('dist/test', d))
    .filter((f) => f.endsWith('.test.js') && !EXCLUDED.includes(f))
    .map((f) => resolve('dist/test', d, f)),
).sort();
if (tests.length === 0) {
  console.error('no compiled tests under dist/test: build first');
  process.exit(1);
}

const sources = new Map();
const read = (file) => sources.get(file) ?? sources.set(file, readFileSync(file, 'utf8')).get(file);

/** `file` and every local module it imports, transitively (relative specifiers: packages are not ours). */
function closure(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const [, spec] of read(file).matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const target = resolve(dirname(file), spec);
    if (existsSync(target)) closure(target, seen);
  }
  return seen;
}

let selected = tests;
const mutant = process.env.__STRYKER_ACTIVE_MUTANT__;
if (mutant !== undefined) {
  const imports = new Map(tests.map((t) => [t, closure(t)]));
  const marker = `stryMutAct_9fa48("${mutant}")`;
  const modules = new Set([...imports.values()].flatMap((c) => [...c]));
  const mutated = [...modules].find((f) => !f.endsWith('.test.js') && read(f).includes(marker));
  // Not found (another instrumenter naming, say): run everything rather than miss a kill.
  if (mutated !== undefined) selected = tests.filter((t) => imports.get(t).has(mutated));
}
const isStore = (f) => f.includes(`${sep}store${sep}`);

// Which store test file reaches which mutant, measured once in Stryker's dry run: a child per
// store file on SQLite, reporting the mutants its run covered (the instrumented code counts them
// in __stryker__.mutantCoverage). A store mutant then runs only the files that reach it (every
// store file if none does on SQLite: the PostgreSQL-only paths).
const COVERAGE = resolve('.store-mutant-coverage.json');
if (process.env.DROPSWEEP_COVERAGE_OUT) {
  process.on('exit', () => writeFileSync(process.env.DROPSWEEP_COVERAGE_OUT, JSON.stringify(Object.keys(globalThis.__stryker__?.mutantCoverage?.static ?? {}))));
}
const instrumented = () => read(resolve('dist/src/store/core/packs.js')).includes('stryMutAct_9fa48');
if (mutant === undefined && process.env.DROPSWEEP_MUTATION_FILES === undefined && instrumented()) {
  const reach = {};
  const out = `${COVERAGE}.part`;
  for (const file of selected.filter(isStore)) {
    const env = { ...process.env, DROPSWEEP_TEST_STORES: 'sqlite', DROPSWEEP_MUTATION_FILES: file, DROPSWEEP_COVERAGE_OUT: out };
    spawnSync(process.execPath, ['--test-reporter=dot', fileURLToPath(import.meta.url), SET], { stdio: 'ignore', env });
    if (existsSync(out)) for (const id of JSON.parse(readFileSync(out, 'utf8'))) (reach[id] ??= []).push(file);
  }
  writeFileSync(COVERAGE, JSON.stringify(reach));
}
if (mutant !== undefined && existsSync(COVERAGE)) {
  const reaching = JSON.parse(readFileSync(COVERAGE, 'utf8'))[mutant];
  if (reaching) selected = selected.filter((f) => !isStore(f) || reaching.includes(f));
}

if (process.env.DROPSWEEP_MUTATION_FILES !== undefined) selected = process.env.DROPSWEEP_MUTATION_FILES.split('\n');
else if (selected.some(isStore)) {
  // SQLite here; when every test passed (the mutant survived SQLite), PostgreSQL in a child, at exit.
  process.env.DROPSWEEP_TEST_STORES = 'sqlite';
  const pg = process.env.DROPSWEEP_TEST_PG_URL;
  const storeTests = selected.filter(isStore);
  process.on('exit', () => {
    if ((process.exitCode ?? 0) !== 0 || !pg) return;
    const child = spawnSync(process.execPath, ['--test-reporter=dot', fileURLToPath(import.meta.url), SET], {
      stdio: 'inherit',
      env: { ...process.env, DROPSWEEP_TEST_STORES: 'postgres', DROPSWEEP_MUTATION_FILES: storeTests.join('\n') },
    });
    process.exitCode = child.status ?? 1;
  });
}
for (const f of selected) await import(pathToFileURL(f).href);
