// A stand-in for node:test that runs the same tests many times in one process: the in-process
// test runner of `npm run mutate` (scripts/mutation-runner.js) loads every test file once, then
// runs the tests that reached a mutant with that mutant switched on, mutant after mutant. Node's
// own runner cannot: it runs each test once, when the file is loaded. The test files keep
// importing 'node:test'; scripts/mutation-loader.js points that specifier here.
//
// What it keeps of node:test (what the tests under test/ use): test/it with an options object
// (skip, todo), test.skip/only/todo, describe/suite, before/after/beforeEach/afterEach at a file's
// top level or in a describe, and the context's name, signal, skip(), todo(), diagnostic() and
// after(). Subtests (t.test) and done callbacks are refused at load, with the test's name.
// Semantics kept: hooks run once per suite around the tests chosen in it, beforeEach outermost
// first, afterEach and t.after innermost first; a suite's after hooks run even when a test failed.

import { register } from 'node:module';
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';

/** @typedef {{ kind: 'suite', name: string, file: string, parent?: Suite, children: (Suite|Test)[], before: Function[], after: Function[], beforeEach: Function[], afterEach: Function[] }} Suite */
/** @typedef {{ kind: 'test', id: string, name: string, file: string, parent: Suite, fn: Function, skip: boolean, order: number }} Test */

/** @type {Map<string, Test>} in load order (`order` is a test's place in it) */
export const testsById = new Map();
/** @type {Suite | undefined} */
let current;

const suite = (name, file, parent) => ({ kind: 'suite', name, file, parent, children: [], before: [], after: [], beforeEach: [], afterEach: [] });

/**
 * Loads compiled test files (absolute paths), in order, with 'node:test' pointed here
 * (scripts/mutation-loader.js): their test() and describe() calls register here. A test's id
 * starts with its file's path relative to the working folder.
 */
export async function loadFiles(paths) {
  register('./mutation-loader.js', import.meta.url);
  for (const file of paths) {
    const label = relative(process.cwd(), file);
    current = suite(label, label, undefined);
    try {
      await import(pathToFileURL(file).href);
    } finally {
      current = undefined;
    }
  }
}

function args(name, options, fn) {
  if (typeof name === 'function') return { name: name.name || '<anonymous>', options: {}, fn: name };
  if (typeof options === 'function') return { name, options: {}, fn: options };
  return { name, options: options ?? {}, fn };
}

function within(what) {
  if (current === undefined) throw new Error(`mutation harness: ${what} called outside a test file's load (a subtest or a late registration is not supported)`);
  return current;
}

const path = (node) => {
  const names = [];
  for (let s = node; s !== undefined; s = s.parent) names.unshift(s.name);
  return names.join(' > ');
};

export function test(name, options, fn) {
  const a = args(name, options, fn);
  const parent = within(`test("${a.name}")`);
  if (typeof a.fn === 'function' && a.fn.length >= 2) throw new Error(`mutation harness: test "${a.name}" takes a done callback (not supported)`);
  let id = `${path(parent)} > ${a.name}`;
  for (let n = 2; testsById.has(id); n++) id = `${path(parent)} > ${a.name} #${n}`;
  const t = { kind: 'test', id, name: a.name, file: parent.file, parent, fn: a.fn ?? (() => {}), skip: Boolean(a.options.skip || a.options.todo), order: testsById.size };
  parent.children.push(t);
  testsById.set(id, t);
}
test.skip = (name, options, fn) => {
  const a = args(name, options, fn);
  test(a.name, { ...a.options, skip: true }, a.fn);
};
test.todo = test.skip;
test.only = test;

export function describe(name, options, fn) {
  const a = args(name, options, fn);
  const parent = within(`describe("${a.name}")`);
  const s = suite(a.name, parent.file, parent);
  s.skip = Boolean(a.options.skip || a.options.todo);
  parent.children.push(s);
  current = s;
  try {
    const returned = a.fn?.();
    if (returned && typeof returned.then === 'function') throw new Error(`mutation harness: describe("${a.name}") is async (not supported)`);
  } finally {
    current = parent;
  }
}
describe.skip = (name, options, fn) => {
  const a = args(name, options, fn);
  describe(a.name, { ...a.options, skip: true }, a.fn);
};
describe.todo = describe.skip;
describe.only = describe;

const hook = (kind) => (fn) => within(kind)[kind].push(fn);
export const before = hook('before');
export const after = hook('after');
export const beforeEach = hook('beforeEach');
export const afterEach = hook('afterEach');
export { test as it, describe as suite };
export default test;
export const mock = new Proxy({}, { get: () => { throw new Error('mutation harness: node:test mock is not supported'); } });
export const run = () => { throw new Error('mutation harness: node:test run() is not supported'); };

/** The suites from the file down to `t`, outermost first. */
export const chain = (t) => {
  const out = [];
  for (let s = t.parent; s !== undefined; s = s.parent) out.unshift(s);
  return out;
};

/** An error thrown or rejected outside any awaited test code (a stray promise, a timer) while a run is going. */
let stray;
const onStray = (err) => {
  stray ??= err instanceof Error ? err : new Error(String(err));
};
process.on('unhandledRejection', onStray);
process.on('uncaughtException', onStray);

/**
 * Runs `selected` (test ids) in the order given; consecutive tests of one file are run together,
 * in their declaration order. `hooks.test(t, phase)` is called with 'start' and 'end' around each test and its
 * each-hooks, `hooks.suite(s, phase)` around each suite's before and after hooks (the dry run
 * attributes coverage by them). With `bail`, the run stops at the first failure (after hooks
 * still run). Returns every test's outcome.
 */
export async function runTests(selected, { bail = false, hooks = {} } = {}) {
  // Consecutive tests of one file form a group, entered once (its suites' before and after hooks
  // run once around it), in declaration order inside the group.
  const byFile = [];
  const seen = new Set();
  for (const id of selected) {
    const t = testsById.get(id);
    // An id this process does not know (a test named differently than in the dry run) must not pass for a survivor.
    if (t === undefined) throw new Error(`mutation harness: no test "${id}" was loaded`);
    if (seen.has(t)) continue;
    seen.add(t);
    const last = byFile.at(-1);
    if (last !== undefined && last[0].file === t.file) last.push(t);
    else byFile.push([t]);
  }
  for (const g of byFile) g.sort((a, b) => a.order - b.order);

  const results = [];
  let stop = false;
  stray = undefined;
  /** Enters `s` and runs its chosen tests and suites; returns after its after hooks. */
  const runSuite = async (s, chosen) => {
    if (s.skip) {
      // A skipped suite runs neither its hooks nor its tests, as under node:test.
      for (const t of chosen) results.push(outcome(t, 'skipped', 0));
      return;
    }
    let failedHook;
    hooks.suite?.(s, 'start');
    for (const h of s.before) {
      if (failedHook) break;
      try {
        await h();
      } catch (err) {
        failedHook = err;
      }
    }
    hooks.suite?.(s, 'end');
    if (failedHook) {
      for (const t of chosen) results.push(outcome(t, 'failed', 0, failedHook));
      if (bail) stop = true;
    } else {
      for (const child of s.children) {
        if (stop) break;
        if (child.kind === 'test') {
          if (chosen.includes(child)) await runOne(child);
        } else {
          const inner = chosen.filter((t) => chain(t).includes(child));
          if (inner.length > 0) await runSuite(child, inner);
        }
      }
    }
    // An after hook that fails fails the run, as node:test fails the suite (and exits 1).
    hooks.suite?.(s, 'start');
    for (const h of s.after) {
      try {
        await h();
      } catch (err) {
        results.push({ ...outcome(chosen[0], 'failed', 0, err), message: `after hook of "${path(s)}": ${String(err?.message ?? err).split('\n')[0]}` });
        if (bail) stop = true;
      }
    }
    hooks.suite?.(s, 'end');
  };
  const runOne = async (t) => {
    const suites = chain(t);
    const afterThis = [];
    const controller = new AbortController();
    let skipped = t.skip;
    const context = {
      name: t.name,
      signal: controller.signal,
      skip: () => void (skipped = true),
      todo: () => void (skipped = true),
      diagnostic: () => {},
      after: (fn) => void afterThis.push(fn),
      test: () => {
        throw new Error(`mutation harness: subtests are not supported (in "${t.id}")`);
      },
    };
    const started = performance.now();
    let error;
    hooks.test?.(t, 'start');
    if (!t.skip) {
      try {
        for (const s of suites) for (const h of s.beforeEach) await h(context);
        await t.fn(context);
        // A stray error thrown while the test ran is the test's, as node:test would have it.
        await new Promise((r) => setImmediate(r));
        if (stray) throw stray;
      } catch (err) {
        error = err;
      }
      for (const fn of afterThis.reverse()) await Promise.resolve().then(() => fn(context)).catch((err) => void (error ??= err));
      for (const s of [...suites].reverse()) for (const h of s.afterEach) await Promise.resolve().then(() => h(context)).catch((err) => void (error ??= err));
    }
    hooks.test?.(t, 'end');
    controller.abort();
    stray = undefined;
    results.push(outcome(t, error ? 'failed' : skipped ? 'skipped' : 'passed', performance.now() - started, error));
    if (error && bail) stop = true;
  };
  for (const group of byFile) {
    if (stop) break;
    const fileSuite = chain(group[0])[0];
    await runSuite(fileSuite, group);
  }
  return results;
}

function outcome(t, status, ms, error) {
  const message = error === undefined ? undefined : String(error?.message ?? error).split('\n')[0];
  return { id: t.id, name: t.id, file: t.file, status, ms, message };
}
