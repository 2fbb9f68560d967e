import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildLeaderboard } from '../../src/report/leaderboard.js';
import { FOUR_FOLDS, trial } from './trial-scores.js';

// The order, ranks and counts of the leaderboard for every sort key, with every tie-break reached,
// whatever order the store hands the trials in.

const opts = FOUR_FOLDS;

/** Every order of the input, so no result rests on the order the store returned rows in. */
function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}
const keys = (b: ReturnType<typeof buildLeaderboard>) => b.rows.map((r) => r.trialKey);

test('by mean: highest first, whatever the input order', () => {
  // Means 0.6, 0.7, 0.8, 0.9, each four equal folds.
  const trials = [trial('m6', [0.6, 0.6, 0.6, 0.6]), trial('m9', [0.9, 0.9, 0.9, 0.9]), trial('m7', [0.7, 0.7, 0.7, 0.7]), trial('m8', [0.8, 0.8, 0.8, 0.8])];
  for (const p of permutations(trials)) assert.deepEqual(keys(buildLeaderboard(p, opts)), ['m9', 'm8', 'm7', 'm6']);
});

test('equal means: the smaller std first, then the smaller trial key', () => {
  // All means 0.75. Population stds: [0.75 x 4] -> 0; [0.7, 0.8, 0.7, 0.8] -> 0.05; [0.5, 1, 0.5, 1] -> 0.25.
  const trials = [trial('wide', [0.5, 1, 0.5, 1]), trial('mid', [0.7, 0.8, 0.7, 0.8]), trial('z-flat', [0.75, 0.75, 0.75, 0.75]), trial('a-flat', [0.75, 0.75, 0.75, 0.75])];
  for (const p of permutations(trials)) {
    const b = buildLeaderboard(p, opts);
    assert.deepEqual(keys(b), ['a-flat', 'z-flat', 'mid', 'wide']);
    assert.deepEqual(b.rows.map((r) => r.rank), [1, 1, 1, 1], 'equal means share rank 1');
  }
});

test('by std: smallest first; by time: fastest first; ties fall back to mean, then std, then key', () => {
  const slow = trial('slow', [
    { accuracy: 0.9, seconds: 5 },
    { accuracy: 0.8, seconds: 5 },
    { accuracy: 0.9, seconds: 5 },
    { accuracy: 0.8, seconds: 5 },
  ]); // mean 0.85, std 0.05, 20 s
  const quick = trial('quick', [
    { accuracy: 0.5, seconds: 1 },
    { accuracy: 1, seconds: 2 },
    { accuracy: 0.5, seconds: 3 },
    { accuracy: 1, seconds: 4 },
  ]); // mean 0.75, std 0.25, 10 s
  const steady = trial('steady', [
    { accuracy: 0.7, seconds: 4 },
    { accuracy: 0.7, seconds: 4 },
    { accuracy: 0.7, seconds: 4 },
    { accuracy: 0.7, seconds: 3 },
  ]); // mean 0.7, std 0, 15 s
  const spread = trial('spread', [
    { accuracy: 0.8, seconds: 6 },
    { accuracy: 1, seconds: 6 },
    { accuracy: 0.8, seconds: 6 },
    { accuracy: 1, seconds: 6 },
  ]); // mean 0.9, std 0.1, 24 s: the best mean is neither the steadiest nor the fastest
  for (const p of permutations([slow, quick, steady, spread])) {
    assert.deepEqual(keys(buildLeaderboard(p, { ...opts, sort: 'std' })), ['steady', 'slow', 'spread', 'quick']);
    assert.deepEqual(keys(buildLeaderboard(p, { ...opts, sort: 'time' })), ['quick', 'steady', 'slow', 'spread']);
  }
  const seconds = Object.fromEntries(buildLeaderboard([slow, quick, steady, spread], opts).rows.map((r) => [r.trialKey, r.seconds]));
  assert.deepEqual(seconds, { slow: 20, quick: 10, steady: 15, spread: 24 }, 'seconds are the sum over folds');

  // Same time (4 s each): mean decides; same time and mean: std decides; all three equal: key.
  const t = (key: string, accs: number[]) => trial(key, accs.map((accuracy) => ({ accuracy, seconds: 1 })));
  const tied = [t('lowmean', [0.6, 0.6, 0.6, 0.6]), t('wide', [0.5, 1, 0.5, 1]), t('b-narrow', [0.7, 0.8, 0.7, 0.8]), t('a-narrow', [0.7, 0.8, 0.7, 0.8])];
  for (const p of permutations(tied)) assert.deepEqual(keys(buildLeaderboard(p, { ...opts, sort: 'time' })), ['a-narrow', 'b-narrow', 'wide', 'lowmean']);
  // Std ties at 0.05 the same way: the higher mean first.
  const stdTied = [t('low', [0.6, 0.7, 0.6, 0.7]), t('high', [0.8, 0.9, 0.8, 0.9])];
  for (const p of permutations(stdTied)) assert.deepEqual(keys(buildLeaderboard(p, { ...opts, sort: 'std' })), ['high', 'low']);
});

test('incomplete trials rank among themselves after the complete ones; one with no score at all comes last of them', () => {
  const board = buildLeaderboard(
    [
      trial('all-diverged-b', [null, null, null, null]),
      trial('half', [0.8, 0.8]),
      trial('complete', [0.8, 0.8, 0.8, 0.8]),
      trial('all-diverged-a', [null, null]),
    ],
    opts,
  );
  assert.deepEqual(
    board.rows.map((r) => [r.trialKey, r.status, r.rank]),
    [
      ['complete', 'complete', 1],
      ['half', 'incomplete', 2], // the same mean as 'complete', but another group: its own rank
      ['all-diverged-a', 'incomplete', 3],
      ['all-diverged-b', 'incomplete', 3], // no mean on either: a tie
    ],
  );
  const none = board.rows[2];
  assert.deepEqual([none.mean, none.std, none.ciLow, none.ciHigh], [null, null, null, null]);
  assert.equal(board.rows[3].diverged, 4);
});

test('by time, an unscored trial comes after a scored one of the same time', () => {
  const scored = trial('z-scored', [0.6, null, null, null]);
  const unscored = trial('a-unscored', [null, null, null, null]);
  for (const p of permutations([scored, unscored])) assert.deepEqual(keys(buildLeaderboard(p, { ...opts, sort: 'time' })), ['z-scored', 'a-unscored']);
});

test('two scored folds are enough for an interval; one is not', () => {
  const b = buildLeaderboard([trial('two', [0.5, 0.75]), trial('one', [0.5])], opts);
  const two = b.rows.find((r) => r.trialKey === 'two')!;
  const one = b.rows.find((r) => r.trialKey === 'one')!;
  assert.ok(two.ciLow !== null && two.ciHigh !== null && two.ciLow < 62.5 && two.ciHigh > 62.5, `${two.ciLow} .. ${two.ciHigh}`);
  assert.deepEqual([one.ciLow, one.ciHigh, one.mean, one.std], [null, null, 50, 0]);
});

test('--top counts what it cut in each group', () => {
  const board = buildLeaderboard(
    [
      trial('c1', [0.9, 0.9, 0.9, 0.9]),
      trial('c2', [0.8, 0.8, 0.8, 0.8]),
      trial('c3', [0.7, 0.7, 0.7, 0.7]),
      trial('i1', [0.9]),
      trial('i2', [0.8]),
      trial('i3', [0.7]),
      trial('f1', [], { state: 'failed' }),
    ],
    { ...opts, top: 2 },
  );
  assert.deepEqual(keys(board), ['c1', 'c2']);
  assert.deepEqual(board.cut, { complete: 1, incomplete: 3, pruned: 0, failed: 1 });
  const all = buildLeaderboard([trial('c1', [0.9, 0.9, 0.9, 0.9]), trial('f1', [], { state: 'failed' })], opts);
  assert.deepEqual(all.cut, { complete: 0, incomplete: 0, pruned: 0, failed: 0 });
  assert.equal(all.rows.length, 2);
});
