import assert from 'node:assert/strict';
import { test } from 'node:test';
import { curveSparklines, curveTable, curvesText, meanCurve, sparkline } from '../../src/report/curve-text.js';
import { displayWidth } from '../../src/report/render.js';
import type { LearningCurve } from '../../src/engine/model.js';
import { METRICS, type MetricName } from '../../src/stats/metrics.js';

/** A hand-made curve: train loss per epoch, and held-out values at the checkpoint epochs. */
function curve(trainLoss: number[], epochs: number[], heldOut: Partial<Record<MetricName, number[]>>): LearningCurve {
  const filled = Object.fromEntries(METRICS.map((m) => [m, Float32Array.from(heldOut[m] ?? epochs.map(() => NaN))])) as Record<MetricName, Float32Array>;
  return { trainLoss: Float32Array.from(trainLoss), epochs: Int32Array.from(epochs), heldOut: filled };
}
const f32 = (xs: number[]) => xs.map(Math.fround);

test('the mean curve averages each epoch over the folds that ran it, and says how many did', () => {
  const a = curve([0.8, 0.6, 0.4, 0.3], [2, 4], { log_loss: [0.7, 0.5], accuracy: [0.6, 0.8] });
  const b = curve([0.6, 0.4], [2], { log_loss: [0.9], accuracy: [0.5] }); // diverged after epoch 2
  const m = meanCurve([a, b]);
  assert.deepEqual(Array.from(m.trainLoss), [(f32([0.8])[0] + f32([0.6])[0]) / 2, (f32([0.6])[0] + f32([0.4])[0]) / 2, f32([0.4])[0], f32([0.3])[0]]);
  assert.deepEqual(Array.from(m.trainFolds!), [2, 2, 1, 1]);
  assert.deepEqual(Array.from(m.epochs), [2, 4]);
  assert.deepEqual(Array.from(m.heldOut.log_loss), [(f32([0.7])[0] + f32([0.9])[0]) / 2, f32([0.5])[0]]);
  assert.deepEqual(Array.from(m.heldOut.accuracy), [(f32([0.6])[0] + f32([0.5])[0]) / 2, f32([0.8])[0]]);
  // A metric undefined at a checkpoint (NaN) is left out, not counted as 0.
  const c = curve([0.5, 0.5], [2], { roc_auc: [NaN] });
  const d = curve([0.5, 0.5], [2], { roc_auc: [0.75] });
  assert.deepEqual(Array.from(meanCurve([c, d]).heldOut.roc_auc), [0.75]);
});

test('the table shows epoch, train loss, held-out loss and the ranking metric at no more than 12 checkpoints, first and last included', () => {
  const epochs = Array.from({ length: 30 }, (_, i) => (i + 1) * 10);
  const c = curve(Array.from({ length: 300 }, (_, i) => 1 / (i + 1)), epochs, { log_loss: epochs.map((e) => 1 + e / 1000), accuracy: epochs.map((e) => e / 400) });
  const lines = curveTable(c, 'accuracy').split('\n');
  assert.match(lines[1], /│ epoch │ train loss │ held-out loss │ held-out accuracy % │/);
  const rows = lines.filter((l) => /^│ \d+ /.test(l));
  assert.equal(rows.length, 12);
  assert.match(rows[0], /^│ 10 +│ 0\.1000 +│ 1\.0100 +│ 2\.50 +│$/);
  assert.match(rows[11], /^│ 300 +│ 0\.0033 +│ 1\.3000 +│ 75\.00 +│$/);
  // Ranked by log loss, the held-out loss is the metric: no second column for it.
  assert.doesNotMatch(curveTable(c, 'log_loss'), /held-out log_loss/);
});

test('a mean over folds that stopped at different epochs gets a column of how many folds were training', () => {
  const m = meanCurve([curve([0.7, 0.6, 0.5], [3], { log_loss: [0.6] }), curve([0.7], [], {})]);
  assert.match(curveTable(m, 'accuracy'), /│ epoch │ train loss │ held-out loss │ held-out accuracy % │ folds training │/);
  assert.match(curveTable(m, 'accuracy'), /│ 3 +│ 0\.5000 +│ 0\.6000 +│ - +│ 1 +│/);
});

test('a fit without checkpoints still shows its training loss', () => {
  const rows = curveTable(curve([0.9, 0.8, 0.7], [], {}), 'roc_auc').split('\n').filter((l) => /^│ \d/.test(l));
  assert.deepEqual(rows.map((r) => r.split('│')[2].trim()), ['0.9000', '0.8000', '0.7000']);
});

test('a sparkline has exactly the width asked for; each character is the mean of its epochs on the given scale', () => {
  const values = [0, 0, 7, 7, 3.5, 3.5];
  // Level round((v - lo) / (hi - lo) * 7) of ▁▂▃▄▅▆▇█: 0 -> ▁, 7 -> █, 3.5 -> level 3.5, rounded to 4: ▅.
  assert.equal(sparkline((e) => values[e - 1], 6, 6, 0, 7), '▁▁██▅▅');
  assert.equal(sparkline((e) => values[e - 1], 6, 3, 0, 7), '▁█▅', 'two epochs per character, averaged');
  assert.equal(sparkline((e) => values[e - 1], 6, 2, 0, 7), '▃▆', 'three epochs per character: mean 7/3 -> level 2.33 -> ▃; mean 14/3 -> level 4.67 -> ▆');
  assert.equal(sparkline((e) => (e <= 2 ? NaN : 1), 4, 4, 0, 1), '  ██', 'epochs without a value are gaps');
  assert.equal(sparkline(() => 5, 3, 3, 5, 5), '▁▁▁', 'a flat series sits on the floor');
});

test('the sparkline lines never exceed the terminal width, from 1 to 200 columns', () => {
  const epochs = Array.from({ length: 30 }, (_, i) => (i + 1) * 10);
  const shapes = [
    curve(Array.from({ length: 300 }, (_, i) => Math.exp(-i / 50)), epochs, { log_loss: epochs.map((e) => 0.5 + e / 600), balanced_accuracy: epochs.map((e) => e / 300) }),
    curve([0.7], [1], { log_loss: [0.69], balanced_accuracy: [0.5] }),
    curve(Array.from({ length: 5000 }, () => 0.3), [5000], { log_loss: [NaN], balanced_accuracy: [NaN] }),
  ];
  for (const c of shapes) {
    for (let width = 1; width <= 200; width++) {
      for (const line of curveSparklines(c, 'balanced_accuracy', width)) assert.ok(displayWidth(line) <= width, `${displayWidth(line)} > ${width}: ${line}`);
    }
  }
});

test('train and held-out loss share one scale, so a held-out loss above the train loss draws higher', () => {
  // Train loss falls from 1 to 0.1; held-out loss stays at 1: on a shared scale it is a line of full bars.
  const c = curve(Array.from({ length: 100 }, (_, i) => 1 - (0.9 * i) / 99), [50, 75, 100], { log_loss: [1, 1, 1], accuracy: [0.5, 0.9, 0.9] });
  const [train, held, metric, axis] = curveSparklines(c, 'accuracy', 80);
  assert.match(train, /^train loss +█.*▁ 1\.0000 -> 0\.1000$/);
  assert.match(held, /^held-out loss +[ ]+█+ 1\.0000 -> 1\.0000$/, 'a step from the first checkpoint at epoch 50, blank before it');
  // Its own scale, 50% to 90%: 50% from epoch 50 (floor), 90% from epoch 75 (top); the held value, not interpolated.
  assert.match(metric, /^held-out accuracy % +[ ]+▁+[▂-▇]?█+ 50\.00 -> 90\.00$/);
  assert.match(axis, /^ +epoch 1 +100$/);
});

test('the whole block for show --curves says what it averages, then the table, then the sparklines', () => {
  const folds = [curve([0.7, 0.5, 0.4], [3], { log_loss: [0.6], accuracy: [0.7] }), curve([0.6, 0.5, 0.3], [3], { log_loss: [0.5], accuracy: [0.8] })];
  const text = curvesText(folds, 'accuracy', 60).split('\n');
  assert.match(text[0], /^mean learning curve over 2 folds: training loss every epoch; held-out loss and accuracy at the checkpoint epochs/);
  assert.match(text.join('\n'), /│ 3 +│ 0\.3500 +│ 0\.5500 +│ 75\.00 +│/);
  assert.match(text.at(-3)!, /^train loss +[▁-█]{3} 0\.6500 -> 0\.3500$/);
  assert.equal(curvesText([], 'accuracy', 60), 'no learning curves stored for this trial');
});
