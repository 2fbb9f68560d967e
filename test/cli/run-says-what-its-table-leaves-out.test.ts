import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startRun, sweepDir, writeSweep } from '../runner/runner-fixture.js';

test("run's closing table shows the top five and says how many trials it leaves out, and how to see them", async () => {
  const { dir, db } = sweepDir();
  const r = await startRun([writeSweep(dir, 'eight', 8, 2), '--db', db]).done;
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.split('\n').filter((l) => /^│ \d/.test(l)).length, 5);
  assert.match(r.stdout, /┘\nshowing 5 of 8 trials \(not shown: 3 complete\); the first command below lists them all\nnext: dropsweep leaderboard --sweep eight /);
  const small = await startRun([writeSweep(dir, 'three', 3, 2), '--db', db]).done;
  assert.match(small.stdout, /┘\nnext: /, 'nothing left out, nothing said');
});
