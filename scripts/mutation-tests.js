// The test command of `npm run mutate`. Stryker's command runner runs it once per mutant, in its
// sandbox, after `tsc -p tsconfig.mutate.json`; a failing test sets the exit code to 1, which
// marks the mutant killed. Two sets, one per Stryker config:
// - stryker.config.json, the pure modules: dist/test/{stats,report,sweep,data}, less html-report (a
//   sweep run and a browser: not pure) and planner-scale (100,000 grid points: most of a second,
//   several once instrumented);
// - stryker.store.json (argument `store`), the store protocol: dist/test/store, less the files that
//   run the CLI (copy, damaged-database). They run against SQLite and PostgreSQL
//   (test/store/both-stores.ts): on SQLite in this process; only a mutant SQLite did not kill is
//   tried on PostgreSQL, in a child, on the server named by DROPSWEEP_TEST_PG_URL (scripts/mutate.js
//   starts one), so most mutants cost one SQLite pass and the dialect still checks every survivor.
// The tests are imported into this one process: no child process per file, so a mutant costs one
// Node start-up.
//
// Which test file reaches which mutant is measured once, in Stryker's dry run (no mutant active):
// a child per test file, two at a time, reports the mutants its run reached (the instrumented code
// counts them in __stryker__.mutantCoverage) and the CPU time it took (.mutant-coverage-<set>.json
// in the sandbox: CPU, not wall time, as the machine may be shared). With a mutant active, only the files that reached it run, the quickest first, and
// the reporter (scripts/mutation-reporter.js) ends the run at the first failure: a killed mutant
// costs the quickest test file that kills it, a surviving one every file that reaches it. A mutant
// no file reached in the dry run (none should) runs every file that imports its module, directly or
// not (found by the mutant's switch, stryMutAct_9fa48("<id>"), in the compiled file).
// A watchdog (scripts/mutation-watchdog.js) ends a mutant that hangs a test file: more than
// 5 s + 2 x that file's dry-run CPU time spent in it counts as killed ("timed out" on stderr),
// where Stryker's own timeout would wait 1.5 x the whole dry run (wall time).
// The simulation tests run a smaller number of replicates here (test/simulation-size.ts).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { startWatchdog } from './mutation-watchdog.js';

// The simulation tests run their quick size here (test/simulation-size.ts).
process.env.DROPSWEEP_QUICK_SIMULATIONS ??= '1';
// `store` (stryker.store.json): the store suite; otherwise (stryker.config.json) the pure modules' tests.
const SET = process.argv[2] === 'store' ? 'store' : 'pure';
const DIRS = SET === 'store' ? ['store'] : ['stats', 'report', 'sweep', 'data'];
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
const REPORTER = `--test-reporter=${pathToFileURL(resolve('scripts/mutation-reporter.js')).href}`;
const MEASURED = resolve(`.mutant-coverage-${SET}.json`);
const HOOK = pathToFileURL(resolve('scripts/mutation-coverage-hook.js')).href;

const tests = DIRS.flatMap((d) =>
  existsSync(join('dist/test', d))
    ? readdirSync(join('dist/test', d))
        .filter((f) => f.endsWith('.test.js') && !EXCLUDED.includes(f))
        .map((f) => resolve('dist/test', d, f))
    : [],
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

/** The test files that import the module holding `mutant`'s switch, directly or not (every file if no module holds it). */
function importers(mutant) {
  const imports = new Map(tests.map((t) => [t, closure(t)]));
  const marker = `stryMutAct_9fa48("${mutant}")`;
  const modules = new Set([...imports.values()].flatMap((c) => [...c]));
  const mutated = [...modules].find((f) => !f.endsWith('.test.js') && read(f).includes(marker));
  return mutated === undefined ? tests : tests.filter((t) => imports.get(t).has(mutated));
}

/** True when the compiled sources are Stryker's instrumented copy (the sandbox), not a plain build. */
const instrumented = () => tests.some((t) => [...closure(t)].some((f) => read(f).includes('stryMutAct_9fa48')));

/** The dry run's measure: each file alone in a child, two at a time; which mutants it reached and its CPU time. */
async function measure() {
  const reach = {};
  const cpu = {};
  const failed = [];
  const queue = [...tests];
  const one = (file, n) =>
    new Promise((done) => {
      const out = `${MEASURED}.${n}.part`;
      // The hook records the mutants reached by the processes the tests start (the CLI) too.
      const nodeOptions = `${process.env.NODE_OPTIONS ?? ''} --import=${HOOK}`.trim();
      const env = { ...process.env, NODE_OPTIONS: nodeOptions, DROPSWEEP_MUTATION_FILES: file, DROPSWEEP_COVERAGE_OUT: out, ...(SET === 'store' ? { DROPSWEEP_TEST_STORES: 'sqlite' } : {}) };
      const child = spawn(process.execPath, [REPORTER, fileURLToPath(import.meta.url), SET], { stdio: ['ignore', 'ignore', 'inherit'], env });
      child.on('close', (code) => {
        if (code !== 0 || !existsSync(out)) failed.push(file);
        else {
          const { reached, cpuMs } = JSON.parse(readFileSync(out, 'utf8'));
          cpu[file] = cpuMs;
          const parts = readdirSync(dirname(out)).filter((f) => f.startsWith(`${basename(out)}.`));
          const ids = new Set([reached, ...parts.map((f) => JSON.parse(readFileSync(join(dirname(out), f), 'utf8')))].flat());
          for (const f of parts) rmSync(join(dirname(out), f));
          for (const id of ids) (reach[id] ??= []).push(file);
        }
        rmSync(out, { force: true });
        done();
      });
    });
  const lane = async (n) => {
    while (queue.length > 0) await one(queue.shift(), n);
  };
  await Promise.all([lane(0), lane(1)]);
  writeFileSync(MEASURED, JSON.stringify({ cpu, reach }));
  return failed;
}

const mutant = process.env.__STRYKER_ACTIVE_MUTANT__;
const given = process.env.DROPSWEEP_MUTATION_FILES;
const isStore = (f) => f.includes(`${sep}store${sep}`);
let selected = tests;
let cpu = {};

if (process.env.DROPSWEEP_COVERAGE_OUT) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    const reached = Object.keys(globalThis.__stryker__?.mutantCoverage?.static ?? {});
    writeFileSync(process.env.DROPSWEEP_COVERAGE_OUT, JSON.stringify({ reached, cpuMs: Math.round((user + system) / 1000) }));
  });
}
if (given !== undefined) selected = given.split('\n');
else if (mutant === undefined && instrumented()) {
  // Stryker's dry run: every file, measured; then (the store) every store file on PostgreSQL.
  const failed = await measure();
  for (const f of failed) console.error(`mutate: the dry run failed in ${f}`);
  const pg = process.env.DROPSWEEP_TEST_PG_URL;
  if (failed.length > 0 || SET !== 'store' || !pg) process.exit(failed.length > 0 ? 1 : 0);
  const env = { ...process.env, DROPSWEEP_TEST_STORES: 'postgres', DROPSWEEP_MUTATION_FILES: tests.join('\n') };
  process.exit(spawnSync(process.execPath, [REPORTER, fileURLToPath(import.meta.url), SET], { stdio: 'inherit', env }).status ?? 1);
} else if (mutant !== undefined) {
  const measured = existsSync(MEASURED) ? JSON.parse(readFileSync(MEASURED, 'utf8')) : { cpu: {}, reach: {} };
  cpu = measured.cpu;
  const reaching = measured.reach[mutant];
  selected = reaching ? tests.filter((t) => reaching.includes(t)) : importers(mutant);
}
// The quickest files first (unmeasured ones last), so that a killed mutant costs little.
selected = [...selected].sort((a, b) => (cpu[a] ?? Infinity) - (cpu[b] ?? Infinity));
// A mutant or an SQL mutant stops at the first failure; the dry run's children run every test.
globalThis.__dropsweepFailFast = process.env.DROPSWEEP_COVERAGE_OUT === undefined && (mutant !== undefined || given !== undefined);

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
const watchdog = mutant !== undefined && process.env.DROPSWEEP_TEST_STORES !== 'postgres' ? startWatchdog(selected.map((f) => cpu[f])) : undefined;
for (const [n, f] of selected.entries()) {
  // Runs after the tests of the files before it (the root runs its tests one at a time, in order).
  if (watchdog) test(`(mutation watchdog: ${f.slice(f.lastIndexOf(sep) + 1)})`, () => watchdog.enter(n));
  await import(pathToFileURL(f).href);
}
