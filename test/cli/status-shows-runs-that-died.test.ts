import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers.js';
import { query, startRun, sweepDir, waitForStored, writeSlowSweep, writeSweep } from '../runner/runner-fixture.js';

/**
 * Issue 22, item 9: a killed run kept `outcome` NULL for ever, so nothing told it from one still
 * running. Every run that ends records its outcome; `status` says which runs died without one
 * (where that is certain: a runner of this PID namespace whose process is gone).
 */
test('a SIGKILLed run is shown by status as died without an outcome; runs that end record theirs', async () => {
  const { dir, db } = sweepDir();
  const done = runCli(['run', writeSweep(dir, 'finished', 1, 1), '--db', db, '--quiet']);
  assert.equal(done.code, 0, done.stderr);
  const slow = writeSlowSweep(dir, 'killed');
  const interrupted = startRun([slow, '--db', db, '--workers', '1', '--pack', '1']);
  await waitForStored(db, 11, interrupted);
  interrupted.child.kill('SIGINT');
  assert.equal((await interrupted.done).code, 130);
  const killed = startRun([slow, '--db', db, '--workers', '1', '--pack', '1']);
  const stored = query<{ n: number }>(db, 'SELECT count(*) AS n FROM fold_results')[0].n;
  await waitForStored(db, stored + 1, killed);
  killed.child.kill('SIGKILL');
  await killed.done;

  assert.deepEqual(query<{ outcome: string | null }>(db, 'SELECT outcome FROM runs ORDER BY id').map((r) => r.outcome), ['completed', 'interrupted', null]);
  const json = runCli(['status', '--db', db, '--format', 'json']);
  assert.equal(json.code, 0, json.stderr);
  assert.deepEqual(
    (JSON.parse(json.stdout) as { sweep: string; runsDied: number }[]).map((s) => [s.sweep, s.runsDied]),
    [
      ['finished', 0],
      ['killed', 1],
    ],
  );
  const table = runCli(['status', '--db', db]);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /\nsweep killed: 1 run\(s\) died without recording an outcome \(the process is gone: killed, out of memory, a crash\)/);
  assert.doesNotMatch(table.stdout, /sweep finished: .* died/);
});

test('a run still going is not shown as died', async () => {
  const { dir, db } = sweepDir();
  const run = startRun([writeSlowSweep(dir, 'going'), '--db', db, '--workers', '1', '--pack', '1']);
  try {
    await waitForStored(db, 1, run);
    const json = runCli(['status', '--db', db, '--format', 'json']);
    assert.equal(json.code, 0, json.stderr);
    assert.equal(JSON.parse(json.stdout)[0].runsDied, 0);
  } finally {
    run.child.kill('SIGKILL');
    await run.done;
  }
});
