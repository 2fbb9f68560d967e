import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildLeaderboard } from '../../src/report/leaderboard.js';
import { FOUR_FOLDS, trial } from './trial-scores.js';

// Which trial is the best, and how every other complete trial is compared with it: on the folds
// both have (p), and in the could-be-best set (pMcs, likeBest: in the set when pMcs >= alpha).

const four = (a: number[]) => Object.fromEntries(a.map((x, i) => [`${i}/0`, x]));
const opts = FOUR_FOLDS;

test('no complete trial: no best, and no p-values', () => {
  const board = buildLeaderboard([trial('partial', { '0/0': 0.9 }), trial('failed', {}, { state: 'failed' })], opts);
  assert.equal(board.best, null);
  for (const r of board.rows) assert.deepEqual([r.p, r.pMcs, r.likeBest], [null, null, null]);
  assert.equal(board.bestSet, undefined);
});

test('equal best means: the smaller trial key is the best, whatever the input order', () => {
  const scores = [0.75, 0.5, 0.75, 1];
  for (const order of [
    ['b', 'a'],
    ['a', 'b'],
  ]) {
    const board = buildLeaderboard(order.map((k) => trial(k, four(scores))), opts);
    assert.equal(board.best, 'a');
    const b = board.rows.find((r) => r.trialKey === 'b')!;
    // Identical folds: every difference is 0, so t = 0 and p = 1 exactly; exact ties stay in the set together.
    assert.deepEqual([b.p, b.pMcs, b.likeBest], [1, 1, true]);
    assert.equal(board.rows.find((r) => r.trialKey === 'a')!.p, null);
  }
});

test('the best does not depend on the display sort: among equal means, the smaller key', () => {
  // Same folds, so the same mean and std; 'b' is faster, so sorting by time shows it first.
  const acc = [0.75, 0.5, 0.75, 1];
  const a = trial('a', four(acc));
  const b = trial('b', four(acc));
  for (const [k, f] of b.folds) b.folds.set(k, { ...f, seconds: 0.5 });
  for (const sort of ['mean', 'std', 'time'] as const) {
    for (const input of [
      [a, b],
      [b, a],
    ]) {
      const board = buildLeaderboard(input, { ...opts, sort });
      assert.equal(board.best, 'a', `sort ${sort}, input ${input.map((t) => t.trialKey)}`);
    }
  }
  assert.deepEqual(
    buildLeaderboard([a, b], { ...opts, sort: 'time' }).rows.map((r) => r.trialKey),
    ['b', 'a'],
  );
});

test('a trial is compared on the folds it shares with the best, and only those, never on zero variance', () => {
  // Best: 0.75 on 0/0..3/0. Other: 0.5 on 0/0..2/0, and a fold 9/0 the best does not have.
  // Shared differences 0.25, 0.25, 0.25 (exact in binary): zero variance. The row count is not
  // given, so one row is the smallest gap between two trials on a fold, 0.25, and the variance is
  // floored at 0.25^2 / 2: t = 0.25 / sqrt((1/3 + 1/3) 0.03125) = sqrt(3), df 2.
  const best = trial('best', four([0.75, 0.75, 0.75, 0.75]));
  const other = trial('other', { '0/0': 0.5, '1/0': 0.5, '2/0': 0.5, '9/0': 0.5 });
  const board = buildLeaderboard([other, best], opts);
  assert.equal(board.best, 'best');
  const o = board.rows.find((r) => r.trialKey === 'other')!;
  assert.equal(o.status, 'complete');
  // df 2 closed forms: two-sided p = 1 - t / sqrt(2 + t^2); the set's step p (two trials, one
  // comparison) is the one-sided half of it.
  const twoSided = 1 - Math.sqrt(3) / Math.sqrt(5);
  assert.ok(Math.abs(o.p! - twoSided) < 1e-12, `p ${o.p}`);
  assert.ok(Math.abs(o.pMcs! - twoSided / 2) < 1e-12, `pMcs ${o.pMcs}`);
  assert.equal(o.likeBest, true, 'one row behind on three folds does not rule it out');
  // Given the rows held out (4 per fold: one row is 0.25 again), the same floor.
  const given = buildLeaderboard([other, best], { ...opts, heldOutRows: 4 }).rows.find((r) => r.trialKey === 'other')!;
  assert.equal(given.p, o.p);
  // 100 rows per fold: a floor of 0.01^2 / 2, so the steady quarter behind is now far out.
  const many = buildLeaderboard([other, best], { ...opts, heldOutRows: 100 }).rows.find((r) => r.trialKey === 'other')!;
  assert.ok(many.p! < 1e-3 && many.likeBest === false, `p ${many.p}, ~best ${many.likeBest}`);
});

test('one fold each: no t-test is possible, so p, pHolm and likeBest stay null (the best itself is like the best)', () => {
  const board = buildLeaderboard([trial('x', { '0/0': 0.9 }), trial('y', { '0/0': 0.5 })], { ...opts, foldsPlanned: 1 });
  assert.equal(board.best, 'x');
  const y = board.rows.find((r) => r.trialKey === 'y')!;
  assert.deepEqual([y.status, y.p, y.pMcs, y.likeBest], ['complete', null, null, null]);
  assert.equal(board.rows.find((r) => r.trialKey === 'x')!.likeBest, true);
});

test('a set p-value equal to alpha is still in the set (p >= alpha)', () => {
  const trials = [trial('best', four([0.9, 0.95, 0.85, 0.9])), trial('near', four([0.85, 0.95, 0.8, 0.85]))];
  const first = buildLeaderboard(trials, opts).rows.find((r) => r.trialKey === 'near')!;
  assert.ok(first.pMcs !== null && first.pMcs > 0 && first.pMcs < 1);
  const atAlpha = buildLeaderboard(trials, { ...opts, alpha: first.pMcs! }).rows.find((r) => r.trialKey === 'near')!;
  assert.equal(atAlpha.likeBest, true);
  const above = buildLeaderboard(trials, { ...opts, alpha: first.pMcs! * 1.0001 }).rows.find((r) => r.trialKey === 'near')!;
  assert.equal(above.likeBest, false);
});

test('a pruned trial is never ranked among complete ones, whatever its partial mean; --include-pruned shows it, marked', async () => {
  const { statusText, leaderboardColumns } = await import('../../src/report/leaderboard-columns.js');
  const pruned = trial('p', { '0/0': 1, '1/0': 1 }, { state: 'pruned', prunedBy: 'a123456789abcdef', prunedP: 0.003, prunedAfter: 2 });
  const trials = [trial('a', four([0.75, 0.5, 0.75, 1])), trial('b', four([0.5, 0.5, 0.5, 0.75])), pruned, trial('f', {}, { state: 'failed', error: 'x' })];
  const board = buildLeaderboard(trials, opts);
  assert.deepEqual(board.rows.map((r) => [r.trialKey, r.rank, r.status]), [['a', 1, 'complete'], ['b', 2, 'complete'], ['p', null, 'pruned'], ['f', null, 'failed']]);
  assert.equal(board.best, 'a');
  const p = board.rows[2];
  assert.deepEqual([p.mean, p.p, p.likeBest], [null, null, null], 'no mean and no test unless asked');
  assert.equal(statusText(p), 'pruned after 2/4 folds, p = 0.003 vs a123456789');
  assert.deepEqual(board.racing, { pruned: 1, fitsSaved: 2 });
  const wide = buildLeaderboard(trials, { ...opts, includePruned: true });
  const shown = wide.rows.find((r) => r.trialKey === 'p')!;
  assert.deepEqual([shown.mean, shown.rank], [100, null]);
  assert.equal(leaderboardColumns(wide).find((c) => c.key === 'meanPct')!.text!(shown), '100.00*');
  assert.equal(wide.rows[0].trialKey, 'a');
});
