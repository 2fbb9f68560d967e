import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseReference, lookKind, raceLook, type CompleteTrial, type RaceRule } from '../../src/sweep/racing.js';

// The racing rule that replaces raceDecision, on hand-made folds: one test per trial, against the
// complete trial best on the folds the raced trial has not run, with the variance floor.

const rule: RaceRule = { minFolds: 3, alpha: 0.05, stopDiverged: true, fitsPerTrial: 10, testTrainRatio: 1 / 9, heldOutRows: 21 };
const folds = (xs: (number | null)[]) => new Map(xs.map((x, i) => [`${i}/0`, x]));
const complete = (key: string, xs: number[]): CompleteTrial => ({ key, folds: folds(xs) as Map<string, number> });
const row = 1 / 21;
/** 18 of 21 rows right on every fold. */
const steady = complete('ref', Array.from({ length: 10 }, () => 18 * row));

test('a diverged fold stops the trial at once, before minFolds and without a reference', () => {
  const v = raceLook(folds([0.8, null]), null, rule);
  assert.deepEqual([v.prune, v.why, v.p], [true, 'diverged', null]);
  assert.equal(raceLook(folds([0.8, null]), null, { ...rule, stopDiverged: false }).prune, false);
});

test('no test before minFolds, none without a complete trial, and only one per trial', () => {
  assert.equal(raceLook(folds([0.5, 0.5]), steady, rule).why, 'too few folds');
  assert.equal(raceLook(folds([0.5, 0.5, 0.5]), null, rule).why, 'no reference');
  assert.equal(raceLook(folds([0.5, 0.5, 0.5]), steady, rule).prune, true);
  const again = raceLook(folds([0.5, 0.5, 0.5, 0.5]), steady, rule, true);
  assert.deepEqual([again.prune, again.p], [false, null], 'a trial already tested is not tested again');
});

test('folds that all agree rest on the variance floor: one row behind on three folds runs on, two rows behind is stopped', () => {
  // d = one row on each of 3 folds: s^2 = 0, floored to (1/21)^2 / 2; t = (1/21) / sqrt((1/3 + 1/9) (1/21)^2 / 2) = 1 / sqrt(2/9) = 2.1213.
  // One-sided p with 2 df, closed form: (1 - t / sqrt(2 + t^2)) / 2.
  const p1 = (t: number) => (1 - t / Math.sqrt(2 + t * t)) / 2;
  const one = raceLook(folds([17 * row, 17 * row, 17 * row]), steady, rule);
  assert.ok(Math.abs(one.p! - p1(1 / Math.sqrt(2 / 9))) < 1e-12, `p ${one.p}`);
  assert.deepEqual([one.prune, one.why], [false, 'not significant']);
  const two = raceLook(folds([16 * row, 16 * row, 16 * row]), steady, rule);
  assert.ok(Math.abs(two.p! - p1(2 / Math.sqrt(2 / 9))) < 1e-12, `p ${two.p}`);
  assert.deepEqual([two.prune, two.why, two.threshold, two.shared], [true, 'behind', 0.05, 3]);
});

test('the test is the one-sided corrected paired t on the shared folds, by hand', () => {
  // Reference 18, 19, 17 rows; trial 15, 17, 13: d = 3, 2, 4 rows; mean 3 rows, s^2 = 1 row^2.
  const ref = complete('r', [18, 19, 17, 18, 18, 18, 18, 18, 18, 18].map((x) => x * row));
  const v = raceLook(folds([15 * row, 17 * row, 13 * row]), ref, rule);
  const t = (3 * row) / Math.sqrt((1 / 3 + 1 / 9) * row * row);
  assert.ok(Math.abs(v.p! - (1 - t / Math.sqrt(2 + t * t)) / 2) < 1e-12, `p ${v.p}`);
  assert.ok(Math.abs(v.trialMean! - 15 * row) < 1e-12 && Math.abs(v.referenceMean! - 18 * row) < 1e-12);
  assert.equal(v.prune, true);
  const ahead = raceLook(folds([18 * row, 19 * row, 17 * row]), ref, rule);
  assert.deepEqual([ahead.prune, ahead.why], [false, 'ahead'], 'level with the reference runs on');
});

test('the reference is the complete trial best on the folds the raced trial has not run, not the best overall', () => {
  // 'lucky' is best overall only thanks to folds 0-2, the ones compared; 'solid' is best on 3-9.
  const lucky = complete('lucky', [1, 1, 1, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85]);
  const solid = complete('solid', [0.8, 0.8, 0.8, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9]);
  const trial = folds([0.8, 0.8, 0.8]);
  assert.equal(chooseReference([lucky, solid], trial.keys())!.key, 'solid');
  assert.equal(chooseReference([lucky, solid], [])!.key, 'lucky');
  const twin = complete('a-twin', [...solid.folds.values()]);
  assert.equal(chooseReference([solid, twin], trial.keys())!.key, 'a-twin', 'ties: the smaller key');
  assert.equal(chooseReference([], trial.keys()), null);
});

test('lookKind: a diverged fold is a look at any fold count; a test once, from minFolds folds; nothing else is a look', () => {
  assert.equal(lookKind(folds([null]), false, rule), 'diverged');
  assert.equal(lookKind(folds([0.8, 0.8, null, 0.8]), true, rule), 'diverged', 'even after its test');
  assert.equal(lookKind(folds([0.8, null]), false, { ...rule, stopDiverged: false }), null);
  assert.equal(lookKind(folds([0.8, 0.8]), false, rule), null);
  assert.equal(lookKind(folds([0.8, 0.8, 0.8]), false, rule), 'test');
  assert.equal(lookKind(folds([0.8, 0.8, 0.8, 0.8]), false, rule), 'test', 'first look with a reference comes later than minFolds');
  assert.equal(lookKind(folds([0.8, 0.8, 0.8, 0.8]), true, rule), null);
  assert.equal(lookKind(folds([0.8, 0.8]), false, { ...rule, minFolds: 1 }), 'test', 'two folds at least: one difference has no variance');
  assert.equal(lookKind(folds([0.8]), false, { ...rule, minFolds: 1 }), null);
});
