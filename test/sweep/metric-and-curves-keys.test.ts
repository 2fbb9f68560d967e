import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { parseSweepText } from '../../src/sweep/parse.js';
import { planSweep } from '../../src/sweep/planner.js';
import { specChange } from '../../src/sweep/spec-change.js';
import { curveEvery, rankingMetric } from '../../src/sweep/spec.js';
import { ENGINES } from '../../src/engine/train.js';

const BASE = 'name: a\ngrid:\n  lr: [0.01, 0.1]\n';
const parse = (text: string) => parseSweepText(text, 's.yaml', ENGINES);

function failure(text: string): string {
  try {
    parse(text);
  } catch (err) {
    assert.equal((err as Error).name, 'UserError');
    return (err as Error).message;
  }
  assert.fail('expected the sweep file to be rejected');
}

test('without metric: or curves: a sweep ranks by accuracy and scores the held-out rows every 10 epochs', () => {
  const spec = parse(BASE);
  assert.equal(rankingMetric(spec), 'accuracy');
  assert.equal(curveEvery(spec), 10);
  assert.ok(!('metric' in spec) && !('curves' in spec), 'the parsed spec (and so its hash) is what it was before these keys existed');
});

test('metric: takes each metric name, forgiving case and - for _', () => {
  for (const [written, name] of [
    ['accuracy', 'accuracy'],
    ['balanced_accuracy', 'balanced_accuracy'],
    ['macro-f1', 'macro_f1'],
    ['Log_Loss', 'log_loss'],
    ['roc_auc', 'roc_auc'],
  ]) {
    const spec = parse(`${BASE}metric: ${written}\n`);
    assert.equal(spec.metric, name);
    assert.equal(rankingMetric(spec), name);
  }
});

test('curves: {every: E} sets the cadence; 0 scores the held-out rows only after the last epoch', () => {
  assert.equal(curveEvery(parse(`${BASE}curves: {every: 25}\n`)), 25);
  assert.equal(curveEvery(parse(`${BASE}curves: {every: 0}\n`)), 0);
  assert.equal(curveEvery(parse(`${BASE}curves: {}\n`)), 10);
});

const refusals: [string, string, string][] = [
  ['a misspelled metric', 'metric: acuracy\n', 's.yaml: metric: "acuracy" is not a metric; did you mean "accuracy"? one of accuracy, balanced_accuracy, macro_f1, log_loss, roc_auc'],
  ['an unknown metric', 'metric: precision\n', 's.yaml: metric: "precision" is not a metric; one of accuracy, balanced_accuracy, macro_f1, log_loss, roc_auc'],
  ['a metric that is not text', 'metric: 1\n', 's.yaml: metric: 1 is not a metric; one of accuracy, balanced_accuracy, macro_f1, log_loss, roc_auc'],
  ['a misspelled top-level key', 'metrc: accuracy\n', 's.yaml: metrc: unknown key; did you mean "metric"?'],
  ['curves as a number', 'curves: 10\n', 's.yaml: curves: must be a mapping { every: E } (held-out rows scored every E epochs; 0 only after the last)'],
  ['a misspelled curves key', 'curves: {evry: 5}\n', 's.yaml: curves.evry: unknown key; did you mean "every"?'],
  ['a negative cadence', 'curves: {every: -1}\n', 's.yaml: curves.every: -1 is not an integer in [0, 100000] (0 scores the held-out rows only after the last epoch)'],
  ['a fractional cadence', 'curves: {every: 2.5}\n', 's.yaml: curves.every: 2.5 is not an integer in [0, 100000] (0 scores the held-out rows only after the last epoch)'],
];
for (const [what, extra, message] of refusals) {
  test(`sweep file: ${what} is refused in one line naming the key`, () => assert.equal(failure(BASE + extra), message));
}

test('neither key changes a trial key: the shipped sweeps plan the same trials with them', () => {
  for (const file of ['sweeps/tutorial.yaml', 'sweeps/dropout-grid.yaml', 'sweeps/random-search.yaml']) {
    const text = readFileSync(file, 'utf8');
    const keys = planSweep(parse(text)).trials.map((t) => t.key);
    assert.deepEqual(planSweep(parse(`${text}\nmetric: log_loss\ncurves: {every: 3}\n`)).trials.map((t) => t.key), keys, file);
  }
});

test('a new metric: on a stored sweep re-ranks it without --extend; a new cadence is a change to accept', () => {
  const stored = parse(BASE);
  const metric = specChange(stored, parse(`${BASE}metric: log_loss\n`));
  assert.equal(metric.sameTrials, true);
  assert.deepEqual(metric.blockers, []);
  assert.deepEqual(metric.notes, ['ranked by log_loss now (was accuracy; the stored results are unchanged)']);
  // Writing the default out is no change at all.
  assert.deepEqual(specChange(stored, parse(`${BASE}metric: accuracy\ncurves: {every: 10}\n`)).notes, []);
  assert.equal(specChange(stored, parse(`${BASE}metric: accuracy\ncurves: {every: 10}\n`)).sameTrials, true);
  const cadence = specChange(stored, parse(`${BASE}curves: {every: 5}\n`));
  assert.equal(cadence.sameTrials, false);
  assert.deepEqual(cadence.lines, ['curves.every: 10 -> 5']);
  assert.deepEqual(cadence.blockers, [], '--extend accepts it: results stay comparable');
});

test('the shipped multi-class sweeps parse: iris ranks by accuracy, digits by log loss, both checkpoint every 10 epochs', () => {
  const iris = parse(readFileSync('sweeps/iris.yaml', 'utf8'));
  const digits = parse(readFileSync('sweeps/digits.yaml', 'utf8'));
  assert.deepEqual([iris.data, rankingMetric(iris), curveEvery(iris), planSweep(iris).trials.length], ['iris', 'accuracy', 10, 6]);
  assert.deepEqual([digits.data, rankingMetric(digits), curveEvery(digits), planSweep(digits).trials.length], ['digits', 'log_loss', 10, 3]);
  assert.deepEqual(iris.protocol, { epochs: 300, batchSize: 16, hidden: [60, 30], lr: 0.01, momentum: 0.8 });
});
