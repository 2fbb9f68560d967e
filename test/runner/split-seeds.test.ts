import assert from 'node:assert/strict';
import { test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { query, startRun, sweepDir } from './runner-fixture.js';

// `splitSeeds` deals each repeat with its own seed: a repeat dealt with the sweep's own seed gives
// exactly the folds of a sweep without splitSeeds, and another seed gives other results.

const write = (dir: string, name: string, extra: string) => {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, `name: ${name}\nseed: 7\ntrainSeed: t\nrepeats: 2\n${extra}protocol:\n  epochs: 20\n  hidden: [10]\ngrid:\n  lr: [0.03]\n`);
  return file;
};

test('splitSeeds: repeat r is dealt with splitSeeds[r]; seeds equal to the sweep seed reproduce its folds, another seed changes only its repeat', async () => {
  const { dir, db } = sweepDir();
  for (const [name, extra] of [['plain', ''], ['same', 'splitSeeds: [7, 7]\n'], ['fresh', 'splitSeeds: [7, 8]\n']]) {
    const r = await startRun([write(dir, name, extra), '--db', db, '--workers', '1', '--quiet']).done;
    assert.equal(r.code, 0, r.stderr);
  }
  const scores = (sweep: string, repeat: number) =>
    query<{ accuracy: number }>(db, 'SELECT r.accuracy FROM fold_results r JOIN trials t ON t.id = r.trial_id JOIN sweeps s ON s.id = t.sweep_id WHERE s.name = ? AND r.repeat = ? ORDER BY r.fold', sweep, repeat).map((x) => x.accuracy);
  for (const repeat of [0, 1]) assert.deepEqual(scores('same', repeat), scores('plain', repeat), `repeat ${repeat}: seed 7 is the sweep's own split`);
  assert.deepEqual(scores('fresh', 0), scores('plain', 0));
  assert.equal(scores('fresh', 1).length, 10);
  assert.notDeepEqual(scores('fresh', 1), scores('plain', 1), 'repeat 1 dealt with seed 8: other rows, other scores');
});
