import assert from 'node:assert/strict';
import { test } from 'node:test';
import { intervalText, leaderboardColumns, statusText } from '../../src/report/leaderboard-columns.js';
import { buildLeaderboard } from '../../src/report/leaderboard.js';
import { FOUR_FOLDS, trial } from './trial-scores.js';

test('listed trials with no fold stored get no rank and read "not started", after the started ones, whatever the sort', () => {
  const trials = [trial('done', [0.8, 0.9, 0.8, 0.9]), trial('pend', [], { state: 'pending' }), trial('half', [0.7, 0.72], { state: 'pending' }), trial('run0', [], { state: 'running' })];
  for (const sort of ['mean', 'std', 'time'] as const) {
    const board = buildLeaderboard(trials, { ...FOUR_FOLDS, includePending: true, sort });
    assert.deepEqual(board.rows.map((r) => [r.trialKey, r.rank]), [['done', 1], ['half', 2], ['pend', null], ['run0', null]], `sort ${sort}`);
    assert.deepEqual(board.rows.map(statusText), ['', '2 folds missing', 'not started', 'not started']);
  }
});

test('an interval past 0-100 is printed to the bound and marked (clipped); json keeps the computed ends', () => {
  assert.equal(intervalText(78.04, 105.33), '78.0-100.0 (clipped)');
  assert.equal(intervalText(-0.5, 103.2), '0.0-100.0 (clipped)');
  assert.equal(intervalText(80.2, 97.8), '80.2-97.8');
  assert.equal(intervalText(null, null), '-');
  const board = buildLeaderboard([trial('a', [1, 1, 1, 0.75]), trial('b', [0.6, 0.7, 0.6, 0.7])], FOUR_FOLDS);
  const ci = leaderboardColumns(board).find((c) => c.key === 'ci95Low')!;
  const high = leaderboardColumns(board).find((c) => c.key === 'ci95High')!;
  const a = board.rows.find((r) => r.trialKey === 'a')!;
  // Mean 93.75, s = 12.5, corrected se = sqrt((1/4 + 1/3) x 156.25) = 9.547, t(0.975, 3) = 3.182: high 124.1.
  assert.ok(Math.abs((high.value(a) as number) - (93.75 + 3.1824463 * Math.sqrt((1 / 4 + 1 / 3) * 156.25))) < 1e-3, 'json: the computed end');
  assert.match(ci.text!(a), /^\d+\.\d-100\.0 \(clipped\)$/);
});
