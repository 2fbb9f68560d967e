import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseReference, lookKind, plannedTests, raceLook, testLevel, type CompleteTrial, type RaceRule } from '../../src/sweep/racing.js';

// The racing rule that replaces raceDecision, on hand-made folds: one test per trial (`rule`; up to
// `tests` with that setting, each at Pocock's level), against the
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
  const again = raceLook(folds([0.5, 0.5, 0.5, 0.5]), steady, rule, 1);
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
  assert.equal(lookKind(folds([null]), 0, rule), 'diverged');
  assert.equal(lookKind(folds([0.8, 0.8, null, 0.8]), 1, rule), 'diverged', 'even after its test');
  assert.equal(lookKind(folds([0.8, null]), 0, { ...rule, stopDiverged: false }), null);
  assert.equal(lookKind(folds([0.8, 0.8]), 0, rule), null);
  assert.equal(lookKind(folds([0.8, 0.8, 0.8]), 0, rule), 'test');
  assert.equal(lookKind(folds([0.8, 0.8, 0.8, 0.8]), 0, rule), 'test', 'first look with a reference comes later than minFolds');
  assert.equal(lookKind(folds([0.8, 0.8, 0.8, 0.8]), 1, rule), null);
  assert.equal(lookKind(folds([0.8, 0.8]), 0, { ...rule, minFolds: 1 }), 'test', 'two folds at least: one difference has no variance');
  assert.equal(lookKind(folds([0.8]), 0, { ...rule, minFolds: 1 }), null);
});

test('with tests: 3 a trial is tested after 2, 3 and 4 folds, each test at one level below alpha, and never a fourth time', () => {
  const three: RaceRule = { ...rule, minFolds: 2, tests: 3 };
  assert.equal(lookKind(folds([0.8]), 0, three), null);
  assert.equal(lookKind(folds([0.8, 0.8]), 0, three), 'test');
  assert.equal(lookKind(folds([0.8, 0.8]), 1, three), null, 'its second test waits for a third fold');
  assert.equal(lookKind(folds([0.8, 0.8, 0.8]), 1, three), 'test');
  assert.equal(lookKind(folds([0.8, 0.8, 0.8, 0.8]), 2, three), 'test');
  assert.equal(lookKind(folds([0.8, 0.8, 0.8, 0.8, 0.8]), 3, three), null, 'three tests at most');
  assert.equal(lookKind(folds([0.8, 0.8, 0.8, 0.8, 0.8, 0.8]), 1, three), 'test', 'a test delayed by a pack comes at the next look, in order');
  // One, two and three rows behind on 3 folds: d = 1, 2, 3 rows, mean 2, s^2 = 1 row^2; t = 2 / sqrt(1/3 + 1/9) = 3,
  // one-sided p with 2 df = (1 - t / sqrt(2 + t^2)) / 2 = 0.0477: below alpha (one test stops it), above the level
  // of each of three tests (Pocock: 2.58%, test/stats/group-sequential.test.ts), so it runs on.
  const p = (1 - 3 / Math.sqrt(11)) / 2;
  const behind = folds([17 * row, 16 * row, 15 * row]);
  assert.equal(raceLook(behind, steady, rule).prune, true);
  const v = raceLook(behind, steady, three, 1);
  assert.ok(Math.abs(v.p! - p) < 1e-12, `p ${v.p}`);
  assert.ok(Math.abs(v.threshold - 0.0258) < 5e-5, `level ${v.threshold}`);
  assert.deepEqual([v.prune, v.why], [false, 'not significant']);
  // Three rows behind on each: the floor, t = 3 / sqrt((4/9) / 2) = 6.364, p = 0.0122: stopped at the level of three tests.
  const far = raceLook(folds([15 * row, 15 * row, 15 * row]), steady, three, 1);
  assert.deepEqual([far.prune, far.why], [true, 'behind']);
  const t = 3 / Math.sqrt(2 / 9);
  assert.ok(Math.abs(far.p! - (1 - t / Math.sqrt(2 + t * t)) / 2) < 1e-12);
  assert.equal(raceLook(behind, steady, three, 3).why, 'too few folds', 'no test after the last');
  // Settings stored before `tests` existed have none: one test at alpha, as they were raced.
  assert.deepEqual([plannedTests({ minFolds: 3 }), testLevel({ minFolds: 3, alpha: 0.05 })], [[3], 0.05]);
  assert.deepEqual(plannedTests(three), [2, 3, 4]);
});
