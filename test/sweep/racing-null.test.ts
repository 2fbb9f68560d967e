import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NullGrid, loadGridFolds, permutation, seeded } from '../../bench/race-data.js';
import { replayRace, type ReplayRule } from '../../src/sweep/race-replay.js';
import { DEFAULT_RACE, type RaceSettings } from '../../src/sweep/racing.js';
import { replicates } from '../simulation-size.js';

/*
 * Racing's false-prune rate when every trial is equally good, with the reference chosen the way
 * the rule chooses it, among the complete trials so far (a selected reference).
 * 242 null trials per replicate with the shipped grid's fold effects and residuals (bench/race-
 * data.ts), a new fold and trial order per replicate. Every prune is a false prune; the rate is
 * per trial, and its standard error comes from the spread of the replicates' rates (trials of one
 * replicate share their references, so they are not independent).
 */
const grid = loadGridFolds();
const nullGrid = new NullGrid(grid);
const ALPHA = DEFAULT_RACE.alpha;

function falsePruneRate(rule: ReplayRule, replicates: number, race: RaceSettings = DEFAULT_RACE): { rate: number; se: number } {
  const rates: number[] = [];
  for (let r = 0; r < replicates; r++) {
    const random = seeded(`racing-null-${r}`);
    const trials = nullGrid.trials(242, random);
    const out = replayRace(trials, {
      rule,
      race,
      foldOrder: permutation(grid.folds, random),
      trialOrder: permutation(trials.length, random),
      testTrainRatio: 1 / (grid.folds - 1),
      heldOutRows: Math.min(...grid.foldRows),
      divergedScore: 111 / 208,
    });
    rates.push(out.pruned.size / trials.length);
  }
  const rate = rates.reduce((a, b) => a + b, 0) / replicates;
  const se = Math.sqrt(rates.reduce((a, x) => a + (x - rate) ** 2, 0) / (replicates - 1) / replicates);
  return { rate, se };
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

test('racing (up to 3 tests, after 2, 3 and 4 folds, at Pocock\'s level; the reference chosen on the other folds; variance floor) prunes at most alpha of equally good trials', () => {
  assert.ok(nullGrid.poolSize > 100, `residuals of ${nullGrid.poolSize} learners`);
  assert.deepEqual([DEFAULT_RACE.minFolds, DEFAULT_RACE.tests], [2, 3], 'the defaults are the rule simulated here');
  const { rate, se } = falsePruneRate('selected', replicates(80, 8));
  assert.ok(rate - ALPHA <= 2 * se, `false-prune rate ${pct(rate)} (s.e. ${pct(se)}) against alpha ${pct(ALPHA)}`);
});

test('one test per trial after 3 folds (the settings of sweeps raced before tests existed) prunes at most alpha of equally good trials', () => {
  const { rate, se } = falsePruneRate('selected', replicates(80, 8), { minFolds: 3, alpha: ALPHA, stopDiverged: true });
  assert.ok(rate - ALPHA <= 2 * se, `false-prune rate ${pct(rate)} (s.e. ${pct(se)}) against alpha ${pct(ALPHA)}`);
});

test('the first rule (the best complete trial as reference, p = 0 on folds that agree) prunes more than alpha of them', () => {
  const { rate, se } = falsePruneRate('today', 40, { minFolds: 3, alpha: ALPHA, stopDiverged: true });
  assert.ok(rate - ALPHA > 2 * se, `false-prune rate ${pct(rate)} (s.e. ${pct(se)}): the simulation tells the two rules apart`);
});
