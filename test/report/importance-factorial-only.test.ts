import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importance } from '../../src/report/importance.js';
import { buildLeaderboard } from '../../src/report/leaderboard.js';
import type { TrialScores } from '../../src/sweep/scores.js';
import { FOUR_FOLDS, trial } from './trial-scores.js';

/** A complete trial scoring `pct` on each of four folds, with the given settings. */
const at = (key: string, pct: number, settings: Partial<TrialScores>) => trial(key, [pct, pct, pct, pct].map((p) => p / 100), settings);
const rows = (trials: TrialScores[]) => buildLeaderboard(trials, FOUR_FOLDS).rows;

test('on a 2x2 factorial, each share is its main effect over the total sum of squares, and with the interaction they make 100%', () => {
  // lr 0.01: 80 (m 0.8), 90 (m 0.9); lr 0.1: 70, 84. Grand mean 81; total SS 1 + 81 + 121 + 9 = 212.
  // lr means 85, 77: SS 4 x 16 = 64. Momentum means 75, 87: SS 4 x 36 = 144. Interaction: 212 - 208 = 4.
  const r = importance(rows([at('a', 80, { lr: 0.01, momentum: 0.8 }), at('b', 90, { lr: 0.01, momentum: 0.9 }), at('c', 70, { lr: 0.1, momentum: 0.8 }), at('d', 84, { lr: 0.1, momentum: 0.9 })]));
  assert.equal(r.factorial, true);
  assert.deepEqual(r.factors.map((f) => f.dimension), ['momentum', 'lr']);
  assert.ok(Math.abs(r.factors[0].share - 144 / 212) < 1e-12);
  assert.ok(Math.abs(r.factors[1].share - 64 / 212) < 1e-12);
  assert.ok(Math.abs(r.rest! - 4 / 212) < 1e-12);
  assert.match(r.note, /balanced full factorial design of 4 complete trials.*add up to 98\.1%/);
});

test('the tutorial (three explicit trials) gets no shares, with the reason, instead of bars adding up to 159%', () => {
  const r = importance(
    rows([
      at('baseline', 88.5, { placement: 'none', dropout: 0, maxNorm: null, lr: 0.01, momentum: 0.8 }),
      at('visible', 88.98, { placement: 'visible', dropout: 0.2, maxNorm: 3, lr: 0.1, momentum: 0.9 }),
      at('hidden', 85.6, { placement: 'hidden', dropout: 0.2, maxNorm: 3, lr: 0.1, momentum: 0.9 }),
      at('hidden2', 85.6, { placement: 'hidden', dropout: 0.3, maxNorm: 3, lr: 0.1, momentum: 0.9 }),
    ]),
    'list',
  );
  assert.equal(r.factorial, false);
  assert.deepEqual(r.factors, []);
  assert.equal(r.rest, null);
  assert.match(r.note, /not a full factorial design .*could add up past 100%/);
  const random = importance(rows([at('a', 80, { lr: 0.01 }), at('b', 90, { lr: 0.02 }), at('c', 70, { lr: 0.03 }), at('d', 84, { lr: 0.04 })]), 'random');
  assert.equal(random.factorial, false);
  assert.match(random.note, /^Random search draws each setting independently/);
});

test('a grid where dropout 0 is one model whatever the placement: dropout x placement is one factor; an extra explicit trial is left out, and said so', () => {
  const trials: TrialScores[] = [];
  const cells: [string, number][] = [['none', 0], ['visible', 0.2], ['hidden', 0.2]];
  const scores = [70, 75, 80, 72, 78, 86];
  let i = 0;
  for (const lr of [0.01, 0.1]) for (const [placement, dropout] of cells) trials.push(at(`t${i}`, scores[i++], { placement, dropout, lr }));
  trials.push(at('extra', 99, { placement: 'none', dropout: 0, lr: 0.05 }));
  const r = importance(rows(trials));
  assert.equal(r.factorial, true);
  assert.deepEqual(r.factors.map((f) => [f.dimension, f.values]).sort(), [['dropout x placement', 3], ['lr', 2]]);
  assert.equal(r.trials, 6);
  assert.equal(r.leftOut, 1);
  assert.match(r.note, /\(1 trial\(s\) at levels too rare to balance the design left out\)/);
  // By hand: grand mean 76.833; lr means 75, 78.667; placement cells 71, 76.5, 83.
  const grand = scores.reduce((s, v) => s + v, 0) / 6;
  const total = scores.reduce((s, v) => s + (v - grand) ** 2, 0);
  const lr = 3 * ((75 - grand) ** 2 + (236 / 3 - grand) ** 2);
  const cell = 2 * ((71 - grand) ** 2 + (76.5 - grand) ** 2 + (83 - grand) ** 2);
  assert.ok(Math.abs(r.factors.find((f) => f.dimension === 'lr')!.share - lr / total) < 1e-12);
  assert.ok(Math.abs(r.factors.find((f) => f.dimension === 'dropout x placement')!.share - cell / total) < 1e-12);
  assert.ok(r.factors.reduce((s, f) => s + f.share, 0) <= 1 + 1e-12);
});
