import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ENGINES } from '../../src/engine/train.js';
import { validateSpec } from '../../src/sweep/spec.js';

// Every key of racing, confirmation seeds and random search, valid and not, as a sweep file
// would give it. Expected texts are the documented messages.

const GRID = { lr: [0.1] };
const check = (doc: Record<string, unknown>) => validateSpec({ name: 'k', ...doc }, 's.yaml', ENGINES);
const failure = (doc: Record<string, unknown>) => {
  try {
    check(doc);
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
};

test('race: true takes the defaults, its tests kept below the folds; false and absent mean no racing', () => {
  assert.deepEqual(check({ grid: GRID, race: true }).race, { minFolds: 2, tests: 3, alpha: 0.05, stopDiverged: true });
  // 3 folds: a test after fold 3 would save nothing, so one test, after 2 folds (= 3 - 1).
  assert.deepEqual(check({ grid: GRID, folds: 3, race: true }).race, { minFolds: 2, tests: 1, alpha: 0.05, stopDiverged: true });
  assert.deepEqual(check({ grid: GRID, folds: 3, race: {} }).race, { minFolds: 2, tests: 1, alpha: 0.05, stopDiverged: true });
  // 4 folds: tests after 2 and 3.
  assert.deepEqual(check({ grid: GRID, folds: 4, race: true }).race, { minFolds: 2, tests: 2, alpha: 0.05, stopDiverged: true });
  // With repeats the tests run over folds x repeats fits: 2 folds x 3 repeats = 6, so all 3 fit.
  assert.deepEqual(check({ grid: GRID, folds: 2, repeats: 3, race: {} }).race, { minFolds: 2, tests: 3, alpha: 0.05, stopDiverged: true });
  assert.equal(check({ grid: GRID, race: false }).race, undefined);
  assert.equal(check({ grid: GRID }).race, undefined);
  assert.deepEqual(check({ grid: GRID, race: { minFolds: 5, alpha: 0.01, stopDiverged: false } }).race, { minFolds: 5, tests: 3, alpha: 0.01, stopDiverged: false });
  assert.deepEqual(check({ grid: GRID, race: { minFolds: 3, tests: 1 } }).race, { minFolds: 3, tests: 1, alpha: 0.05, stopDiverged: true });
});

test('race settings out of range are refused, naming the key', () => {
  assert.equal(failure({ grid: GRID, race: 'yes' }), 's.yaml: race: must be true, false or a mapping { minFolds, tests, alpha, stopDiverged }');
  assert.equal(failure({ grid: GRID, race: { minFold: 3 } }), 's.yaml: race.minFold: unknown key; did you mean "minFolds"?');
  assert.equal(failure({ grid: GRID, race: { zzzzzzzz: 3 } }), 's.yaml: race.zzzzzzzz: unknown key; race has minFolds, tests, alpha and stopDiverged');
  assert.equal(failure({ grid: GRID, race: { minFolds: 10 } }), 's.yaml: race.minFolds: 10 is not an integer in [2, 9] (a t-test needs 2 folds, and a trial stopped at its last fold saves nothing)');
  assert.equal(failure({ grid: GRID, race: { minFolds: 1 } }), 's.yaml: race.minFolds: 1 is not an integer in [2, 9] (a t-test needs 2 folds, and a trial stopped at its last fold saves nothing)');
  for (const alpha of [0, 0.5, -0.1, '0.1']) assert.equal(failure({ grid: GRID, race: { alpha } }), `s.yaml: race.alpha: ${JSON.stringify(alpha)} is not a number in (0, 0.5)`);
  assert.equal(check({ grid: GRID, race: { alpha: 0.49 } }).race?.alpha, 0.49);
  assert.equal(failure({ grid: GRID, race: { stopDiverged: 'no' } }), 's.yaml: race.stopDiverged: must be true or false');
  // 10 folds, tests after 8, 9 and 10: the last would save nothing.
  assert.equal(failure({ grid: GRID, race: { minFolds: 8, tests: 3 } }), 's.yaml: race.tests: 3 is not an integer in [1, 2] (tests come after 8, 9, ... folds, and the last must leave a fold to save)');
  assert.equal(failure({ grid: GRID, race: { tests: 0 } }), 's.yaml: race.tests: 0 is not an integer in [1, 8] (tests come after 2, 3, ... folds, and the last must leave a fold to save)');
});

test('trainSeed: a short text of letters, digits, ".", "_" or "-", kept as given', () => {
  assert.equal(check({ grid: GRID, trainSeed: 'confirm-1.a_b' }).trainSeed, 'confirm-1.a_b');
  assert.equal(check({ grid: GRID, trainSeed: 'x'.repeat(64) }).trainSeed, 'x'.repeat(64));
  assert.equal(check({ grid: GRID }).trainSeed, undefined);
  for (const bad of [12, '', 'a b', 'x'.repeat(65), 'é']) {
    assert.equal(failure({ grid: GRID, trainSeed: bad }), `s.yaml: trainSeed: ${JSON.stringify(bad)} is not a text of letters, digits, ".", "_" or "-" (at most 64)`);
  }
});

test('random search: what it needs, and the lr/lrMultiplier and range rules', () => {
  assert.equal(check({ grid: GRID, sampler: 'grid' }).sampler, undefined, 'grid is the default and is not stored');
  assert.equal(failure({ sampler: 'random', trials: 3 }), 's.yaml: grid: sampler: random needs a grid of lists and ranges to draw from');
  assert.equal(failure({ sampler: 'random', trials: 3, grid: { lr: 5 } }), 's.yaml: grid.lr: must be a list of values or a range {min, max, log}');
  assert.equal(failure({ sampler: 'random', trials: 3, grid: { lr: { min: 0.01, max: 1 }, lrMultiplier: [1, 2] } }), 's.yaml: grid: give lr or lrMultiplier, not both');
  assert.equal(failure({ sampler: 'random', trials: 3, grid: { lr: { min: 0.01, max: 1 }, lrMultiplier: { min: 1, max: 2 } } }), 's.yaml: grid: give lr or lrMultiplier, not both');
  assert.equal(failure({ sampler: 'random', trials: 3, grid: { lrMultiplier: { min: 1, max: 2 }, lr: [0.1] } }), 's.yaml: grid: give lr or lrMultiplier, not both');
  assert.equal(failure({ sampler: 'random', trials: 3, grid: { lr: { max: 1 } } }), 's.yaml: grid.lr.min: is missing');
  assert.equal(failure({ sampler: 'random', trials: 3, grid: { lr: { min: 0.1, max: 1, zzzzzz: 1 } } }), 's.yaml: grid.lr.zzzzzz: unknown key; a range has min, max and log');
  assert.equal(failure({ sampler: 'random', trials: 3, grid: { lr: { min: 0.1, max: 1, log: 'yes' } } }), 's.yaml: grid.lr.log: must be true or false');
  // A range of one value is allowed; so is a dropout range that never drops (max 0) without a placement.
  assert.deepEqual(check({ sampler: 'random', trials: 3, grid: { lr: { min: 0.1, max: 0.1 } } }).ranges, { lr: { min: 0.1, max: 0.1 } });
  assert.deepEqual(check({ sampler: 'random', trials: 3, grid: { dropout: { min: 0, max: 0 } } }).ranges, { dropout: { min: 0, max: 0 } });
  assert.deepEqual(check({ sampler: 'random', trials: 3, grid: { lr: { min: 0.01, max: 1, log: true } } }).ranges, { lr: { min: 0.01, max: 1, log: true } });
  assert.equal(check({ sampler: 'random', trials: 3, grid: { lr: { min: 0.01, max: 1, log: false } } }).ranges?.lr?.log, undefined, 'log: false is the default');
  assert.deepEqual(check({ sampler: 'random', trials: 7, grid: GRID }).samples, 7);
});
