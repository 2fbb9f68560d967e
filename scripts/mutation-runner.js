// The test runner of `npm run mutate`: a Stryker plugin ("node-test-in-process") that loads the
// compiled test files once per Stryker worker process, through scripts/mutation-harness.js, and
// then runs, for each mutant, only the tests that reached it, with the mutant switched on in place
// (Stryker's mutant switching: globalThis.__stryker__.activeMutant). The command runner it replaces
// started a Node process and imported the instrumented tests for every mutant.
//
// - Dry run: every test once, recording which mutants each test reached (Stryker's perTest
//   coverage; what a suite's before/after hooks reach counts for every test in the suite) and its
//   time. What runs while the files load (a module's top level, a test file's fixtures) is static
//   coverage. A process a test starts (the CLI) reports what it reached at its exit
//   (scripts/mutation-coverage-hook.js), credited to that test; in a mutant's run such a process
//   gets the mutant through __STRYKER_ACTIVE_MUTANT__.
// - A mutant reached only by tests: those tests, the likeliest killer first (runMutant), the
//   first failure ends the run (killed). The store set runs a mutant's PostgreSQL tests only when
//   its other tests all passed. Remembered results (src/stats/memo.ts) are forgotten before each
//   mutant's run (as in a fresh process) and before each test of the dry run (so that each test is
//   credited with the code it would run alone), so no value computed under one mutant hides another.
// - A static mutant (reached while loading): a fresh process must load the code with the mutant
//   on, so it runs the previous command, scripts/mutation-tests.js, in a child (the test files that
//   import the mutated module, the quickest first, its CPU watchdog).
// - A mutant that loops: Stryker's hit limit (100 x the dry run's hits of that mutant) throws inside
//   the loop and the mutant counts as timed out; a loop that never reaches the mutant again is
//   ended by Stryker's own timeout, which restarts this process.
// Options (stryker config): "nodeTestInProcess": { "set": "pure" | "store" }.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { commonTokens, declareClassPlugin, PluginKind, tokens } from '@stryker-mutator/api/plugin';
import { DryRunStatus, MutantRunStatus, TestStatus } from '@stryker-mutator/api/test-runner';
import { testFiles } from './mutation-test-files.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
/** The tests a mutant runs last, and only when the others passed: the PostgreSQL suites. */
const isPostgres = (id) => id.includes('postgres store');
/** DROPSWEEP_MUTATION_TRACE=<file>: one JSON line per test of the dry run and per mutant run (where the time goes). */
const trace = (entry) => process.env.DROPSWEEP_MUTATION_TRACE && appendFileSync(process.env.DROPSWEEP_MUTATION_TRACE, `${JSON.stringify(entry)}\n`);

class NodeTestInProcessRunner {
  static inject = tokens(commonTokens.options);

  constructor(options) {
    this.set = options.nodeTestInProcess?.set === 'store' ? 'store' : 'pure';
    /** Dry-run milliseconds per test id, and per file. */
    this.ms = new Map();
    this.fileMs = new Map();
    /** Per mutated source file, and per 25 lines of it: how many of its mutants each test has killed in this process. */
    this.kills = {};
  }

  capabilities() {
    // A static mutant gets a fresh process (a child, see staticRun), so Stryker need not restart this one.
    return { reloadEnvironment: true };
  }

  async init() {
    process.env.DROPSWEEP_QUICK_SIMULATIONS ??= '1';
    if (this.set === 'store' && !process.env.DROPSWEEP_TEST_PG_URL) process.env.DROPSWEEP_TEST_STORES = 'sqlite';
    this.harness = await import('./mutation-harness.js');
    this.files = testFiles(this.set);
    if (this.files.length === 0) throw new Error('mutate: no compiled tests under dist/test (the build command did not run?)');
    const memo = resolve('dist/src/stats/memo.js');
    this.forgetAll = existsSync(memo) ? (await import(pathToFileURL(memo).href)).forgetAll : () => {};
    await this.harness.loadFiles(this.files);
  }

  async dryRun({ coverageAnalysis }) {
    const ns = (globalThis.__stryker__ ??= {});
    ns.mutantCoverage ??= { static: {}, perTest: {} };
    const perTest = (ns.mutantCoverage.perTest = {});
    const suiteIds = new Map();
    const suiteId = (s) => suiteIds.get(s) ?? suiteIds.set(s, `suite ${suiteIds.size}`).get(s);
    // The processes a test starts (the CLI) report what they reached at exit (scripts/mutation-coverage-hook.js).
    const out = resolve('.mutant-child-coverage');
    const saved = { NODE_OPTIONS: process.env.NODE_OPTIONS, DROPSWEEP_COVERAGE_OUT: process.env.DROPSWEEP_COVERAGE_OUT };
    process.env.NODE_OPTIONS = `${saved.NODE_OPTIONS ?? ''} --import=${new URL('./mutation-coverage-hook.js', import.meta.url).href}`.trim();
    process.env.DROPSWEEP_COVERAGE_OUT = out;
    const fromChildren = (id) => {
      for (const f of readdirSync(dirname(out)).filter((f) => f.startsWith(`${basename(out)}.`))) {
        const into = (perTest[id] ??= {});
        for (const m of JSON.parse(readFileSync(join(dirname(out), f), 'utf8'))) into[m] = (into[m] ?? 0) + 1;
        rmSync(join(dirname(out), f));
      }
    };
    let results;
    try {
      results = await this.harness.runTests([...this.harness.testsById.keys()], {
        hooks: {
          test: (t, phase) => {
            if (phase === 'start') this.forgetAll();
            else fromChildren(t.id);
            ns.currentTestId = phase === 'start' ? t.id : undefined;
          },
          suite: (s, phase) => {
            if (phase === 'end') fromChildren(suiteId(s));
            ns.currentTestId = phase === 'start' ? suiteId(s) : undefined;
          },
        },
      });
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    ns.currentTestId = undefined;
    // What a suite's hooks reached counts for each of its tests.
    for (const [s, id] of suiteIds) {
      const reached = perTest[id];
      delete perTest[id];
      if (reached === undefined) continue;
      for (const t of this.harness.testsById.values()) {
        if (!this.harness.chain(t).includes(s)) continue;
        const own = (perTest[t.id] ??= {});
        for (const [m, hits] of Object.entries(reached)) own[m] = (own[m] ?? 0) + hits;
      }
    }
    for (const r of results) {
      trace({ test: r.id, ms: Math.round(r.ms), status: r.status });
      this.ms.set(r.id, r.ms);
      this.fileMs.set(r.file, (this.fileMs.get(r.file) ?? 0) + r.ms);
    }
    // The child of a static mutant (scripts/mutation-tests.js) orders and watches its files by these times.
    const fileMs = Object.fromEntries(this.files.map((f) => [f, Math.round(this.fileMs.get(relative(process.cwd(), f)) ?? 0)]));
    writeFileSync(resolve(`.mutation-file-times-${this.set}.json`), JSON.stringify({ fileMs }));
    return {
      status: DryRunStatus.Complete,
      tests: results.map(toTestResult),
      mutantCoverage: coverageAnalysis === 'off' ? undefined : ns.mutantCoverage,
    };
  }

  async mutantRun(options) {
    const started = performance.now();
    const result = await this.runMutant(options);
    trace({ mutant: options.activeMutant.id, static: options.mutantActivation === 'static', tests: options.testFilter?.length, ms: Math.round(performance.now() - started), status: result.status });
    return result;
  }

  async runMutant({ activeMutant, testFilter, hitLimit, disableBail, mutantActivation, timeout }) {
    if (mutantActivation === 'static' || testFilter === undefined) return this.staticRun(activeMutant.id, timeout);
    const ns = (globalThis.__stryker__ ??= {});
    // The likeliest killer first: tests ranked by the mutants they killed so far in this process
    // near this one (within the same 25 lines of its source file: the same function, mostly) and,
    // less, anywhere in its file, per millisecond of dry-run time (a test that has killed none ranks
    // by its time alone); PostgreSQL's tests last.
    const near = `${activeMutant.fileName}:${Math.floor(activeMutant.location.start.line / 25)}`;
    const kills = [(this.kills[near] ??= new Map()), (this.kills[activeMutant.fileName] ??= new Map())];
    const worth = (id) => (10 * (kills[0].get(id) ?? 0) + (kills[1].get(id) ?? 0) + 0.1) / ((this.ms.get(id) ?? 0) + 5);
    const ordered = [...testFilter].sort((a, b) => worth(b) - worth(a));
    const passes = [ordered.filter((id) => !isPostgres(id)), ordered.filter(isPostgres)];
    const bail = !disableBail;
    const results = [];
    // As in a fresh process: nothing remembered from before; within the run, what the mutant computed.
    this.forgetAll();
    ns.activeMutant = activeMutant.id;
    // A process a test starts (the CLI) loads the code with the mutant on.
    process.env.__STRYKER_ACTIVE_MUTANT__ = activeMutant.id;
    ns.hitLimit = hitLimit;
    ns.hitCount = hitLimit === undefined ? undefined : 0;
    let hits;
    try {
      for (const pass of passes) {
        if (bail && results.some((r) => r.status === 'failed')) break;
        results.push(...(await this.harness.runTests(pass, { bail })));
      }
    } catch (err) {
      // Not a test's failure: the run itself went wrong (a test id this process does not know).
      return { status: MutantRunStatus.Error, errorMessage: String(err?.message ?? err) };
    } finally {
      hits = ns.hitCount;
      delete process.env.__STRYKER_ACTIVE_MUTANT__;
      ns.activeMutant = undefined;
      ns.hitLimit = undefined;
      ns.hitCount = undefined;
    }
    if (hitLimit !== undefined && hits > hitLimit) return { status: MutantRunStatus.Timeout, reason: `hit limit reached (${hits}/${hitLimit})` };
    const failed = results.filter((r) => r.status === 'failed');
    for (const r of failed) for (const k of kills) k.set(r.id, (k.get(r.id) ?? 0) + 1);
    // A test counted once, though its suite's after hook may add a second outcome for it.
    const nrOfTests = new Set(results.map((r) => r.id)).size;
    if (failed.length > 0) return { status: MutantRunStatus.Killed, killedBy: [...new Set(failed.map((r) => r.id))], failureMessage: failed[0].message ?? 'failed', nrOfTests };
    return { status: MutantRunStatus.Survived, nrOfTests };
  }

  /** A static mutant: scripts/mutation-tests.js in a child with the mutant on from the start. */
  staticRun(mutant, timeout) {
    return new Promise((done) => {
      const env = { ...process.env, __STRYKER_ACTIVE_MUTANT__: mutant };
      delete env.DROPSWEEP_TEST_STORES;
      const args = [`--test-reporter=${pathToFileURL(resolve(HERE, 'mutation-reporter.js')).href}`, resolve(HERE, 'mutation-tests.js'), this.set];
      // Its own process group, so that a timeout ends its PostgreSQL pass (a grandchild) too.
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env, detached: true });
      let stderr = '';
      child.stderr.on('data', (d) => void (stderr += d));
      // Before Stryker's own timeout, which would end this process and leave the child running.
      const timer = setTimeout(() => process.kill(-child.pid, 'SIGKILL'), Math.max(1_000, timeout - 1_000));
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (signal === 'SIGKILL' && code === null) done({ status: MutantRunStatus.Timeout, reason: 'the static run passed its time' });
        else if (code === 0) done({ status: MutantRunStatus.Survived, nrOfTests: 0 });
        else done({ status: MutantRunStatus.Killed, killedBy: [], failureMessage: stderr.split('\n').slice(0, 2).join(' ') || `exit ${code ?? signal}`, nrOfTests: 0 });
      });
    });
  }
}

function toTestResult(r) {
  // No fileName: Stryker would look for the compiled file among the project's files, and warn.
  const base = { id: r.id, name: r.name, timeSpentMs: Math.round(r.ms) };
  if (r.status === 'failed') return { ...base, status: TestStatus.Failed, failureMessage: r.message ?? 'failed' };
  if (r.status === 'skipped') return { ...base, status: TestStatus.Skipped };
  return { ...base, status: TestStatus.Success };
}

export const strykerPlugins = [declareClassPlugin(PluginKind.TestRunner, 'node-test-in-process', NodeTestInProcessRunner)];
export const strykerValidationSchema = {
  $schema: 'http://json-schema.org/draft-07/schema',
  type: 'object',
  properties: { nodeTestInProcess: { type: 'object', properties: { set: { enum: ['pure', 'store'] } }, additionalProperties: false } },
};
