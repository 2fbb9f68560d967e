import assert from 'node:assert/strict';
import { test } from 'node:test';
import seedrandom from 'seedrandom';
import { modelConfidenceSet } from '../../src/stats/confidence-set.js';
import { referenceMcs } from './mcs-reference.js';
import { tUpper } from './t-reference.js';

const close = (got: number, want: number, tol: number, what: string) => assert.ok(Math.abs(got - want) <= tol, `${what}: got ${got}, want ${want}`);

test('MCS p-values and the set match the reference written from Hansen, Lunde & Nason (2011)', () => {
  const random = seedrandom.alea('mcs-reference');
  for (const [trials, cells, ratio, floor] of [
    [2, 10, 1 / 9, 0.001],
    [5, 10, 1 / 9, 1 / (2 * 21 * 21)],
    [12, 5, 1 / 4, 0.0005],
    [30, 10, 1 / 9, 1 / (2 * 21 * 21)],
    [8, 3, 1 / 2, 0.002],
  ]) {
    const scores = Array.from({ length: trials }, (_, i) => {
      const level = 0.7 + 0.01 * i * random();
      return Array.from({ length: cells }, () => level + 0.08 * (random() - 0.5));
    });
    const got = modelConfidenceSet(scores, { testTrainRatio: ratio, minVariance: floor });
    const want = referenceMcs(scores, ratio, floor);
    want.forEach((p, i) => close(got.pValues[i], p, 1e-6, `${trials} trials x ${cells} cells, trial ${i}`));
    assert.deepEqual(got.inSet, want.map((p) => p >= 0.05));
  }
});

test('two trials: the MCS p-value of the worse is the one-sided corrected paired t-test of the two', () => {
  const a = [0.9, 0.86, 0.81, 0.95, 0.9, 0.86, 0.9, 0.95, 0.85, 0.9];
  const b = [0.81, 0.86, 0.76, 0.9, 0.86, 0.81, 0.86, 0.9, 0.85, 0.8];
  const d = a.map((x, i) => x - b[i]);
  const m = d.reduce((s, x) => s + x, 0) / 10;
  const s2 = d.reduce((s, x) => s + (x - m) ** 2, 0) / 9;
  const t = m / Math.sqrt((1 / 10 + 1 / 9) * s2);
  const set = modelConfidenceSet([a, b], { testTrainRatio: 1 / 9, minVariance: 0 });
  close(set.pValues[1], tUpper(t, 9), 1e-6, 'p of the worse');
  assert.equal(set.pValues[0], 1);
  assert.deepEqual(set.eliminated, [1]);
});

test('exact ties: identical trials get the same p-value and stay or leave together; a table of equals is all in the set', () => {
  const top = [0.9, 0.85, 0.95, 0.9, 0.88];
  const low = [0.6, 0.55, 0.62, 0.58, 0.6];
  const set = modelConfidenceSet([top, [...top], low, [...low]], { testTrainRatio: 1 / 4, minVariance: 1 / 800 });
  assert.equal(set.pValues[0], set.pValues[1]);
  assert.equal(set.pValues[2], set.pValues[3]);
  assert.deepEqual(set.inSet, [true, true, false, false]);
  assert.deepEqual(set.eliminated, [2, 3], 'the two equal worst leave in one step');
  const equals = modelConfidenceSet([top, [...top], [...top]], { testTrainRatio: 1 / 4, minVariance: 0 });
  assert.deepEqual(equals.pValues, [1, 1, 1]);
  assert.deepEqual(equals.eliminated, []);
});

test('folds that all agree rest on the variance floor, not on zero: one row behind everywhere is not certain', () => {
  // Three trials, the third one held-out row of 21 behind the first on each of 5 folds.
  const step = 1 / 21;
  const a = [18, 19, 17, 18, 19].map((x) => x * step);
  const b = [...a];
  const c = a.map((x) => x - step);
  const floored = modelConfidenceSet([a, b, c], { testTrainRatio: 1 / 4, minVariance: (step * step) / 2 });
  assert.equal(floored.inSet[2], true, `p ${floored.pValues[2]}`);
  const bare = modelConfidenceSet([a, b, c], { testTrainRatio: 1 / 4, minVariance: 0 });
  assert.ok(bare.pValues[2] < 1e-12, `without the floor the differences' variance is 0 up to rounding, and p ${bare.pValues[2]} is nil`);
});

test('the best observed trial is always in the set, and a single trial is the set', () => {
  const random = seedrandom.alea('best-in');
  for (let rep = 0; rep < 50; rep++) {
    const scores = Array.from({ length: 6 }, () => Array.from({ length: 4 }, () => random()));
    const means = scores.map((s) => s.reduce((x, y) => x + y, 0));
    const best = means.indexOf(Math.max(...means));
    assert.equal(modelConfidenceSet(scores, { testTrainRatio: 1 / 3, minVariance: 0.001 }).inSet[best], true);
  }
  assert.deepEqual(modelConfidenceSet([[0.5, 0.6]], { testTrainRatio: 1, minVariance: 0 }), { pValues: [1], inSet: [true], eliminated: [] });
  assert.throws(() => modelConfidenceSet([[0.5], [0.6]], { testTrainRatio: 1, minVariance: 0 }), /1 cell\(s\) per trial/);
  assert.throws(() => modelConfidenceSet([[0.5, 0.6], [0.6]], { testTrainRatio: 1, minVariance: 0 }), /trial 1 has 1 cells/);
});
