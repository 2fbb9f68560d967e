import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openResults, runSweep, type SweepProgress } from '../../src/index.js';
import { createProgress } from '../../src/cli/progress.js';
import { sweepDir, writeGradedSweep } from '../runner/runner-fixture.js';

test("the last progress update carries the store's best after the last pack, not the one read a pack earlier", async () => {
  const { dir, db } = sweepDir();
  const updates: SweepProgress[] = [];
  // One trial per pack, in order of rising learning rate: the last trial is the best (lr 0.0005
  // learns one class, 0.01 near 88%), so a best read a pack late would show the third trial's.
  const summary = await runSweep(writeGradedSweep(dir, 'lag', '', [0.0005, 0.003, 0.01]), { db, workers: 1, pack: 10, onProgress: (p) => updates.push(p) });
  assert.equal(summary.outcome, 'completed');
  const results = await openResults(db);
  const [status] = await results.status();
  await results.close();
  const last = updates.at(-1)!;
  assert.equal(last.fitsDone, last.fitsTotal);
  assert.equal(last.best, status.best, 'the best status shows');
  assert.ok(updates.some((u) => u.best !== null && u.best < status.best!), 'the best moved during the run');
  assert.equal(last.trialsThisRun, 3);
});

test('off a terminal, the line at 100% is printed once, at finish, with the last note it was given', () => {
  const writes: string[] = [];
  const stream = { isTTY: false, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream;
  const p = createProgress({ label: 'lag', unit: 'fits', total: 4, stream, plainEveryMs: 60_000 });
  p.update(2, 'best 80.00%');
  p.update(4, 'best 85.60%');
  p.update(4, 'best 88.98%');
  p.finish();
  assert.equal(writes.length, 2);
  assert.match(writes[1], /^lag 4\/4 fits {2}ETA 0s {2}.* {2}best 88\.98% {2}elapsed/);
});
