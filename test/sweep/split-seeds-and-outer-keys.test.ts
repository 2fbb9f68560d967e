import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ENGINES } from '../../src/engine/train.js';
import { validateSpec } from '../../src/sweep/spec.js';
import { specChange } from '../../src/sweep/spec-change.js';

// The sweep keys confirm and nested write (splitSeeds, outer), valid and not, as a sweep file
// would give them: each mistake names the key.

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

test('splitSeeds: one seed per repeat, each in range for the split; absent leaves the spec as it was', () => {
  assert.deepEqual(check({ grid: GRID, repeats: 2, splitSeeds: [8, 9] }).splitSeeds, [8, 9]);
  assert.equal('splitSeeds' in check({ grid: GRID }), false);
  assert.match(failure({ grid: GRID, repeats: 2, splitSeeds: [8] }), /splitSeeds.*must be a list of 2 seed\(s\), one per repeat/);
  assert.match(failure({ grid: GRID, splitSeeds: 8 }), /splitSeeds.*must be a list of 1 seed/);
  assert.match(failure({ grid: GRID, repeats: 2, splitSeeds: [8, -1] }), /splitSeeds\[1\].*-1 is not an integer/);
  assert.match(failure({ grid: GRID, split: 'sklearn', splitSeeds: [2 ** 32] }), /splitSeeds\[0\].*not an integer in \[0, 4294967295\]/);
});

test('outer: folds in [2, 100], fold below folds, a seed; unknown keys named', () => {
  assert.deepEqual(check({ grid: GRID, outer: { folds: 5, fold: 4, seed: 7 } }).outer, { folds: 5, fold: 4, seed: 7 });
  assert.match(failure({ grid: GRID, outer: { folds: 5, fold: 5, seed: 7 } }), /outer\.fold.*5 is not an integer in \[0, 4\]/);
  assert.match(failure({ grid: GRID, outer: { folds: 1, fold: 0, seed: 7 } }), /outer\.folds/);
  assert.match(failure({ grid: GRID, outer: { folds: 3, fold: 0 } }), /outer\.seed/);
  assert.match(failure({ grid: GRID, outer: { folds: 3, fold: 0, seed: 7, rows: 1 } }), /outer\.rows.*is not a key of outer/);
  assert.match(failure({ grid: GRID, outer: 3 }), /outer.*must be a mapping/);
});

test('splitSeeds and outer cannot change under a stored sweep: other rows would not pair with the stored folds', () => {
  const a = check({ grid: GRID, repeats: 2, splitSeeds: [8, 9] });
  assert.deepEqual(specChange(a, check({ grid: GRID, repeats: 2, splitSeeds: [8, 10] })).blockers, ['splitSeeds']);
  const o = check({ grid: GRID, outer: { folds: 3, fold: 0, seed: 7 } });
  assert.deepEqual(specChange(o, check({ grid: GRID, outer: { folds: 3, fold: 1, seed: 7 } })).blockers, ['outer']);
});
