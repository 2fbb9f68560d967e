import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildLeaderboard } from '../../src/report/leaderboard.js';
import { FOUR_FOLDS, trial } from './trial-scores.js';

// Trials not started yet, and --sort std, at the level of the pure leaderboard assembly.

const opts = FOUR_FOLDS;

test('trials with no fold yet are counted, not listed, unless asked; a failed trial with no fold is listed', () => {
  const trials = [
    trial('done', [0.8, 0.9, 0.8, 0.9]),
    trial('pend', [], { state: 'pending' }),
    trial('run0', [], { state: 'running' }),
    trial('started', [0.7, 0.72], { state: 'running' }),
    trial('dead', [], { state: 'failed', error: 'boom' }),
  ];
  const board = buildLeaderboard(trials, opts);
  assert.equal(board.pending, 2, 'pend and run0');
  assert.deepEqual(board.rows.map((r) => r.trialKey), ['done', 'started', 'dead']);
  assert.deepEqual(board.rows.map((r) => r.rank), [1, 2, null]);
  // Only complete trials are compared with the best: an incomplete one gets no p-value.
  assert.deepEqual(board.rows.map((r) => [r.p, r.likeBest]), [[null, true], [null, null], [null, null]]);
  const all = buildLeaderboard(trials, { ...opts, includePending: true });
  assert.equal(all.pending, 0);
  assert.deepEqual(all.rows.map((r) => r.trialKey).sort(), ['dead', 'done', 'pend', 'run0', 'started']);
  const none = buildLeaderboard([trial('a', [0.5, 0.5, 0.5, 0.5])], opts);
  assert.equal(none.pending, 0);
  assert.equal(none.rows.length, 1);
});

test('--sort std: trials like the best by std (steadiest first), then the others by mean, best first', () => {
  // best: mean 85, std 5. twin: mean 85 (diffs +-0.04 around 0: t = 0, p = 1), std 1.
  // Far below: mid 55 (std 0), low2 50.5 (std 0.5), low 50 (std 0). For mid, by hand, against
  // twin: diffs 0.31, 0.29, 0.31, 0.29, mean 0.30, s = 0.0115, corrected se = sqrt((1/4 + 1/3) x
  // 0.000133) = 0.0088, t = 34 with 3 df: out of the could-be-best set at any step (one-sided p
  // x 4 comparisons < 0.001); low and low2 are further still. Among these rows the order is by
  // mean, whatever their std.
  const board = buildLeaderboard(
    [
      trial('low', [0.5, 0.5, 0.5, 0.5]),
      trial('best', [0.9, 0.8, 0.9, 0.8]),
      trial('mid', [0.55, 0.55, 0.55, 0.55]),
      trial('low2', [0.5, 0.51, 0.5, 0.51]),
      trial('twin', [0.86, 0.84, 0.86, 0.84]),
    ],
    { ...opts, sort: 'std' },
  );
  assert.deepEqual(
    board.rows.map((r) => [r.trialKey, r.likeBest]),
    [
      ['twin', true],
      ['best', true],
      ['mid', false],
      ['low2', false],
      ['low', false],
    ],
  );
  assert.deepEqual(board.rows.map((r) => r.rank), [1, 2, 3, 4, 5]);
  assert.equal(board.best, 'best');
});
