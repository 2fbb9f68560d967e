import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countResults, query, startRun, sweepDir, waitForStored, writeSlowSweep } from './runner-fixture.js';

const running = (db: string) => query<{ n: number }>(db, "SELECT count(*) AS n FROM trials WHERE state = 'running'")[0].n;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const [signal, code] of [
  ['SIGHUP', 129],
  ['SIGTERM', 143],
] as const) {
  test(`${signal} (${signal === 'SIGHUP' ? 'the ssh session closed' : 'a service manager stops it'}) stops like the first Ctrl-C: leases released, exit ${code}`, async () => {
    const { dir, db } = sweepDir();
    const file = writeSlowSweep(dir, signal.toLowerCase());
    const run = startRun([file, '--db', db, '--workers', '1', '--pack', '2']);
    await waitForStored(db, 2, run);
    run.child.kill(signal);
    const r = await run.done;
    assert.equal(r.code, code, r.stderr);
    assert.match(r.stderr, new RegExp(`stopping \\(${signal}\\): storing what finishes within 5 s .*; ${signal} again to quit at once`));
    assert.match(r.stderr, new RegExp(`interrupted \\(${signal}\\): sweep ${signal.toLowerCase()}: \\d/8 trials done`));
    assert.equal(running(db), 0, 'no trial left running');
    assert.equal(query<{ outcome: string }>(db, 'SELECT outcome FROM runs')[0].outcome, 'interrupted');
  });
}

test('a second Ctrl-C exits at once and still leaves no trial running', async () => {
  const { dir, db } = sweepDir();
  const file = writeSlowSweep(dir, 'twice');
  const run = startRun([file, '--db', db, '--workers', '1', '--pack', '2']);
  await waitForStored(db, 2, run);
  run.child.kill('SIGINT');
  await sleep(100);
  run.child.kill('SIGINT');
  const r = await run.done;
  assert.equal(r.code, 130, r.stderr);
  assert.match(r.stderr, /SIGINT again: exiting now; unfinished trials are pending again/);
  assert.equal(running(db), 0, 'leases were given back before the exit');
  assert.ok(countResults(db) < 80);
});
