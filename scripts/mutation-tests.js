// The test command for a mutant that needs a fresh process, run in Stryker's sandbox after
// `tsc -p tsconfig.mutate.json`; a failing test sets the exit code to 1, which marks the mutant
// killed. Two callers:
// - the in-process runner (scripts/mutation-runner.js), for a static mutant (one reached while the
//   modules load: the code must load with the mutant on, __STRYKER_ACTIVE_MUTANT__);
// - scripts/mutate-sql.js, for an SQL mutant (a statement rewritten in the compiled sql.js), with
//   the files to run in DROPSWEEP_MUTATION_FILES.
// Argument `store`: the store suite, else the pure modules' tests (scripts/mutation-test-files.js).
// The store suite runs on SQLite in this process; only when every test passed (the mutant survived
// SQLite) does it run again on PostgreSQL, in a child, on the server named by DROPSWEEP_TEST_PG_URL.
// A static mutant runs the test files that import the module holding its switch
// (stryMutAct_9fa48("<id>") in the compiled file), directly or not, the quickest first by the
// in-process dry run's times (.mutation-file-times-<set>.json in the sandbox), and the reporter
// (scripts/mutation-reporter.js) ends the run at the first failure. A watchdog
// (scripts/mutation-watchdog.js) ends a file that spins: more than 5 s + 2 x its dry-run time of CPU
// counts as killed ("timed out" on stderr).
// The simulation tests run a smaller number of replicates here (test/simulation-size.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { testFiles } from './mutation-test-files.js';
import { startWatchdog } from './mutation-watchdog.js';

// The simulation tests run their quick size here (test/simulation-size.ts).
process.env.DROPSWEEP_QUICK_SIMULATIONS ??= '1';
// `store` (stryker.store.json): the store suite; otherwise (stryker.config.json) the pure modules' tests.
const SET = process.argv[2] === 'store' ? 'store' : 'pure';
const REPORTER = `--test-reporter=${new URL('./mutation-reporter.js', import.meta.url).href}`;
const FILE_TIMES = resolve(`.mutation-file-times-${SET}.json`);

const tests = testFiles(SET);
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

/** The test files that import the module holding `mutant`'s switch, directly or not (every file if no module holds it). */
function importers(mutant) {
  const imports = new Map(tests.map((t) => [t, closure(t)]));
  const marker = `stryMutAct_9fa48("${mutant}")`;
  const modules = new Set([...imports.values()].flatMap((c) => [...c]));
  const mutated = [...modules].find((f) => !f.endsWith('.test.js') && read(f).includes(marker));
  return mutated === undefined ? tests : tests.filter((t) => imports.get(t).has(mutated));
}

const mutant = process.env.__STRYKER_ACTIVE_MUTANT__;
const given = process.env.DROPSWEEP_MUTATION_FILES;
const isStore = (f) => f.includes(`${sep}store${sep}`);
const fileMs = existsSync(FILE_TIMES) ? JSON.parse(readFileSync(FILE_TIMES, 'utf8')).fileMs : {};
let selected = tests;
if (given !== undefined) selected = given.split('\n');
else if (mutant !== undefined) selected = importers(mutant);
// The quickest files first (unmeasured ones last), so that a killed mutant costs little.
selected = [...selected].sort((a, b) => (fileMs[a] ?? Infinity) - (fileMs[b] ?? Infinity));
// A mutant or an SQL mutant stops at the first failure.
globalThis.__dropsweepFailFast = mutant !== undefined || given !== undefined;

if (given === undefined && selected.some(isStore)) {
  // SQLite here; when every test passed (the mutant survived SQLite), PostgreSQL in a child, at exit.
  process.env.DROPSWEEP_TEST_STORES = 'sqlite';
  const pg = process.env.DROPSWEEP_TEST_PG_URL;
  const storeTests = selected.filter(isStore);
  process.on('exit', () => {
    if ((process.exitCode ?? 0) !== 0 || !pg) return;
    watchdog?.stop();
    const child = spawnSync(process.execPath, [REPORTER, fileURLToPath(import.meta.url), SET], {
      stdio: 'inherit',
      env: { ...process.env, DROPSWEEP_TEST_STORES: 'postgres', DROPSWEEP_MUTATION_FILES: storeTests.join('\n') },
    });
    process.exitCode = child.status ?? 1;
  });
}
// The watchdog times each file by its dry run on SQLite, so not the PostgreSQL pass (Stryker's timeout ends that).
const watchdog = mutant !== undefined && process.env.DROPSWEEP_TEST_STORES !== 'postgres' ? startWatchdog(selected.map((f) => fileMs[f])) : undefined;
for (const [n, f] of selected.entries()) {
  // Runs after the tests of the files before it (the root runs its tests one at a time, in order).
  if (watchdog) test(`(mutation watchdog: ${f.slice(f.lastIndexOf(sep) + 1)})`, () => watchdog.enter(n));
  await import(pathToFileURL(f).href);
}
