// The watchdog of the mutation test command (scripts/mutation-tests.js): a mutant that makes a test
// loop forever blocks the main thread, where no timer can fire, so a worker thread watches. The
// test command tells it which test file is running (enter(n), from a test it registers before each
// file's tests); more than 5 s + 2 x that file's dry-run CPU time spent in one file ends the process
// (SIGKILL, a non-zero exit: Stryker's command runner counts the mutant killed). CPU time, not wall
// time: the process's own (process.cpuUsage is process-wide, also from a worker), so a busy machine
// slows the clock with the tests. Stryker's own timeout (1.5 x the whole dry run + 5 s, wall time)
// stays for a mutant that hangs without spending CPU.
// The line written to stderr, and appended to DROPSWEEP_MUTATION_LOG when set, says so.
import { Worker } from 'node:worker_threads';

const WATCH = `
const { workerData } = require('node:worker_threads');
const { appendFileSync, writeSync } = require('node:fs');
const { state, limits, mutant, log } = workerData;
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
let file = 0;
let since = 0;
setInterval(() => {
  const n = Atomics.load(state, 0);
  if (n !== file) { file = n; since = cpuMs(); }
  if (n < 0 || !(limits[n] >= 0)) return;
  const spent = cpuMs() - since;
  if (spent <= limits[n]) return;
  const line = 'timed out: mutant ' + mutant + ', ' + (spent / 1000).toFixed(1) + ' s of CPU in test file ' + (n + 1) + ' of ' + limits.length + ' (limit ' + (limits[n] / 1000).toFixed(1) + ' s)\\n';
  writeSync(2, line);
  if (log) appendFileSync(log, line);
  process.kill(process.pid, 'SIGKILL');
}, 100);
`;

/** Watches the files whose dry-run CPU times are `cpuMs` (undefined: not measured, no limit), from file 0. */
export function startWatchdog(cpuMs, slackMs = 5_000) {
  if (cpuMs.length === 0) return undefined;
  const state = new Int32Array(new SharedArrayBuffer(4));
  const limits = cpuMs.map((t) => (t === undefined ? -1 : slackMs + 2 * t));
  const worker = new Worker(WATCH, {
    eval: true,
    // Not this process's flags: --input-type=module would make the CommonJS above a module.
    execArgv: [],
    workerData: { state, limits, mutant: process.env.__STRYKER_ACTIVE_MUTANT__, log: process.env.DROPSWEEP_MUTATION_LOG },
  });
  worker.unref();
  return {
    enter(n) {
      Atomics.store(state, 0, n);
    },
    stop() {
      Atomics.store(state, 0, -1);
    },
  };
}
