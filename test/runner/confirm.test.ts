import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { CLI, runCli } from '../helpers.js';
import { query, startRun, sweepDir, writeGradedSweep } from './runner-fixture.js';

/** Two-sided 95% quantile of Student's t with 19 degrees of freedom (tables: 2.093024). */
const T_975_19 = 2.093024054408263;

interface Confirmed {
  trialKey: string;
  sweepRank: number;
  sweepMean: number;
  mean: number;
  low: number;
  high: number;
  cells: number;
  df: number;
  drop: number;
}
const confirm = (db: string, top: number, repeats: number) => {
  const r = spawnSync(process.execPath, [CLI, 'confirm', '--db', db, '--sweep', 'graded', '--top', String(top), '--repeats', String(repeats), '--workers', '2', '--format', 'json', '--quiet'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { sweep: string; splitSeeds: number[]; method: string; picked: { trialKey: string; rank: number }[]; confirmed: Confirmed[]; ranking: { trialKey: string; folds: number; status: string }[] };
};

test('confirm: the top K on R new splits with new training seeds; each mean with the Bouckaert-Frank corrected interval and its drop, as the formulas give them from the stored folds', async () => {
  const { dir, db } = sweepDir();
  const file = writeGradedSweep(dir, 'graded');
  assert.equal((await startRun([file, '--db', db, '--workers', '2', '--quiet']).done).code, 0);
  const out = confirm(db, 2, 2);
  assert.equal(out.sweep, 'graded-confirm');
  assert.deepEqual(out.splitSeeds, [8, 9], 'new split seeds, none the sweep\'s own (7)');
  assert.match(out.method, /Bouckaert & Frank/);
  const board = JSON.parse(runCli(['leaderboard', '--db', db, '--sweep', 'graded', '--format', 'json']).stdout) as { trialKey: string; confirmedPct: number | null }[];
  assert.deepEqual(out.picked.map((p) => p.trialKey), board.slice(0, 2).map((b) => b.trialKey), 'the two best complete trials');
  assert.deepEqual(out.ranking.map((x) => [x.folds, x.status]), [[20, 'complete'], [20, 'complete']], 'ranked over every new repeat');

  const sweeps = query<{ name: string; seed: number; folds: number; repeats: number; spec: string }>(db, 'SELECT name, seed, folds, repeats, spec FROM sweeps ORDER BY id');
  assert.deepEqual(sweeps.map((s) => [s.name, s.folds, s.repeats]), [['graded', 10, 1], ['graded-confirm', 10, 2]]);
  assert.deepEqual(JSON.parse(sweeps[1].spec).splitSeeds, [8, 9], 'the split seeds are stored with the sweep: a resume deals the same rows');
  const rows = query<{ name: string; trial_key: string; fold: number; repeat: number; seed: string; accuracy: number }>(
    db,
    'SELECT s.name, t.trial_key, r.fold, r.repeat, r.seed, r.accuracy FROM fold_results r JOIN trials t ON t.id = r.trial_id JOIN sweeps s ON s.id = t.sweep_id',
  );
  const original = new Set(rows.filter((x) => x.name === 'graded').map((x) => x.seed));
  assert.ok(rows.filter((x) => x.name === 'graded-confirm').every((x) => !original.has(x.seed)), 'no training seed of the original run is reused');

  // The reference, from the stored folds: mean of the r k = 20 cells, s^2 their sample variance
  // (at least (1/20)^2 / 2: Sonar's 208 rows in 10 folds hold 20 or 21), se = sqrt((1/20 + 1/9) s^2),
  // 95% interval mean -/+ t(0.975, 19) se; the drop is the sweep mean (10 folds) minus it.
  for (const c of out.confirmed) {
    const cells = rows.filter((x) => x.name === 'graded-confirm' && x.trial_key === c.trialKey).map((x) => x.accuracy);
    assert.equal(cells.length, 20);
    const m = cells.reduce((a, b) => a + b, 0) / 20;
    const s2 = Math.max(cells.reduce((a, b) => a + (b - m) ** 2, 0) / 19, 1 / 800);
    const se = Math.sqrt((1 / 20 + 1 / 9) * s2);
    const sweepFolds = rows.filter((x) => x.name === 'graded' && x.trial_key === c.trialKey).map((x) => x.accuracy);
    const sweepMean = (100 * sweepFolds.reduce((a, b) => a + b, 0)) / sweepFolds.length;
    const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-9, `${c.trialKey} ${what}: ${a} vs ${b}`);
    close(c.mean, 100 * m, 'mean');
    close(c.low, 100 * (m - T_975_19 * se), 'low');
    close(c.high, 100 * (m + T_975_19 * se), 'high');
    close(c.sweepMean, sweepMean, 'sweep mean');
    close(c.drop, sweepMean - 100 * m, 'drop');
    assert.deepEqual([c.cells, c.df], [20, 19]);
  }
  const text = spawnSync(process.execPath, [CLI, 'confirm', '--db', db, '--sweep', 'graded', '--top', '2', '--repeats', '2', '--quiet'], { encoding: 'utf8' });
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, new RegExp(`${out.confirmed[0].trialKey.slice(0, 10)}: rank 1 \\(\\d+\\.\\d\\d%\\) in graded -> confirmed ${out.confirmed[0].mean.toFixed(2)}% \\[${out.confirmed[0].low.toFixed(2)}, ${out.confirmed[0].high.toFixed(2)}\\] over 20 cells, ((fell|rose) \\d+\\.\\d\\d points|unchanged)`));
  for (const x of board.slice(0, 2)) assert.equal(typeof x.confirmedPct, 'number', 'the leaderboard marks confirmed trials');
  assert.ok(board.slice(2).every((x) => x.confirmedPct === null));
  // The folds are other rows than the sweep's: compare refuses to pair them.
  const key = out.picked[0].trialKey;
  const cmp = runCli(['compare', `graded/${key}`, `graded-confirm/${key}`, '--db', db]);
  assert.equal(cmp.code, 2);
  assert.match(cmp.stderr, /cannot be paired fold by fold: their sweeps differ in split seeds/);
});

test('confirm again: the same --top and --repeats resume the same confirmation (nothing re-run); others make a new one, which the leaderboard then shows', async () => {
  const { dir, db } = sweepDir();
  const file = writeGradedSweep(dir, 'graded', '', [0.003, 0.01, 0.03, 0.1]);
  assert.equal((await startRun([file, '--db', db, '--workers', '2', '--quiet']).done).code, 0);
  const first = confirm(db, 1, 2);
  const fits = () => query<{ n: number }>(db, 'SELECT count(*) AS n FROM fold_results')[0].n;
  const before = fits();
  const again = confirm(db, 1, 2);
  assert.equal(again.sweep, 'graded-confirm');
  assert.equal(fits(), before, 'nothing trained again');
  assert.deepEqual(again.confirmed, first.confirmed);
  const wider = confirm(db, 2, 3);
  assert.equal(wider.sweep, 'graded-confirm-2');
  assert.deepEqual(wider.splitSeeds, [8, 9, 10]);
  assert.equal(fits(), before + 2 * 3 * 10);
  assert.deepEqual(query<{ name: string }>(db, 'SELECT name FROM sweeps ORDER BY id').map((s) => s.name), ['graded', 'graded-confirm', 'graded-confirm-2']);
  const board = JSON.parse(runCli(['leaderboard', '--db', db, '--sweep', 'graded', '--format', 'json']).stdout) as { trialKey: string; confirmedPct: number | null }[];
  // The leaderboard's JSON rounds to 4 decimals.
  assert.deepEqual(board.filter((b) => b.confirmedPct !== null).map((b) => [b.trialKey, b.confirmedPct]), wider.confirmed.map((c) => [c.trialKey, Math.round(c.mean * 1e4) / 1e4]));
  assert.match(runCli(['leaderboard', '--db', db, '--sweep', 'graded']).stdout, /confirmed %: mean over the re-runs of sweep graded-confirm-2/);
  const refused = runCli(['confirm', '--db', db, '--sweep', 'graded-confirm-2', '--quiet']);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /sweep "graded-confirm-2" is already a confirmation/);
});
