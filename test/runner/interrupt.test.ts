import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countResults, query, startRun, sweepDir, waitForStored, writeSlowSweep } from './runner-fixture.js';
import { assertWorkAddsUp } from './work-counts.js';

test('Ctrl-C stores what finishes, gives the rest back as pending, and says how to resume', async () => {
  const { dir, db } = sweepDir();
  const file = writeSlowSweep(dir, 'interrupted');
  const run = startRun([file, '--db', db, '--workers', '1', '--pack', '2']);
  await waitForStored(db, 5, run);
  const atSignal = countResults(db);
  run.child.kill('SIGINT');
  const r = await run.done;
  assert.equal(r.code, 130, r.stderr);
  assert.match(r.stderr, /interrupted \(SIGINT\): sweep interrupted: \d\/8 trials done, \d+\/80 fold fits stored/);
  assert.match(r.stderr, new RegExp(`Resume with: dropsweep run ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} --db `));
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  const running = query<{ n: number }>(db, "SELECT count(*) AS n FROM trials WHERE state = 'running'")[0].n;
  assert.equal(running, 0, 'no trial left leased');
  const outcome = query<{ outcome: string }>(db, 'SELECT outcome FROM runs')[0].outcome;
  assert.equal(outcome, 'interrupted');
  const stored = countResults(db);
  assert.ok(stored < 80);
  // The packs in flight at the signal (two per worker, 2 fits each) finished within the grace
  // period and were stored, not dropped; and the run counted exactly what it stored.
  assert.ok(stored > atSignal, `packs in flight were stored: ${atSignal} at the signal, ${stored} at exit`);
  assert.match(r.stderr, /stopping \(SIGINT\): storing what finishes within 5 s \(2 pack\(s\) in flight\)/);
  assert.equal(query<{ fits_done: number }>(db, 'SELECT fits_done FROM runs')[0].fits_done, stored);

  const resumed = await startRun([file, '--db', db, '--workers', '1']).done;
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.equal(countResults(db), 80);
  // Each run trained what it stored (the packs cut short at the signal were never finished, so
  // never trained); the resume trained only the missing fits.
  const runs = await assertWorkAddsUp(db, { fits: 80, packSize: 2, runs: [{ stderr: r.stderr }, { stderr: resumed.stderr }] });
  assert.equal(runs[1].fits_trained, 80 - stored, 'the resume trained only the missing fits');
});
