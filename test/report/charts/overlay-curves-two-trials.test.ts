import assert from 'node:assert/strict';
import { test } from 'node:test';
import { overlayCurveSeries } from '../../../src/report/charts/curves.js';
import { lineChart } from '../../../src/report/charts/lines.js';
import { LOG_LOSS } from '../../../src/report/charts/metric.js';
import { outside, walk } from './geometry.js';

const close = (a: number | null | undefined, b: number) => assert.ok(a !== null && a !== undefined && Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

test('two trials overlaid: four curves, each trial its own colour (training dashed, held-out solid), each the mean over its own folds with a band of one population std', () => {
  const a = [
    { trainLoss: [1, 0.6], epochs: [2], heldOut: { log_loss: [0.7] } },
    { trainLoss: [0.8, 0.4], epochs: [2], heldOut: { log_loss: [0.5] } },
  ];
  // b: a single fold whose held-out loss is far from its training loss; its spread is 0.
  const b = [{ trainLoss: [0.9, 0.1], epochs: [1, 2], heldOut: { log_loss: [0.4, 0.9] } }];
  const series = overlayCurveSeries({ label: 'a first', curves: a }, { label: 'b second', curves: b });
  assert.deepEqual(series.map((s) => [s.key, s.colour, s.dashed === true]), [['a-train', 0, true], ['a-held-out', 0, false], ['b-train', 1, true], ['b-held-out', 1, false]]);
  assert.deepEqual(series.map((s) => s.label), ['a first: training loss', 'a first: held-out loss', 'b second: training loss', 'b second: held-out loss']);
  // a's epoch 1: (1 + 0.8) / 2 = 0.9, population std sqrt((0.1^2 + 0.1^2) / 2) = 0.1; epoch 2: 0.5 +- 0.1.
  close(series[0].points[0].y, 0.9);
  close(series[0].points[0].low, 0.8);
  close(series[0].points[1].high, 0.6);
  // a's held-out at epoch 2: (0.7 + 0.5) / 2 = 0.6 +- 0.1.
  close(series[1].points[0].y, 0.6);
  close(series[1].points[0].low, 0.5);
  // b alone: its own values, no spread, and the lowest held-out checkpoint (epoch 1) marked since it rises after.
  close(series[3].points[1].y, 0.9);
  close(series[3].points[1].low, 0.9);
  assert.equal(series[3].marker?.x, 1);
  assert.equal(series[1].marker, undefined, 'a has one checkpoint: nothing rises after it');

  // Drawn with the chart module: each series its class, training dashed, every mark inside the axes.
  const chart = lineChart(series, { width: 320, metric: LOG_LOSS, xLabel: 'epoch', name: 'compare-curves' });
  const lines = walk(chart).filter((n) => n.tag === 'path' && String(n.attrs.class ?? '').includes(' line')).map((n) => `${String(n.attrs['data-series'])} ${String(n.attrs.class)}`);
  assert.deepEqual(lines, ['a-train mark line s-0 dashed', 'a-held-out mark line s-0', 'b-train mark line s-1 dashed', 'b-held-out mark line s-1']);
  assert.deepEqual(outside(chart), []);
});

test('a trial with no stored curve leaves only the other trial\'s lines; a band that would run below 0 is clipped at 0 and marked', () => {
  // Three folds at 0, 0 and 3: mean 1, population std sqrt(2), so the band's low end 1 - sqrt(2) is below 0.
  const folds = [0, 0, 3].map((v) => ({ trainLoss: [v, v], epochs: [2], heldOut: { log_loss: [v] } }));
  const series = overlayCurveSeries({ label: 'a', curves: [] }, { label: 'b', curves: folds });
  assert.deepEqual(series.map((s) => s.key), ['b-train', 'b-held-out']);
  close(series[0].points[0].y, 1);
  close(series[0].points[0].low, 1 - Math.sqrt(2));
  const chart = lineChart(series, { width: 320, metric: LOG_LOSS, xLabel: 'epoch' });
  const clipped = walk(chart).filter((n) => n.attrs['data-clipped'] === 'yes').map((n) => n.attrs['data-series']);
  assert.deepEqual(clipped, ['b-train'], 'the training band stops at 0, marked (the held-out one has a single checkpoint: no band)');
  assert.deepEqual(outside(chart), []);
});
