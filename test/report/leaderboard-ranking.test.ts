import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildLeaderboard } from '../../src/report/leaderboard.js';
import { referenceMcs } from '../stats/mcs-reference.js';
import { tTwoSided } from '../stats/t-reference.js';
import { FOUR_FOLDS, trial } from './trial-scores.js';

const opts = FOUR_FOLDS;

test('ranking: by mean, ties share the lower rank, key breaks the tie for order', () => {
  const board = buildLeaderboard(
    [trial('c', [0.8, 0.8, 0.8, 0.8]), trial('b', [0.9, 0.7, 0.9, 0.7]), trial('a', [0.9, 0.7, 0.9, 0.7]), trial('d', [0.9, 0.9, 0.9, 0.9])],
    opts,
  );
  assert.deepEqual(board.rows.map((r) => [r.rank, r.trialKey]), [
    [1, 'd'],
    [2, 'c'], // same mean as a and b but a smaller std
    [2, 'a'],
    [2, 'b'],
  ]);
  assert.equal(board.best, 'd');
});

test('incomplete trials rank after complete ones; failed ones come last; --top counts what it cut', () => {
  const board = buildLeaderboard(
    [
      trial('failed', [], { state: 'failed', error: 'worker died' }),
      trial('partial', [0.99, 0.99]),
      trial('diverged', [0.99, null, 0.99, 0.99]),
      trial('ok', [0.7, 0.7, 0.7, 0.7]),
    ],
    opts,
  );
  assert.deepEqual(board.rows.map((r) => [r.rank, r.trialKey, r.status]), [
    [1, 'ok', 'complete'],
    [2, 'diverged', 'incomplete'],
    [2, 'partial', 'incomplete'],
    [null, 'failed', 'failed'],
  ]);
  assert.equal(board.rows[1].diverged, 1);
  assert.equal(board.rows[3].error, 'worker died');
  assert.equal(board.best, 'ok', 'an incomplete trial is never the best');
  const top = buildLeaderboard([trial('failed', [], { state: 'failed' }), trial('partial', [0.99]), trial('ok', [0.7, 0.7, 0.7, 0.7])], { ...opts, top: 1 });
  assert.deepEqual(top.rows.map((r) => r.trialKey), ['ok']);
  assert.deepEqual(top.cut, { complete: 0, incomplete: 1, pruned: 0, failed: 1 });
});

test('p-values: each trial against the best on paired folds (p), and the could-be-best set (pMcs), as the references compute them', () => {
  const best = [0.9, 0.95, 0.85, 0.9];
  const near = [0.88, 0.95, 0.86, 0.87];
  const far = [0.6, 0.65, 0.55, 0.6];
  // 100 rows held out per fold: a variance floor of 0.01^2 / 2, below both trials' own variance.
  const board = buildLeaderboard([trial('far', far), trial('best', best), trial('near', near)], { ...opts, heldOutRows: 100 });
  const floor = 0.01 ** 2 / 2;
  const corrected = (x: number[]) => {
    const d = best.map((b, i) => b - x[i]);
    const m = d.reduce((s, v) => s + v, 0) / 4;
    const s2 = Math.max(d.reduce((s, v) => s + (v - m) ** 2, 0) / 3, floor);
    return tTwoSided(m / Math.sqrt((1 / 4 + 1 / 3) * s2), 3);
  };
  const set = referenceMcs([far, best, near], 1 / 3, floor);
  const byKey = Object.fromEntries(board.rows.map((r) => [r.trialKey, r]));
  const close = (got: number | null, want: number, what: string) => assert.ok(got !== null && Math.abs(got - want) < 1e-6, `${what}: ${got} vs ${want}`);
  assert.equal(byKey.best.p, null);
  assert.equal(byKey.best.likeBest, true);
  close(byKey.near.p, corrected(near), 'p of near');
  close(byKey.far.p, corrected(far), 'p of far');
  close(byKey.far.pMcs, set[0], 'set p of far');
  close(byKey.best.pMcs, set[1], 'set p of best');
  close(byKey.near.pMcs, set[2], 'set p of near');
  assert.equal(byKey.near.likeBest, true);
  assert.equal(byKey.far.likeBest, false);
  assert.ok(byKey.far.pMcs! < 0.05);
  assert.deepEqual(board.bestSet, { size: 2, complete: 3, level: 0.95 });
});

test('sort std: the trials like the best, steadiest first; a degenerate model never leads; the best stays the best by mean', () => {
  // high: mean 85, std 5. near: mean 85 - 0.0 (diffs +-4 points around 0, t = 0, p = 1: like the best), std 1.
  // constant: every fold 53% (a one-class model), std 0: far below the best (p < 0.05 by hand: diffs
  // 0.37, 0.27, 0.37, 0.27, mean 0.32, s = 0.0577, corrected se = sqrt((1/4 + 1/3) * 0.00333) = 0.0441, t = 7.3, df 3).
  const board = buildLeaderboard(
    [trial('constant', [0.53, 0.53, 0.53, 0.53]), trial('high', [0.9, 0.8, 0.9, 0.8]), trial('near', [0.86, 0.84, 0.86, 0.84])],
    { ...opts, sort: 'std' },
  );
  assert.deepEqual(board.rows.map((r) => r.trialKey), ['near', 'high', 'constant']);
  assert.equal(board.rows[2].likeBest, false);
  assert.equal(board.best, 'high');
});

test('mean, std and interval are in percent; dimensions that vary are reported', () => {
  const board = buildLeaderboard([trial('a', [0.8, 0.9, 0.8, 0.9]), trial('b', [0.8, 0.9, 0.8, 0.9], { epochs: 100 })], opts);
  const a = board.rows.find((r) => r.trialKey === 'a')!;
  assert.ok(Math.abs(a.mean! - 85) < 1e-9);
  assert.ok(Math.abs(a.std! - 5) < 1e-9);
  assert.ok(a.ciLow! < 85 && a.ciHigh! > 85);
  assert.deepEqual(board.varying, ['epochs']);
});
