import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ENGINES } from '../../src/engine/train.js';
import { parseSweepText } from '../../src/sweep/parse.js';
import { planSweep } from '../../src/sweep/planner.js';

const SPACE = `name: rs
sampler: random
trials: 200
protocol: {epochs: 20}
grid:
  dropout: {min: 0.1, max: 0.5}
  placement: [visible, hidden, both]
  lr: {min: 0.001, max: 1, log: true}
  momentum: [0.8, 0.9, 0.99]
  epochs: {min: 10, max: 30}
`;
const plan = (text: string) => planSweep(parseSweepText(text, 's.yaml', ENGINES));
const failure = (text: string) => {
  try {
    plan(text);
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
};

test('random search is the same run after run: the draws come from the sweep seed', () => {
  const a = plan(SPACE);
  const b = plan(SPACE);
  assert.deepEqual(b.trials, a.trials);
  assert.equal(a.trials.length, 200);
  const other = plan(`seed: 8\n${SPACE}`);
  assert.notDeepEqual(other.trials.map((t) => t.key), a.trials.map((t) => t.key), 'another seed, other draws');
});

test('draws stay in their ranges and lists; integers are integers; log ranges spread over decades', () => {
  const { trials } = plan(SPACE);
  for (const { config: c } of trials) {
    assert.ok(c.dropout >= 0.1 && c.dropout <= 0.5, `dropout ${c.dropout}`);
    assert.ok(['visible', 'hidden', 'both'].includes(c.placement));
    assert.ok([0.8, 0.9, 0.99].includes(c.momentum));
    assert.ok(Number.isInteger(c.epochs) && c.epochs >= 10 && c.epochs <= 30);
    assert.ok(c.lr >= 0.001 && c.lr <= 1);
    assert.equal(Number(c.dropout.toPrecision(4)), c.dropout, 'four significant digits');
  }
  // Log-uniform over three decades: about a third of the draws in each decade (200 draws: a
  // binomial count of 67 has sd 6.7, so [40, 95] is more than 4 sd wide on each side).
  for (const [lo, hi] of [[0.001, 0.01], [0.01, 0.1], [0.1, 1]]) {
    const n = trials.filter((t) => t.config.lr >= lo && t.config.lr < hi).length;
    assert.ok(n >= 40 && n <= 95, `lr in [${lo}, ${hi}): ${n} of 200`);
  }
  // Uniform dropout: about half below the middle of [0.1, 0.5].
  const below = trials.filter((t) => t.config.dropout < 0.3).length;
  assert.ok(below >= 70 && below <= 130, `dropout below 0.3: ${below} of 200`);
});

test('a space smaller than the trials asked for gives each point once: equivalent draws collapse', () => {
  const p = plan('name: small\nsampler: random\ntrials: 10\ngrid:\n  momentum: [0.8, 0.9]\n  lrMultiplier: [1, 10]\n');
  assert.equal(p.trials.length, 4, 'only 4 distinct points exist');
  assert.equal(p.gridPoints, 10 * 50, 'it gave up after 50 draws per trial asked for');
  assert.equal(p.collapsed, p.gridPoints - 4);
});

test('random-search mistakes name the key', () => {
  const base = 'name: r\nsampler: random\n';
  assert.equal(failure(`${base}trials: 0\ngrid: {lr: {min: 0.01, max: 1}}\n`), 's.yaml: trials: with sampler: random, trials is how many to draw: 0 is not an integer in [1, 100000]');
  assert.equal(failure(`${base}trials: 5\ngrid: {lr: {min: 1, max: 0.01}}\n`), 's.yaml: grid.lr: min 1 is above max 0.01');
  assert.equal(failure(`${base}trials: 5\ngrid: {dropout: {min: 0, max: 0.2, log: true}, placement: [hidden]}\n`), 's.yaml: grid.dropout.min: a log range needs min > 0, not 0');
  assert.equal(failure(`${base}trials: 5\ngrid: {lr: {min: 0.01, mx: 1}}\n`), 's.yaml: grid.lr.mx: unknown key; did you mean "max"?');
  assert.equal(failure(`${base}trials: 5\ngrid: {placement: {min: 0, max: 1}}\n`), 's.yaml: grid.placement: placement takes a list of values, not a range');
  assert.equal(failure(`${base}trials: 5\ngrid: {dropout: {min: 0, max: 0.5}}\n`), 's.yaml: grid.dropout: 0.5 has no effect without a placement (the default is none); add grid.placement: [visible, hidden, both]');
  assert.equal(failure(`${base}trials: 5\ngrid: {momentum: {min: 0.5, max: 1}}\n`), 's.yaml: grid.momentum.max: 1 is not in [0, 1)');
  assert.equal(failure('name: r\nsampler: bayes\ngrid: {lr: [0.1]}\n'), 's.yaml: sampler: "bayes" is not one of grid, random');
  assert.equal(failure('name: r\ngrid: {lr: {min: 0.01, max: 1}}\n'), 's.yaml: grid.lr: must be a list of values', 'ranges only with sampler: random');
});
