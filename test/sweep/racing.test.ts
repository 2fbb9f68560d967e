import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_RACE, lookThreshold, majorityRate, raceDecision, upperP, type RaceCheck } from '../../src/sweep/racing.js';
import { parseSweepText } from '../../src/sweep/parse.js';

// The racing decision on hand-made fold results: no database, no training.

const check: RaceCheck = { minFolds: 3, alpha: 0.05, stopDiverged: false, fitsPerTrial: 10, testTrainRatio: 1 / 9, divergedScore: 0.534 };
const folds = (xs: (number | null)[]) => new Map(xs.map((x, i) => [`${i}/0`, x]));
/** The best complete trial: 10 folds around 86.5%. */
const reference = folds([0.86, 0.88, 0.85, 0.87, 0.86, 0.88, 0.87, 0.86, 0.85, 0.87]);

test('the boundary is Bonferroni: alpha split over the looks a trial can have (folds minFolds .. k-1)', () => {
  assert.equal(lookThreshold({ minFolds: 3, alpha: 0.05 }, 10), 0.05 / 7);
  assert.equal(lookThreshold({ minFolds: 9, alpha: 0.05 }, 10), 0.05);
});

test('one-sided p: half the two-sided p on the side of the alternative', () => {
  assert.ok(Math.abs(upperP(2.919986, 2) - 0.05) < 1e-5, 't_0.95(2) = 2.92');
  assert.ok(Math.abs(upperP(-2.919986, 2) - 0.95) < 1e-5);
  assert.equal(upperP(0, 5), 0.5);
});

test('an obviously bad trial (one class, 53%) is pruned at minFolds, with its evidence', () => {
  const bad = [0.53, 0.54, 0.52];
  assert.equal(raceDecision(folds(bad.slice(0, 2)), reference, check).prune, false, 'not before minFolds');
  assert.equal(raceDecision(folds(bad.slice(0, 2)), reference, check).why, 'too few folds');
  const v = raceDecision(folds(bad), reference, check);
  assert.equal(v.prune, true);
  assert.equal(v.shared, 3);
  assert.ok(v.p !== null && v.p < v.threshold, `p ${v.p}`);
  assert.ok(Math.abs(v.trialMean! - 0.53) < 1e-12 && Math.abs(v.referenceMean! - (0.86 + 0.88 + 0.85) / 3) < 1e-12);
});

test('the eventual best that starts badly is never pruned, at any look', () => {
  // Behind by 4-7 points on its first three folds (a one-sided test at 0.05 with no correction for
  // the looks would stop it: p = 0.015), then ahead on every other fold: its final mean is 91.1%.
  const late = [0.8, 0.84, 0.78, 0.95, 0.96, 0.97, 0.95, 0.96, 0.95, 0.96];
  const first = raceDecision(folds(late.slice(0, 3)), reference, check);
  assert.ok(first.p! > 0.01 && first.p! < 0.05, `p ${first.p} is significant without the look correction`);
  for (let n = 1; n < late.length; n++) {
    const v = raceDecision(folds(late.slice(0, n)), reference, check);
    assert.equal(v.prune, false, `after ${n} folds: ${v.why}, p ${v.p}`);
  }
  assert.ok(late.reduce((a, b) => a + b) / 10 > 0.9);
});

test('a trial ahead on the shared folds is never pruned, even a steady one', () => {
  const v = raceDecision(folds([0.9, 0.9, 0.9, 0.9]), reference, check);
  assert.deepEqual([v.prune, v.p, v.why], [false, null, 'ahead']);
  assert.equal(raceDecision(new Map([...reference].slice(0, 5)), reference, check).why, 'ahead', 'level counts as ahead');
});

test('only shared folds are compared, and the order the folds were read in does not matter', () => {
  const partialRef = new Map([...reference].filter(([k]) => k !== '1/0'));
  const v = raceDecision(folds([0.53, 0.54, 0.52, 0.5]), partialRef, check);
  assert.equal(v.shared, 3);
  const shuffled = new Map([...folds([0.53, 0.54, 0.52, 0.5])].reverse());
  assert.deepEqual(raceDecision(shuffled, partialRef, check), v);
});

test('a diverged fold counts against its trial, as the majority-class rate', () => {
  const v = raceDecision(folds([null, null, null]), reference, check);
  assert.equal(v.prune, true);
  assert.ok(Math.abs(v.trialMean! - 0.534) < 1e-12);
  const once = folds([0.9, null, 0.88]);
  assert.deepEqual([raceDecision(once, reference, check).prune, raceDecision(once, reference, check).why], [false, 'not significant'], 'scored 53.4%, one diverged fold of three is not enough');
  const stopped = raceDecision(once, reference, { ...check, stopDiverged: true });
  assert.deepEqual([stopped.prune, stopped.p, stopped.why], [true, null, 'diverged'], 'with stopDiverged, a diverged fold stops it at its first look');
  assert.equal(raceDecision(folds([0.9, null]), reference, { ...check, stopDiverged: true }).prune, false, 'never before minFolds');
  assert.equal(majorityRate(new Uint8Array([0, 0, 1, 0])), 0.75);
  assert.equal(majorityRate(new Uint8Array([1, 1, 0])), 2 / 3);
});

test('race: in a sweep file: true, or { minFolds, tests, alpha, stopDiverged }, checked', () => {
  const spec = (race: string) => parseSweepText(`name: s\ngrid:\n  lr: [0.1, 0.2]\nrace: ${race}\n`, 's.yaml', ['fused']);
  assert.deepEqual(spec('true').race, { minFolds: 2, tests: 3, alpha: 0.05, stopDiverged: true });
  assert.deepEqual(DEFAULT_RACE, { minFolds: 2, tests: 3, alpha: 0.05, stopDiverged: true });
  assert.equal(spec('false').race, undefined);
  assert.deepEqual(spec('{ minFolds: 5, alpha: 0.1, stopDiverged: false }').race, { minFolds: 5, tests: 3, alpha: 0.1, stopDiverged: false });
  assert.throws(() => spec('{ minFolds: 10 }'), /race.minFolds: 10 is not an integer in \[2, 9\]/);
  assert.throws(() => spec('{ alpha: 0.7 }'), /race.alpha/);
  assert.throws(() => spec('{ minFold: 3 }'), /race.minFold: unknown key; did you mean "minFolds"/);
});

test('stopDiverged stops a trial with a diverged fold at its first look, and only such a trial', () => {
  const withStop = { ...check, stopDiverged: true };
  const reference = folds([0.9, 0.85, 0.9, 0.88, 0.9]);
  // Close behind, no diverged fold: the test decides, and it is not significant.
  const close = raceDecision(folds([0.88, 0.86, 0.89, 0.87]), reference, withStop);
  assert.deepEqual([close.prune, close.why], [false, 'not significant']);
  // Ahead, no diverged fold: never stopped.
  assert.deepEqual([raceDecision(folds([0.95, 0.9, 0.95]), reference, withStop).why], ['ahead']);
  // The same good folds with one diverged: stopped, with no test made.
  const diverged = raceDecision(folds([0.95, null, 0.95]), reference, withStop);
  assert.deepEqual([diverged.prune, diverged.why, diverged.p], [true, 'diverged', null]);
});
