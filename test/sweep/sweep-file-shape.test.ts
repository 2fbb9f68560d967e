import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSweepText } from '../../src/sweep/parse.js';
import { validateSpec } from '../../src/sweep/spec.js';

// validateSpec on parsed documents: every malformed shape is refused as `file: key.path: problem`,
// and every well-formed field reaches the spec as given (no more, no less).

const ENGINES = ['tfjs', 'wasm'];
const GRID = { dropout: [0] };

function refusal(doc: unknown): string {
  try {
    validateSpec(doc, 's.yaml', ENGINES);
  } catch (err) {
    assert.equal((err as Error).name, 'UserError', `not a UserError: ${(err as Error).stack}`);
    return (err as Error).message;
  }
  assert.fail(`expected ${JSON.stringify(doc)} to be refused`);
}

const refused: [string, unknown, string][] = [
  ['an empty file (YAML null)', null, 's.yaml: a sweep file must be a mapping of keys (name, data, protocol, grid, trials, ...)'],
  ['a bare string', 'dropout', 's.yaml: a sweep file must be a mapping of keys (name, data, protocol, grid, trials, ...)'],
  ['a name with a space', { name: 'my sweep', grid: GRID }, 's.yaml: name: "my sweep" is not a name of letters, digits, ".", "_" or "-" (at most 64)'],
  ['a name starting with "-"', { name: '-x', grid: GRID }, 's.yaml: name: "-x" is not a name of letters, digits, ".", "_" or "-" (at most 64)'],
  ['a name ending with "/"', { name: 'x/', grid: GRID }, 's.yaml: name: "x/" is not a name of letters, digits, ".", "_" or "-" (at most 64)'],
  ['a 65-character name', { name: 'a'.repeat(65), grid: GRID }, `s.yaml: name: "${'a'.repeat(65)}" is not a name of letters, digits, ".", "_" or "-" (at most 64)`],
  ['empty data', { name: 'a', data: '', grid: GRID }, 's.yaml: data: must be a shipped data set (sonar, iris, digits) or a CSV path'],
  ['numeric data', { name: 'a', data: 3, grid: GRID }, 's.yaml: data: must be a shipped data set (sonar, iris, digits) or a CSV path'],
  ['a negative seed', { name: 'a', seed: -1, grid: GRID }, 's.yaml: seed: -1 is not an integer in [0, 9007199254740991]'],
  ['a fractional seed', { name: 'a', seed: 1.5, grid: GRID }, 's.yaml: seed: 1.5 is not an integer in [0, 9007199254740991]'],
  ['a string seed', { name: 'a', seed: '7', grid: GRID }, 's.yaml: seed: "7" is not an integer in [0, 9007199254740991]'],
  ['a seed past exact integers', { name: 'a', seed: 1e23, grid: GRID }, 's.yaml: seed: 1e+23 is not an integer in [0, 9007199254740991]'],
  ['a control character in a trial name', { name: 'a', trials: [{ name: 'red\u001b[31m' }] }, 's.yaml: trials[0].name: has a control character (a terminal would act on it)'],
  ['a description that is not text', { name: 'a', description: 42, grid: GRID }, 's.yaml: description: must be text without control characters'],
  ['zero repeats', { name: 'a', repeats: 0, grid: GRID }, 's.yaml: repeats: 0 is not an integer in [1, 1000]'],
  ['an unknown engine', { name: 'a', engine: 'gpu', grid: GRID }, 's.yaml: engine: "gpu" is not one of tfjs, wasm'],
  ['a boolean target', { name: 'a', target: true, grid: GRID }, 's.yaml: target: must be a column name or a 1-based column number'],
  ['a list as protocol', { name: 'a', protocol: [1], grid: GRID }, 's.yaml: protocol: must be a mapping'],
  ['an unknown protocol key', { name: 'a', protocol: { lrr: 0.1 }, grid: GRID }, 's.yaml: protocol.lrr: unknown key; did you mean "lr"?'],
  ['a protocol value out of range', { name: 'a', protocol: { momentum: 1 }, grid: GRID }, 's.yaml: protocol.momentum: 1 is not in [0, 1)'],
  ['a list as grid', { name: 'a', grid: [0.1] }, 's.yaml: grid: must be a mapping of setting: [values]'],
  ['trials as a mapping', { name: 'a', trials: { dropout: 0.2 } }, 's.yaml: trials: must be a list of configurations'],
  ['an empty trials list', { name: 'a', trials: [] }, 's.yaml: trials: is an empty list; give at least one trial or leave the key out'],
  ['a trial that is not a mapping', { name: 'a', trials: [{ dropout: 0.2 }, 'hidden'] }, 's.yaml: trials[1]: must be a mapping of settings'],
  ['a trial name that is not a string', { name: 'a', trials: [{ name: 3 }] }, 's.yaml: trials[0].name: must be a string'],
  ['a trial with lr and lrMultiplier', { name: 'a', trials: [{ lr: 0.1 }, { lr: 0.1, lrMultiplier: 2 }] }, 's.yaml: trials[1]: give lr or lrMultiplier, not both'],
  ['a trial max-norm of zero', { name: 'a', trials: [{ maxNorm: 0 }] }, 's.yaml: trials[0].maxNorm: 0 is neither none nor a positive number'],
];
for (const [what, doc, message] of refused) {
  test(`refused: ${what}`, () => assert.equal(refusal(doc), message));
}

test('an empty YAML file is refused like any other non-mapping', () => {
  assert.throws(() => parseSweepText('', 'e.yaml', ENGINES), { name: 'UserError', message: /^e\.yaml: a sweep file must be a mapping/ });
});

test('accepted: names at the limits, seed 0, and every optional field passed through as given', () => {
  assert.equal(validateSpec({ name: 'a', grid: GRID }, 's.yaml', ENGINES).name, 'a');
  assert.equal(validateSpec({ name: `A._-${'9'.repeat(60)}`, grid: GRID }, 's.yaml', ENGINES).name.length, 64);
  const spec = validateSpec(
    {
      name: 'full',
      description: 'every key',
      data: 'rows.csv',
      target: 'class',
      seed: 0,
      folds: 5,
      repeats: 2,
      engine: 'wasm',
      protocol: { epochs: 20, batchSize: 8, hidden: [4], lr: 0.5, momentum: 0 },
      grid: { maxNorm: ['none', null, 2], lrMultiplier: [1, 2] },
      trials: [{ name: 'first', maxNorm: 'none', lrMultiplier: 3 }, { lr: 0.2, placement: 'both', dropout: 0.5 }],
    },
    's.yaml',
    ENGINES,
  );
  assert.deepEqual(spec, {
    name: 'full',
    description: 'every key',
    data: 'rows.csv',
    target: 'class',
    seed: 0,
    folds: 5,
    repeats: 2,
    engine: 'wasm',
    protocol: { epochs: 20, batchSize: 8, hidden: [4], lr: 0.5, momentum: 0 },
    grid: { maxNorm: [null, null, 2], lrMultiplier: [1, 2] },
    trials: [{ name: 'first', maxNorm: null, lrMultiplier: 3 }, { lr: 0.2, placement: 'both', dropout: 0.5 }],
  });
  assert.equal(validateSpec({ name: 'n', target: 3, trials: [{}] }, 's.yaml', ENGINES).target, 3, 'a 1-based column number');
});

test('absent optional fields stay absent, and defaults fill the rest', () => {
  const spec = validateSpec({ name: 'bare', trials: [{ placement: 'hidden', dropout: 0.1 }] }, 's.yaml', ENGINES);
  assert.deepEqual(spec, {
    name: 'bare',
    data: 'sonar',
    seed: 7,
    folds: 10,
    repeats: 1,
    protocol: { epochs: 300, batchSize: 16, hidden: [60, 30], lr: 0.01, momentum: 0.8 },
    trials: [{ placement: 'hidden', dropout: 0.1 }],
  });
  assert.deepEqual(Object.keys(spec).sort(), ['data', 'folds', 'name', 'protocol', 'repeats', 'seed', 'trials']);
});
