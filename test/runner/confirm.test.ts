import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { CLI, runCli } from '../helpers.js';
import { query, startRun, sweepDir, writeGradedSweep } from './runner-fixture.js';

test('confirm: the top K complete trials again, with new training seeds on the same folds; ranked over the new repeats; the leaderboard marks them', async () => {
  const { dir, db } = sweepDir();
  const file = writeGradedSweep(dir, 'graded');
  assert.equal((await startRun([file, '--db', db, '--workers', '2', '--quiet']).done).code, 0);
  const r = spawnSync(process.execPath, [CLI, 'confirm', '--db', db, '--sweep', 'graded', '--top', '2', '--repeats', '2', '--workers', '2', '--format', 'json', '--quiet'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { sweep: string; picked: { trialKey: string; rank: number }[]; ranking: { trialKey: string; folds: number; rank: number; status: string }[] };
  assert.equal(out.sweep, 'graded-confirm');
  const board = JSON.parse(runCli(['leaderboard', '--db', db, '--sweep', 'graded', '--format', 'json']).stdout) as { trialKey: string; confirmedPct: number | null }[];
  assert.deepEqual(out.picked.map((p) => p.trialKey), board.slice(0, 2).map((b) => b.trialKey), 'the two best complete trials');
  assert.deepEqual(out.ranking.map((x) => [x.folds, x.status]), [[20, 'complete'], [20, 'complete']], 'ranked over every new repeat');
  assert.deepEqual(new Set(out.ranking.map((x) => x.trialKey)), new Set(out.picked.map((p) => p.trialKey)), 'the same trial keys');

  // The same folds: same data, split seed and fold count; new model seeds (another root, two repeats).
  const sweeps = query<{ name: string; seed: number; folds: number; repeats: number; data_sha256: string }>(db, 'SELECT name, seed, folds, repeats, data_sha256 FROM sweeps ORDER BY id');
  assert.deepEqual(sweeps.map((s) => [s.name, s.seed, s.folds, s.repeats]), [['graded', 7, 10, 1], ['graded-confirm', 7, 10, 2]]);
  assert.equal(sweeps[0].data_sha256, sweeps[1].data_sha256);
  const seeds = query<{ name: string; trial_key: string; fold: number; repeat: number; seed: string; accuracy: number }>(
    db,
    'SELECT s.name, t.trial_key, r.fold, r.repeat, r.seed, r.accuracy FROM fold_results r JOIN trials t ON t.id = r.trial_id JOIN sweeps s ON s.id = t.sweep_id',
  );
  const confirmRows = seeds.filter((x) => x.name === 'graded-confirm');
  assert.equal(confirmRows.length, 2 * 10 * 2);
  for (const x of confirmRows) assert.equal(x.seed, `7-confirm/${x.trial_key}/${x.fold}/${x.repeat}`);
  const original = new Set(seeds.filter((x) => x.name === 'graded').map((x) => x.seed));
  assert.ok(confirmRows.every((x) => !original.has(x.seed)), 'no seed of the original run is reused');
  // Trials of the two sweeps pair fold by fold (compare refuses unless the folds are the same rows).
  const key = out.picked[0].trialKey;
  const cmp = JSON.parse(runCli(['compare', `graded/${key}`, `graded-confirm/${key}`, '--db', db, '--format', 'json']).stdout) as { pairs: unknown[] };
  assert.equal(cmp.pairs.length, 10);
  for (const x of board.slice(0, 2)) assert.equal(typeof x.confirmedPct, 'number', 'the leaderboard marks confirmed trials');
  assert.ok(board.slice(2).every((x) => x.confirmedPct === null));
  assert.match(runCli(['leaderboard', '--db', db, '--sweep', 'graded']).stdout, /confirmed %: mean over the new training seeds of sweep graded-confirm/);
});
