import assert from 'node:assert/strict';
import { test } from 'node:test';
import seedrandom from 'seedrandom';
import { modelConfidenceSet } from '../../src/stats/confidence-set.js';
import { replicates } from '../simulation-size.js';

/*
 * The "could be best" set on simulated grids whose truth is known. A trial's fold accuracy is
 * its true accuracy + a fold effect every trial shares (the same held-out rows) + a trial effect
 * (the correlation between one trial's folds that training sets sharing rows cause; its share of
 * the variance is rho = n_test/n_train = 1/9, the Nadeau-Bengio model) + a residual, rounded to
 * whole held-out rows of 21. 10 folds, sd 5 points per fold: the shipped grid's scale.
 */
const FOLDS = 10;
const ROWS = 21;
const RATIO = 1 / 9;
const FLOOR = 1 / (2 * ROWS * ROWS);
const SD = 0.05;

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function simulate(truth: readonly number[], random: () => number): number[][] {
  const foldEffect = Array.from({ length: FOLDS }, () => 0.03 * normal(random));
  return truth.map((mu) => {
    const trialEffect = Math.sqrt(RATIO) * SD * normal(random);
    return foldEffect.map((f) => {
      const x = mu + f + trialEffect + Math.sqrt(1 - RATIO) * SD * normal(random);
      return Math.min(ROWS, Math.max(0, Math.round(x * ROWS))) / ROWS;
    });
  });
}

const set = (scores: number[][]) => modelConfidenceSet(scores, { testTrainRatio: RATIO, minVariance: FLOOR, alpha: 0.05 });

/**
 * Over `replicates` simulated grids: how often the set holds none of the truly best trials (with
 * one best: misses it), with the allowance of the test, and how often each trial is in the set.
 */
function coverage(truth: number[], replicates: number, seed: string) {
  const random = seedrandom.alea(seed);
  const top = Math.max(...truth);
  const best = truth.flatMap((mu, i) => (mu === top ? [i] : []));
  let missed = 0;
  const inclusion = truth.map(() => 0);
  for (let r = 0; r < replicates; r++) {
    const s = set(simulate(truth, random));
    if (!best.some((i) => s.inSet[i])) missed++;
    s.inSet.forEach((x, i) => (inclusion[i] += x ? 1 / replicates : 0));
  }
  const rate = missed / replicates;
  // The nominal miss rate 0.05, plus two standard errors of a rate estimated from `replicates`.
  const allowed = 0.05 + 2 * Math.sqrt((0.05 * 0.95) / replicates);
  return { rate, allowed, inclusion };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

test('the 95% set holds the true best at least 95% of the time: one best, 39 others 0.5 to 15 points below', () => {
  const truth = [0.88, ...Array.from({ length: 39 }, (_, i) => 0.88 - 0.005 - (0.145 * i) / 38)];
  const c = coverage(truth, replicates(600, 100), 'one-best');
  assert.ok(c.rate <= c.allowed, `missed the best in ${pct(c.rate)} of grids (allowed ${pct(c.allowed)})`);
  // Not everything: trials 12 or more points below the best are rarely in it.
  const far = c.inclusion.filter((_, i) => truth[i] <= 0.76);
  assert.ok(Math.max(...far) < 0.2, `trials 12+ points below are in the set up to ${pct(Math.max(...far))} of the time`);
});

test('the 95% set holds the true best at least 95% of the time: a runner-up 1 point below and 30 trials 3 to 6 points below', () => {
  const truth = [0.88, 0.87, ...Array.from({ length: 30 }, (_, i) => 0.85 - 0.001 * i)];
  const c = coverage(truth, replicates(600, 100), 'crowded');
  assert.ok(c.rate <= c.allowed, `missed the best in ${pct(c.rate)} of grids (allowed ${pct(c.allowed)})`);
});

test('two trials tied for best: the set holds at least one of them at least 95% of the time', () => {
  const truth = [0.88, 0.88, ...Array.from({ length: 18 }, (_, i) => 0.86 - 0.01 * i)];
  const c = coverage(truth, replicates(600, 100), 'two-best');
  assert.ok(c.rate <= c.allowed, `held neither in ${pct(c.rate)} of grids (allowed ${pct(c.allowed)})`);
});

test('adding clearly worse trials (25 points below) does not grow the set: same members, none of the added', () => {
  const random = seedrandom.alea('no-growth');
  const truth = Array.from({ length: 30 }, (_, i) => 0.88 - 0.004 * i);
  const grids = replicates(100, 20);
  let grew = 0;
  for (let r = 0; r < grids; r++) {
    const grid = simulate([...truth, ...Array.from({ length: 60 }, () => 0.63)], random);
    const alone = set(grid.slice(0, 30)).inSet;
    const withWorse = set(grid).inSet;
    if (withWorse.slice(30).some(Boolean) || withWorse.slice(0, 30).some((x, i) => x !== alone[i])) grew++;
  }
  assert.equal(grew, 0, `${grew} of ${grids} grids changed their set when clearly worse trials were added`);
});
