import assert from 'node:assert/strict';
import { test } from 'node:test';
import { barChart, shareChart } from '../../../src/report/charts/bars.js';
import { heatmapChart } from '../../../src/report/charts/heatmap.js';
import { historyChart } from '../../../src/report/charts/history.js';
import { intervalChart } from '../../../src/report/charts/interval.js';
import { lineChart, overlayChart, type LineSeries } from '../../../src/report/charts/lines.js';
import { ACCURACY, LOG_LOSS } from '../../../src/report/charts/metric.js';
import { parallelChart } from '../../../src/report/charts/parallel.js';
import { differenceChart, rangeChart } from '../../../src/report/charts/ranges.js';
import { scatterChart } from '../../../src/report/charts/scatter.js';
import { stripChart } from '../../../src/report/charts/strip.js';
import type { SvgNode } from '../../../src/report/charts/node.js';
import { marksOf, outside, walk } from './geometry.js';

// Each chart on synthetic data with the cases that used to escape their axes (a 71.43% fold at
// the bottom of the strip plot, intervals past 100 and below 0, a fold at exactly 100, a dot at
// each end of a domain), at a phone's width and a desktop's: no mark leaves the plot area.

const WIDTHS = [300, 700];
const foldsOf = (base: number) => [71.43, 100, base, base + 2, base - 3, 85.71, 90.48, base, 95.24, 76.19];

function check(name: string, draw: (width: number) => SvgNode): void {
  for (const width of WIDTHS) {
    const chart = draw(width);
    assert.equal(chart.tag, 'svg', `${name} at ${width}px is a chart`);
    assert.ok(marksOf(chart).marks.length > 0, `${name} at ${width}px has marks`);
    assert.deepEqual(outside(chart), [], `${name} at ${width}px keeps every mark inside its plot area`);
  }
}

test('every chart keeps every mark inside its plot area, at 300 and 700 px, with folds at 71.43 and 100 and intervals past 0-100', () => {
  check('dropout curve', (width) =>
    intervalChart(
      [
        { key: 'visible', label: 'visible', points: [{ x: 0, mean: 96, low: 88, high: 104.2, n: 3 }, { x: 0.5, mean: 60, low: -2.5, high: 80, n: 3 }] },
        { key: 'hidden', label: 'hidden', points: [{ x: 0, mean: 96, low: 88, high: 104.2, n: 3 }, { x: 0.5, mean: 99.5, low: 97, high: 102, n: 3 }] },
        { key: 'both', label: 'both', points: [{ x: 0.5, mean: 50, low: null, high: null, n: 1 }] },
      ],
      { width, metric: ACCURACY, xLabel: 'dropout rate' },
    ),
  );
  check('fold strip', (width) => stripChart(Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, label: `key${i}`.padEnd(10, 'x'), title: `trial ${i}`, mean: 85, folds: foldsOf(80 + i) })), { width, metric: ACCURACY }));
  check('slice (log)', (width) => scatterChart([0.001, 0.01, 1].map((x, i) => ({ x, y: [53.38, 100, 0][i], series: 'visible', key: `t${i}`, title: `t${i}` })), { width, metric: ACCURACY, xLabel: 'lr', log: true }));
  check('slice (categories)', (width) => scatterChart(['none', '3', '3', '5'].map((x, i) => ({ x, y: 70 + i, series: 'hidden', key: `t${i}`, title: `t${i}` })), { width, metric: ACCURACY, xLabel: 'max-norm', categories: ['none', '3', '4', '5'] }));
  check('heatmap', (width) => heatmapChart([{ x: 0, y: 0, mean: 60, trials: 4, withinNoise: false, title: 'a' }, { x: 1, y: 1, mean: 88, trials: 4, withinNoise: true, title: 'b' }], { width, metric: ACCURACY, xLabel: 'learning rate', yLabel: 'momentum', xLevels: ['0.00108-0.00332', '0.126-0.715'], yLevels: ['0.8', '0.99'] }));
  check('bars', (width) => barChart([{ label: 'none', value: 100, title: 'x' }, { label: '3', value: 0.5, title: 'y' }], { width, metric: ACCURACY, xLabel: 'max-norm' }));
  check('importance shares', (width) => shareChart([{ label: 'lr', share: 0.999, title: '' }, { label: 'dropout × placement', share: 0.001, title: '' }, { label: 'interactions', share: 0, title: '', rest: true }], { width, xLabel: 'share' }));
  check('history (trials)', (width) => historyChart([100, 71.43, 0, 88].map((value, i) => ({ index: i + 1, seconds: i * 10, value, key: `k${i}`, title: '' })), { width, metric: ACCURACY, against: 'trials' }));
  check('history (time)', (width) => historyChart([100, 71.43, 0, 88].map((value, i) => ({ index: i + 1, seconds: i * 3600, value, key: `k${i}`, title: '' })), { width, metric: ACCURACY, against: 'time' }));
  check('parallel coordinates', (width) =>
    parallelChart(
      [
        { key: 'placement', label: 'placement', categories: ['visible', 'hidden'] },
        { key: 'lr', label: 'lr', domain: [0.001, 1], log: true },
      ],
      [
        { key: 'a', title: 'a', values: ['visible', 0.001], score: 100 },
        { key: 'b', title: 'b', values: ['hidden', 1], score: 50 },
      ],
      { width, metric: ACCURACY },
    ),
  );
  check('best per sweep', (width) => rangeChart([{ key: 'a', label: 'a sweep with a long name indeed', value: 95, low: 84, high: 106, title: '' }, { key: 'b', label: 'b', value: 5, low: -3, high: 13, title: '' }], { width, metric: ACCURACY }));
  check('paired differences', (width) => differenceChart(Array.from({ length: 10 }, (_, i) => ({ label: String(i), value: i - 4.5 })), { width, unit: 'points', mean: 0.5 }));
});

/** Learning curves as the trial page will draw them: train and held-out mean over folds with a band, a divergence epoch marked. */
function curve(key: string, label: string, f: (epoch: number) => number, spread: number, marker?: number): LineSeries {
  return {
    key,
    label,
    points: Array.from({ length: 50 }, (_, i) => ({ x: i + 1, y: f(i + 1), low: f(i + 1) - spread, high: f(i + 1) + spread })),
    marker: marker === undefined ? undefined : { x: marker, label: `a fold diverged at epoch ${marker}` },
  };
}

test('a line with a band and an overlay of two series stay inside their axes; a band past the metric range is clipped and says so', () => {
  const train = curve('train', 'training accuracy', (e) => 100 - 40 / e, 6);
  const heldOut = curve('held-out', 'held-out accuracy', (e) => 60 + 30 * (1 - Math.exp(-e / 10)), 8, 37);
  check('line with band', (width) => lineChart([heldOut], { width, metric: ACCURACY, xLabel: 'epoch' }));
  check('overlay', (width) => overlayChart(train, heldOut, { width, metric: ACCURACY, xLabel: 'epoch' }));
  const chart = overlayChart(train, heldOut, { width: 500, metric: ACCURACY, xLabel: 'epoch' });
  const nodes = walk(chart);
  const bands = nodes.filter((n) => String(n.attrs.class).includes('band'));
  assert.equal(bands.length, 2, 'a band per series');
  assert.equal(bands.find((b) => b.attrs['data-series'] === 'train')?.attrs['data-clipped'], 'yes', 'the training band reaches past 100: clipped');
  assert.equal(bands.find((b) => b.attrs['data-series'] === 'held-out')?.attrs['data-clipped'], null);
  assert.ok(nodes.some((n) => n.tag === 'text' && /band clipped to 0-100/.test(String(n.children[0]))), 'the legend says the band was clipped');
  assert.equal(nodes.filter((n) => String(n.attrs.class).includes('marker')).length, 1, 'the divergence epoch is marked');
  // Log loss: lower is better and has no upper bound; the band is clipped at 0 only.
  const loss = curve('loss', 'held-out log loss', (e) => 0.05 + 2 / e, 0.3);
  const lossChart = lineChart([loss], { width: 400, metric: LOG_LOSS, xLabel: 'epoch' });
  assert.deepEqual(outside(lossChart), []);
  assert.equal(walk(lossChart).find((n) => String(n.attrs.class).includes('band'))?.attrs['data-clipped'], 'yes', 'the band dips below 0 at the end: clipped at 0');
});
