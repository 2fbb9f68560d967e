import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ENGINES } from '../../src/engine/train.js';
import { specChange } from '../../src/sweep/spec-change.js';
import { storedSplit, validateSpec } from '../../src/sweep/spec.js';

const GRID = { lr: [0.1] };
const check = (doc: Record<string, unknown>) => validateSpec({ name: 'k', grid: GRID, ...doc }, 's.yaml', ENGINES);
const failure = (doc: Record<string, unknown>) => {
  try {
    check(doc);
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
};

test('split: sklearn is kept in the spec; split: dropsweep and no key give the same spec (old sweeps keep their hash)', () => {
  assert.equal(check({ split: 'sklearn' }).split, 'sklearn');
  assert.equal(JSON.stringify(check({ split: 'dropsweep' })), JSON.stringify(check({})));
  assert.equal(check({}).split, undefined);
  assert.equal(storedSplit(JSON.stringify(check({ split: 'sklearn' }))), 'sklearn');
  assert.equal(storedSplit(JSON.stringify(check({}))), 'dropsweep');
});

test('a split that is not dropsweep or sklearn, and a seed numpy cannot take, are refused naming the key', () => {
  assert.equal(failure({ split: 'numpy' }), 's.yaml: split: "numpy" is not one of dropsweep, sklearn');
  assert.equal(failure({ split: true }), 's.yaml: split: true is not one of dropsweep, sklearn');
  assert.equal(failure({ split: 'sklearn', seed: 2 ** 32 }), "s.yaml: seed: 4294967296 is above 4294967295, the largest seed numpy's RandomState (split: sklearn) takes");
  assert.equal(check({ split: 'sklearn', seed: 2 ** 32 - 1 }).seed, 2 ** 32 - 1);
  assert.equal(check({ seed: 2 ** 32 }).seed, 2 ** 32);
});

test('changing the split of a stored sweep blocks --extend: its folds would be other rows', () => {
  const change = specChange(check({}), check({ split: 'sklearn' }));
  assert.deepEqual(change.blockers, ['split']);
  assert.ok(change.lines.includes('split: unset -> "sklearn"'), change.lines.join('\n'));
  assert.deepEqual(specChange(check({}), check({ split: 'dropsweep' })).blockers, []);
});
