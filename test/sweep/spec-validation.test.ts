import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSweepText } from '../../src/sweep/parse.js';
import { ENGINES } from '../../src/engine/train.js';

function failure(text: string): string {
  try {
    parseSweepText(text, 's.yaml', ENGINES);
  } catch (err) {
    assert.equal((err as Error).name, 'UserError');
    return (err as Error).message;
  }
  assert.fail('expected the sweep file to be rejected');
}

const cases: [string, string, string][] = [
  ['out-of-range grid value', 'name: a\ngrid:\n  dropout: [0, 0.1, 0.2, 1.2]\n', 's.yaml: grid.dropout[3]: 1.2 is not in [0, 1)'],
  ['unknown key with a suggestion', 'name: a\ngrid:\n  dropuot: [0.1]\n', 's.yaml: grid.dropuot: unknown key; did you mean "dropout"?'],
  ['unknown top-level key', 'name: a\nprotocl: {}\ngrid: {dropout: [0]}\n', 's.yaml: protocl: unknown key; did you mean "protocol"?'],
  ['misspelled camel case', 'name: a\ngrid:\n  maxnorm: [3]\n', 's.yaml: grid.maxnorm: unknown key; did you mean "maxNorm"?'],
  ['empty list', 'name: a\ngrid:\n  placement: []\n', 's.yaml: grid.placement: is an empty list; give at least one value or leave the key out'],
  ['wrong type', 'name: a\ngrid:\n  momentum: 0.9\n', 's.yaml: grid.momentum: must be a list of values'],
  ['bad placement', 'name: a\ngrid:\n  placement: [input]\n', 's.yaml: grid.placement[0]: "input" is not one of none, visible, hidden, both'],
  ['bad max-norm', 'name: a\ngrid:\n  maxNorm: [none, -1]\n', 's.yaml: grid.maxNorm[1]: -1 is neither none nor a positive number'],
  ['bad trial value', 'name: a\ntrials:\n  - placement: hidden\n    dropout: 0.5\n    momentum: 1.5\n', 's.yaml: trials[0].momentum: 1.5 is not in [0, 1)'],
  ['unknown trial key', 'name: a\ntrials:\n  - learningRate: 0.1\n', 's.yaml: trials[0].learningRate: unknown key; expected one of dropout, placement, maxNorm, lr, lrMultiplier, momentum, epochs, batchSize, hidden, name'],
  ['bad protocol', 'name: a\nprotocol:\n  epochs: 0\ngrid: {dropout: [0]}\n', 's.yaml: protocol.epochs: 0 is not an integer in [1, 100000]'],
  ['bad hidden', 'name: a\ngrid:\n  hidden: [[60, 0]]\n', 's.yaml: grid.hidden[0]: layer width 0 is not an integer in [1, 4096]'],
  ['missing name', 'grid: {dropout: [0]}\n', 's.yaml: name: undefined is not a name of letters, digits, ".", "_" or "-" (at most 64)'],
  ['nothing to run', 'name: a\n', 's.yaml: nothing to run: give a grid: of settings to cross, a trials: list, or both'],
  ['bad folds', 'name: a\nfolds: 1\ngrid: {dropout: [0]}\n', 's.yaml: folds: 1 is not an integer in [2, 1000]'],
  ['unknown engine', 'name: a\nengine: gpu\ngrid: {dropout: [0]}\n', 's.yaml: engine: "gpu" is not one of fused, tfjs'],
  ['not a mapping', '- 1\n- 2\n', 's.yaml: a sweep file must be a mapping of keys (name, data, protocol, grid, trials, ...)'],
  ['lr and multiplier', 'name: a\ngrid:\n  lr: [0.1]\n  lrMultiplier: [10]\n', 's.yaml: grid: give lr or lrMultiplier, not both'],
];
for (const [what, text, message] of cases) {
  test(`sweep file: ${what}`, () => assert.equal(failure(text), message));
}

test('YAML syntax errors name the line and column', () => {
  assert.match(failure('name: a\ngrid:\n  dropout: [0, 0.1\n'), /^s\.yaml:\d+:\d+: /);
  assert.match(failure('name: a\nname: b\ngrid: {dropout: [0]}\n'), /^s\.yaml:2:1: Map keys must be unique/);
});

test('JSON sweep files are accepted, defaults filled in', () => {
  const spec = parseSweepText('{"name": "j", "grid": {"dropout": [0.2], "placement": ["hidden"], "maxNorm": ["none", 3]}}', 'j.json', ENGINES);
  assert.equal(spec.seed, 7);
  assert.equal(spec.folds, 10);
  assert.equal(spec.repeats, 1);
  assert.deepEqual(spec.protocol, { epochs: 300, batchSize: 16, hidden: [60, 30], lr: 0.01, momentum: 0.8 });
  assert.deepEqual(spec.grid?.maxNorm, [null, 3]);
});

test('dropout above 0 with no placement (the default none) is refused, naming the key path', () => {
  assert.equal(
    failure('name: a\ngrid:\n  dropout: [0, 0.2]\n'),
    's.yaml: grid.dropout: 0.2 has no effect without a placement (the default is none); add grid.placement: [visible, hidden, both]',
  );
  assert.equal(
    failure('name: a\ngrid:\n  dropout: [0.2]\n  placement: [none]\n'),
    's.yaml: grid.dropout: 0.2 has no effect without a placement (the default is none); add grid.placement: [visible, hidden, both]',
  );
  assert.equal(
    failure('name: a\ntrials:\n  - {placement: hidden, dropout: 0.2}\n  - {dropout: 0.3}\n'),
    's.yaml: trials[1].dropout: 0.3 has no effect without a placement (the default is none); add placement: visible, hidden or both',
  );
  // A grid that crosses none with a real placement is fine: the planner collapses the none points.
  assert.doesNotThrow(() => parseSweepText('name: a\ngrid:\n  dropout: [0.2]\n  placement: [none, hidden]\n', 's.yaml', ENGINES));
});
