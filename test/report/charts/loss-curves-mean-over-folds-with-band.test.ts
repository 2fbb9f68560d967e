import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lossCurveSeries } from '../../../src/report/charts/curves.js';
import { lineChart } from '../../../src/report/charts/lines.js';
import { LOG_LOSS } from '../../../src/report/charts/metric.js';
import { toMarkup } from '../../../src/report/charts/node.js';

const close = (a: number | null | undefined, b: number) => assert.ok(a !== null && a !== undefined && Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

test('the trial page curve: mean loss over the folds with a band of one population std, and the epoch where held-out loss turns up', () => {
  // Fold B diverged after 2 epochs: its later epochs are not in the mean.
  const curves = [
    { trainLoss: [1, 0.5, 0.3], epochs: [2, 3], heldOut: { log_loss: [0.6, 0.7] } },
    { trainLoss: [0.8, 0.4], epochs: [2], heldOut: { log_loss: [0.4] } },
  ];
  const [train, held] = lossCurveSeries(curves);
  assert.deepEqual(train.points.map((p) => p.x), [1, 2, 3]);
  // Epoch 1: (1 + 0.8) / 2 = 0.9, population std sqrt(((0.1)^2 + (0.1)^2) / 2) = 0.1.
  close(train.points[0].y, 0.9);
  close(train.points[0].low, 0.8);
  close(train.points[0].high, 1.0);
  close(train.points[1].y, 0.45);
  close(train.points[1].high, 0.5);
  // Epoch 3: fold A alone, no spread.
  close(train.points[2].y, 0.3);
  close(train.points[2].low, 0.3);
  assert.deepEqual(held.points.map((p) => p.x), [2, 3]);
  close(held.points[0].y, 0.5);
  close(held.points[0].low, 0.4);
  close(held.points[1].y, 0.7);
  assert.equal(held.marker?.x, 2, 'the held-out loss is lowest at epoch 2 and rises after');

  const falling = lossCurveSeries([{ trainLoss: [1, 0.5], epochs: [1, 2], heldOut: { log_loss: [0.9, 0.6] } }]);
  assert.equal(falling[1].marker, undefined, 'no mark while the held-out loss still falls');

  // Drawn: every mark is a path inside the SVG, the band clipped at 0 (no loss is negative).
  const svg = toMarkup(lineChart(lossCurveSeries(curves), { width: 500, metric: LOG_LOSS, xLabel: 'epoch' }));
  assert.match(svg, /class="mark band/);
  assert.match(svg, /class="mark marker/);
});
