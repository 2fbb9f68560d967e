import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers.js';
import { countResults, startRun, sweepDir, waitFor, writeSlowSweep } from '../runner/runner-fixture.js';

test('a sweep no runner works on shows no ETA; a finished one shows 0', async () => {
  const { dir, db } = sweepDir();
  const run = startRun([writeSlowSweep(dir, 'paused'), '--db', db, '--workers', '1', '--pack', '2']);
  await waitFor(() => countResults(db) >= 2 || run.child.exitCode !== null, 120_000, 'the first stored pack');
  run.child.kill('SIGINT');
  const stopped = await run.done;
  assert.equal(stopped.code, 130, stopped.stderr);
  const [idle] = JSON.parse(runCli(['status', '--db', db, '--format', 'json']).stdout);
  assert.equal(idle.running, 0);
  assert.ok(idle.foldFits < idle.foldFitsTotal, 'work left');
  assert.ok(idle.fitsPerSecond > 0, 'a speed is known from the run');
  assert.equal(idle.etaSeconds, null, 'but nobody is running: no ETA');
  assert.match(runCli(['status', '--db', db]).stdout, /│ paused +│ 8 +│ \d +│ 0 +│ \d +│ 0 +│ \d+\/80 +│ [\d.]+ +│ \S+ +│ - +│/);
  assert.equal((await startRun([writeSlowSweep(dir, 'paused'), '--db', db, '--workers', '1', '--quiet']).done).code, 0);
  assert.equal(JSON.parse(runCli(['status', '--db', db, '--format', 'json']).stdout)[0].etaSeconds, 0, 'finished');
});
