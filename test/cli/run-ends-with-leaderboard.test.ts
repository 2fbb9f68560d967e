import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startRun, sweepDir, writeGradedSweep } from '../runner/runner-fixture.js';

test('a finished run ends with the top of its leaderboard and the next commands to try', async () => {
  const { dir, db } = sweepDir();
  const r = await startRun([writeGradedSweep(dir, 'ends'), '--db', db], { npm_command: 'exec' }).done;
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.match(lines[0], /^┌/);
  assert.match(lines[1], /│ rank │ trial/);
  assert.equal(lines.filter((l) => /^│ \d/.test(l)).length, 5, 'the five trials');
  assert.match(lines[3], /│ 1 +│ [0-9a-f]{10} │/);
  assert.match(r.stdout, new RegExp(`\\nnext: npx dropsweep leaderboard --sweep ends --db ${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `));
  assert.match(r.stdout, /\n {6}npx dropsweep show ends\/[0-9a-f]{16} --db /);
  assert.match(r.stdout, /\n {6}npx dropsweep report --sweep ends --db /);
  assert.match(r.stderr, /done: sweep ends: 5\/5 trials done, 50\/50 fold fits stored; this runner: 5 trial\(s\), 50 fold fits in /);
});
