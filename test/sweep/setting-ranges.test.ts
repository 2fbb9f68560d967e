import assert from 'node:assert/strict';
import { test } from 'node:test';
import { integerIn, numberIn, settingChecks, type SettingName } from '../../src/sweep/checks.js';

// Each setting's range, at and just past both ends, and the words the user reads. The ranges are
// the ones documented for the sweep file: dropout and momentum in [0, 1), learning rates in
// (0, inf], epochs in [1, 100000], batch size in [1, 65536], widths in [1, 4096], folds in
// [2, 1000], repeats in [1, 1000], max-norm none or > 0.

const cases: [SettingName, unknown, string | null][] = [
  ['dropout', 0, null],
  ['dropout', 0.999, null],
  ['dropout', 1, '1 is not in [0, 1)'],
  ['dropout', -0.1, '-0.1 is not in [0, 1)'],
  ['dropout', '0.5', '"0.5" is not a number in [0, 1)'],
  ['dropout', true, 'true is not a number in [0, 1)'],
  ['momentum', 0, null],
  ['momentum', 1, '1 is not in [0, 1)'],
  ['lr', 1e-9, null],
  ['lr', 1e6, null],
  ['lr', 0, '0 is not in (0, inf]'],
  ['lr', -1, '-1 is not in (0, inf]'],
  ['lr', '0.1', '"0.1" is not a number in (0, inf]'],
  ['lrMultiplier', 0.5, null],
  ['lrMultiplier', 0, '0 is not in (0, inf]'],
  ['epochs', 1, null],
  ['epochs', 100_000, null],
  ['epochs', 0, '0 is not an integer in [1, 100000]'],
  ['epochs', 100_001, '100001 is not an integer in [1, 100000]'],
  ['epochs', 2.5, '2.5 is not an integer in [1, 100000]'],
  ['epochs', '5', '"5" is not an integer in [1, 100000]'],
  ['batchSize', 65_536, null],
  ['batchSize', 65_537, '65537 is not an integer in [1, 65536]'],
  ['folds', 2, null],
  ['folds', 1000, null],
  ['folds', 1, '1 is not an integer in [2, 1000]'],
  ['folds', 1001, '1001 is not an integer in [2, 1000]'],
  ['repeats', 1, null],
  ['repeats', 0, '0 is not an integer in [1, 1000]'],
  ['placement', 'hidden', null],
  ['placement', 'Hidden', '"Hidden" is not one of none, visible, hidden, both'],
  ['placement', 1, '1 is not one of none, visible, hidden, both'],
  ['maxNorm', null, null],
  ['maxNorm', 0.01, null],
  ['maxNorm', 0, '0 is neither none nor a positive number'],
  ['maxNorm', 'none', '"none" is neither none nor a positive number'], // the sweep parser turns "none" into null first
  ['hidden', [1], null],
  ['hidden', [4096, 60], null],
  ['hidden', [], '[] is not a non-empty list of layer widths'],
  ['hidden', 60, '60 is not a non-empty list of layer widths'],
  ['hidden', [60, 0], 'layer width 0 is not an integer in [1, 4096]'],
  ['hidden', [4097], 'layer width 4097 is not an integer in [1, 4096]'],
  ['hidden', [7.5], 'layer width 7.5 is not an integer in [1, 4096]'],
  ['hidden', ['60'], 'layer width "60" is not an integer in [1, 4096]'],
];

for (const [setting, value, problem] of cases) {
  test(`${setting} = ${JSON.stringify(value)}: ${problem ?? 'accepted'}`, () => assert.equal(settingChecks[setting](value), problem));
}

test('non-finite numbers are not numbers in any range', () => {
  for (const v of [NaN, Infinity, -Infinity]) {
    assert.notEqual(settingChecks.lr(v), null, `lr ${v}`);
    assert.notEqual(settingChecks.dropout(v), null, `dropout ${v}`);
    assert.notEqual(settingChecks.epochs(v), null, `epochs ${v}`);
    assert.notEqual(settingChecks.maxNorm(v), null, `maxNorm ${v}`);
  }
});

test('range builders: open and closed ends both ways', () => {
  const closed = numberIn(0, 1, false);
  assert.equal(closed(1), null, 'closed upper end admits it');
  assert.equal(closed(0), null, 'closed lower end admits it');
  assert.equal(closed(1.5), '1.5 is not in [0, 1]');
  const open = numberIn(0, 1, true, true);
  assert.equal(open(0), '0 is not in (0, 1)');
  assert.equal(open(1), '1 is not in (0, 1)');
  assert.equal(open(0.5), null);
  assert.equal(integerIn(-3, 3)(-3), null);
  assert.equal(integerIn(-3, 3)(-4), '-4 is not an integer in [-3, 3]');
});
