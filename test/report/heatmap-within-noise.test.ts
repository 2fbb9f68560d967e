import assert from 'node:assert/strict';
import { test } from 'node:test';
import { heatmapData } from '../../src/report/chart-data.js';
import { sweepDesign } from '../../src/report/design.js';
import { buildLeaderboard } from '../../src/report/leaderboard.js';
import type { ReportInput } from '../../src/report/report-input.js';
import type { TrialScores } from '../../src/sweep/scores.js';
import { trial } from './trial-scores.js';

const K = 10;
const RATIO = 1 / (K - 1);

/** What heatmapData reads of a report's input, for these trials. */
function input(trials: TrialScores[], spec: unknown): ReportInput {
  const board = buildLeaderboard(trials, { foldsPlanned: K, testTrainRatio: RATIO });
  return {
    rows: board.rows,
    foldScores: new Map(trials.map((t) => [t.trialKey, new Map([...t.folds].map(([k, f]) => [k, f.accuracy]))])),
    testTrainRatio: RATIO,
    design: sweepDesign(spec, board.rows),
  } as ReportInput;
}

/** The corrected resampled t statistic (Nadeau & Bengio 2003), written out here from its formula. */
function correctedT(diffs: number[]): number {
  const m = diffs.reduce((s, d) => s + d, 0) / diffs.length;
  const s2 = diffs.reduce((s, d) => s + (d - m) ** 2, 0) / (diffs.length - 1);
  return m / Math.sqrt((1 / diffs.length + RATIO) * s2);
}

test('a cell whose gap to the best the corrected test does not support is drawn as the best (within noise); a supported gap is not', () => {
  const best = [0.8, 0.85, 0.75, 0.9, 0.8, 0.7, 0.85, 0.8, 0.9, 0.75];
  const smallGap = [1, -1, 2, -2, 1, -1, 3, -2, 0, 1].map((d) => d / 100);
  const bigGap = [10.5, 9.5, 10.5, 9.5, 10.5, 9.5, 10.5, 9.5, 10.5, 9.5].map((d) => d / 100);
  // |t| for the small gap is far under 2.262 (t 0.975 with 9 df): p is large, even before Holm;
  // for the big gap t is far over it: p is tiny, and twice it (Holm over two cells) is too.
  assert.ok(Math.abs(correctedT(smallGap)) < 0.5, `small gap t = ${correctedT(smallGap)}`);
  assert.ok(correctedT(bigGap) > 20, `big gap t = ${correctedT(bigGap)}`);
  const trials = [
    trial('best', best, { lr: 0.01, momentum: 0.8 }),
    trial('near', best.map((a, i) => a - smallGap[i]), { lr: 0.1, momentum: 0.8 }),
    trial('far', best.map((a, i) => a - bigGap[i]), { lr: 0.01, momentum: 0.9 }),
  ];
  const h = heatmapData(input(trials, { grid: { lr: [0.01, 0.1], momentum: [0.8, 0.9] } }));
  assert.deepEqual([h.xLevels, h.yLevels], [['0.01', '0.1'], ['0.8', '0.9']]);
  const cell = (x: number, y: number) => h.cells.find((c) => c.x === x && c.y === y)!;
  assert.equal(cell(0, 0).withinNoise, true, 'the best cell');
  assert.match(cell(0, 0).title, /the best cell$/);
  assert.equal(cell(1, 0).withinNoise, true, 'a 0.2-point gap with spread 1.7: within noise');
  assert.match(cell(1, 0).title, /within noise of the best cell \(p = 0\.\d{3}, Holm\)/);
  assert.equal(cell(0, 1).withinNoise, false, 'a steady 10-point gap: below the best');
  assert.match(cell(0, 1).title, /below the best cell \(p = <0\.001, Holm\)/);
  assert.equal(h.binned, null);
});

test('a learning rate drawn from a range is binned into quantile bins, not a column per drawn value', () => {
  const folds = (m: number) => Array.from({ length: K }, (_, i) => m + (i % 2 ? 0.01 : -0.01));
  const lrs = Array.from({ length: 16 }, (_, i) => 0.001 * 1.5 ** i);
  const trials = lrs.map((lr, i) => trial(`t${i}`, folds(0.6 + i / 100), { lr, momentum: [0.8, 0.9][i % 2], dropout: 0.1 + i / 100, placement: 'visible' }));
  const h = heatmapData(input(trials, { sampler: 'random', samples: 16, grid: { momentum: [0.8, 0.9] }, ranges: { lr: { min: 0.001, max: 1, log: true }, dropout: { min: 0.05, max: 0.5 } } }));
  assert.equal(h.xLevels.length, 2, '16 trials: floor(16/8) = 2 bins');
  assert.deepEqual(h.xLevels, ['0.001-0.0171', '0.0256-0.438']);
  assert.equal(h.binned, 'learning rate');
  assert.equal(h.cells.reduce((s, c) => s + c.trials, 0), 16);
});
