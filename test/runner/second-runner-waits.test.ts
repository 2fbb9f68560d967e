import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countWhenReady, lastLine, startRun, sweepDir, waitFor, writeSweep } from './runner-fixture.js';
import { assertWorkAddsUp } from './work-counts.js';

test('a second runner that finds every trial leased waits, then both exit 0 with the sweep totals and their own share', async () => {
  const { dir, db } = sweepDir();
  // 4 trials x 10 tutorial-sized fits; with packs of 20 the first runner claims all four at once.
  const file = writeSweep(dir, 'shared', 4, 300, '', '[60, 30]');
  const first = startRun([file, '--db', db, '--workers', '1', '--pack', '20']);
  await waitFor(() => countWhenReady(db, "SELECT count(*) AS n FROM trials WHERE state = 'running'") === 4, 30_000, 'the first runner to lease every trial', [first]);
  const second = startRun([file, '--db', db, '--workers', '1', '--pack', '2']);
  const [a, b] = await Promise.all([first.done, second.done]);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  assert.match(b.stderr, /dropsweep: waiting: 4 trial\(s\) are leased by [^:]+:\d+; this runner takes them over if their heartbeat stops/);
  for (const r of [a, b]) assert.match(lastLine(r.stderr), /^done: sweep shared: 4\/4 trials done, 40\/40 fold fits stored; this runner: \d trial\(s\), \d+ fold fits in /);
  assert.match(lastLine(b.stderr), /this runner: 0 trial\(s\), 0 fold fits/);
  const runs = await assertWorkAddsUp(db, { fits: 40, packSize: 20, runs: [{ stderr: a.stderr }, { stderr: b.stderr }] });
  assert.deepEqual(runs.map((r) => [r.fits_trained, r.fits_done]), [[40, 40], [0, 0]], 'the work was done once');
});
