import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countResults, query, startRun, sweepDir, waitFor, writeSlowSweep } from './runner-fixture.js';

test('Ctrl-C stores what finishes, gives the rest back as pending, and says how to resume', async () => {
  const { dir, db } = sweepDir();
  const file = writeSlowSweep(dir, 'interrupted');
  const run = startRun([file, '--db', db, '--workers', '1', '--pack', '2']);
  await waitFor(() => countResults(db) >= 5, 120_000, 'a stored pack');
  run.child.kill('SIGINT');
  const r = await run.done;
  assert.equal(r.code, 130, r.stderr);
  assert.match(r.stderr, /interrupted: \d+\/8 trials done/);
  assert.match(r.stderr, new RegExp(`Resume with: dropsweep run ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} --db `));
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  const running = query<{ n: number }>(db, "SELECT count(*) AS n FROM trials WHERE state = 'running'")[0].n;
  assert.equal(running, 0, 'no trial left leased');
  const outcome = query<{ outcome: string }>(db, 'SELECT outcome FROM runs')[0].outcome;
  assert.equal(outcome, 'interrupted');
  const stored = countResults(db);
  assert.ok(stored < 80);

  const resumed = await startRun([file, '--db', db, '--workers', '1', '--quiet']).done;
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.equal(countResults(db), 80);
});
