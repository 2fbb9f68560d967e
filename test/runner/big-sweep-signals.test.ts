import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runSweep } from '../../src/api/run.js';
import { query, startRun, sweepDir, waitFor } from './runner-fixture.js';

/** How long a stopped run may take to exit: the brief's bound, far above what it needs. */
const STOP_MS = 5_000;
/**
 * A stop stores the packs in flight (up to two per worker) before it exits, by design; packs of 5
 * fits of 5 epochs keep that wait well under a second on a busy machine, so what the bound tests is
 * whether the event loop sees the signal at all.
 */
const PACK = ['--pack', '5'];

const list = (n: number, f: (i: number) => number) => `[${Array.from({ length: n }, (_, i) => f(i)).join(', ')}]`;

/** 50 x 2 x 15 x 10 x 10 = 150,000 distinct trials (no dropout 0, so none collapse), 5 epochs each. */
function bigSweepText(name: string): string {
  return (
    `name: ${name}\nprotocol:\n  epochs: 5\ngrid:\n  dropout: ${list(50, (i) => (i + 1) / 100)}\n  placement: [visible, hidden]\n` +
    `  maxNorm: ${list(15, (i) => i + 1)}\n  lrMultiplier: ${list(10, (i) => i + 1)}\n  momentum: ${list(10, (i) => i / 10)}\n`
  );
}

function count(db: string, sql: string): number {
  try {
    return query<{ n: number }>(db, sql)[0].n;
  } catch {
    return 0; // not made yet
  }
}

const specHash = (db: string) => {
  try {
    return query<{ spec_hash: string }>(db, 'SELECT spec_hash FROM sweeps')[0]?.spec_hash ?? null;
  } catch {
    return null;
  }
};

/** Sends `signal` and resolves with how long the process took to exit, failing the test past STOP_MS. */
async function stopWithin(run: ReturnType<typeof startRun>, signal: NodeJS.Signals) {
  const sent = performance.now();
  run.child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), STOP_MS)));
  const r = await Promise.race([run.done, late]);
  clearTimeout(timer);
  if (r === null) {
    run.child.kill('SIGKILL');
    assert.fail(`still running ${STOP_MS / 1000} s after ${signal}; its output:\n${run.output().stderr.slice(-2000)}`);
  }
  return { ...r, ms: performance.now() - sent };
}

test('SIGTERM stops a 150,000-trial sweep within 5 s once it trains: leases given back, outcome interrupted', async (t) => {
  const { dir, db } = sweepDir();
  const file = join(dir, 'big.yaml');
  writeFileSync(file, bigSweepText('big'));
  const run = startRun([file, '--db', db, '--workers', '2', ...PACK]);
  t.after(() => run.child.kill('SIGKILL'));
  // Trials complete many times a second here: each one used to re-read the best mean over all 150,000.
  await waitFor(() => count(db, "SELECT count(*) AS n FROM trials WHERE state = 'done'") >= 20 || run.child.exitCode !== null, 300_000, '20 trials done');
  const r = await stopWithin(run, 'SIGTERM');
  t.diagnostic(`stopped ${r.ms.toFixed(0)} ms after SIGTERM`);
  assert.equal(r.code, 143, r.stderr);
  assert.match(r.stderr, /interrupted \(SIGTERM\): sweep big: \d+\/150000 trials done/);
  assert.equal(count(db, "SELECT count(*) AS n FROM trials WHERE state = 'running'"), 0, 'no trial left running');
  assert.deepEqual(query<{ outcome: string }>(db, 'SELECT outcome FROM runs'), [{ outcome: 'interrupted' }]);
});

test('SIGTERM while a 150,000-trial plan is being written stops within 5 s; the next run writes the rest of the plan', async (t) => {
  const { dir, db } = sweepDir();
  const file = join(dir, 'big.yaml');
  writeFileSync(file, bigSweepText('big'));
  const first = startRun([file, '--db', db, '--workers', '1', ...PACK]);
  t.after(() => first.child.kill('SIGKILL'));
  await waitFor(() => specHash(db)?.startsWith('partial:') === true || first.child.exitCode !== null, 300_000, 'the plan to be half written');
  const r = await stopWithin(first, 'SIGTERM');
  t.diagnostic(`stopped ${r.ms.toFixed(0)} ms after SIGTERM while writing the plan`);
  assert.equal(r.code, 143, r.stderr);
  assert.match(r.stderr, /interrupted \(SIGTERM\) while writing the plan \(\d+ of 150000 trials written; the next run writes the rest\); nothing was trained/);
  assert.match(specHash(db) ?? '', /^partial:/, 'a plan cut short is marked as such');
  const written = count(db, 'SELECT count(*) AS n FROM trials');
  assert.ok(written > 0 && written < 150_000, `part of the plan was written: ${written}`);
  assert.equal(count(db, 'SELECT count(*) AS n FROM fold_results'), 0);

  const second = startRun([file, '--db', db, '--workers', '1', ...PACK]);
  t.after(() => second.child.kill('SIGKILL'));
  await waitFor(() => /resuming sweep "big" \(its plan was cut short; the rest is written now\)/.test(second.output().stderr) || second.child.exitCode !== null, 300_000, 'the second run to finish the plan');
  assert.equal(count(db, 'SELECT count(*) AS n FROM trials'), 150_000, 'the whole plan, each trial once');
  assert.doesNotMatch(specHash(db) ?? '', /^partial:/);
  const s = await stopWithin(second, 'SIGINT');
  t.diagnostic(`stopped ${s.ms.toFixed(0)} ms after SIGINT`);
  assert.equal(s.code, 130, s.stderr);
});

test('a run whose signal aborts while the grid is planned stops before anything is written', async () => {
  const { dir, db } = sweepDir();
  const file = join(dir, 'big.yaml');
  writeFileSync(file, bigSweepText('big'));
  const stop = new AbortController();
  // Planning takes many turns of the event loop; the abort lands in one of them.
  setImmediate(() => stop.abort('SIGTERM'));
  const summary = await runSweep(file, { db, workers: 1, signal: stop.signal });
  assert.equal(summary.outcome, 'interrupted');
  assert.equal(summary.reason, 'SIGTERM');
  assert.deepEqual(summary.startUp, { stage: 'planning', trialsWritten: 0, trialsPlanned: 0 });
  assert.equal(existsSync(db), false, 'the database was not even made');
});
