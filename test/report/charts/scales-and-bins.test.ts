import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binCount, binOf, quantileBins } from '../../../src/report/charts/bins.js';
import { timeTicks } from '../../../src/report/charts/history.js';
import { clipInterval, logTicks, niceDomain, niceTicks, tickStep } from '../../../src/report/charts/scale.js';

test('ticks fall on 1-2-5 steps inside the domain; log ticks on powers of ten', () => {
  assert.equal(tickStep(0, 100, 5), 20);
  assert.equal(tickStep(71.43, 100, 5), 5);
  assert.deepEqual(niceTicks(71.43, 100, 5), [75, 80, 85, 90, 95, 100]);
  assert.deepEqual(niceTicks(0, 0.5, 5), [0, 0.1, 0.2, 0.3, 0.4, 0.5]);
  assert.deepEqual(logTicks(0.001, 1), [0.001, 0.01, 0.1, 1]);
  assert.deepEqual(logTicks(0.003, 0.02), [0.005, 0.01, 0.02], 'one power inside: the 2s and 5s too');
});

test('a domain is rounded out to its step and never leaves the metric range', () => {
  assert.deepEqual(niceDomain(71.43, 104.2, 5, { min: 0, max: 100 }), [70, 100]);
  assert.deepEqual(niceDomain(-2.5, 30, 5, { min: 0, max: 100 }), [0, 30]);
  assert.deepEqual(niceDomain(100, 100, 5, { min: 0, max: 100 }), [99, 100], 'a single value at the top stays under the bound');
  assert.deepEqual(niceDomain(0.3, 1.7, 4, { min: 0, max: null }), [0, 2]);
});

test('an interval is cut to the range and says which end was cut', () => {
  assert.deepEqual(clipInterval(78, 105.3, { min: 0, max: 100 }), { low: 78, high: 100, clippedLow: false, clippedHigh: true });
  assert.deepEqual(clipInterval(-0.5, 103.2, { min: 0, max: 100 }), { low: 0, high: 100, clippedLow: true, clippedHigh: true });
  assert.deepEqual(clipInterval(-1, 3, { min: 0, max: null }), { low: 0, high: 3, clippedLow: true, clippedHigh: false });
  assert.deepEqual(clipInterval(10, 20, { min: 0, max: 100 }), { low: 10, high: 20, clippedLow: false, clippedHigh: false });
});

test('quantile bins: floor(n/8) bins from 2 to 5, each about as full, cut at data values', () => {
  assert.deepEqual([4, 16, 24, 39, 40, 60, 1000].map(binCount), [2, 2, 3, 4, 5, 5, 5]);
  // 16 values 1..16 in 2 bins: cut at the 8th value (index 8 = 9): [1..8], [9..16].
  const values = Array.from({ length: 16 }, (_, i) => 16 - i);
  const two = quantileBins(values);
  assert.deepEqual(two.map((b) => [b.from, b.low, b.high, b.count]), [[1, 1, 8, 8], [9, 9, 16, 8]]);
  assert.deepEqual(two.map((b) => b.label), ['1-8', '9-16']);
  // 10 values into 3 bins: cut at indices 0, floor(10/3) = 3, floor(20/3) = 6.
  const three = quantileBins([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0], 3);
  assert.deepEqual(three.map((b) => [b.low, b.high, b.count]), [[0.1, 0.3, 3], [0.4, 0.6, 3], [0.7, 1, 4]]);
  assert.deepEqual([0.05, 0.35, 0.4, 0.65, 0.7, 2].map((v) => binOf(three, v)), [0, 0, 1, 1, 2, 2]);
  // Ties: a repeated value never splits across two bins, so fewer bins come out.
  assert.deepEqual(quantileBins([1, 1, 1, 1, 1, 1, 2, 2], 4).map((b) => [b.low, b.high, b.count]), [[1, 1, 6], [2, 2, 2]]);
});

test('time ticks fall on round durations and read as such, without two alike', () => {
  const short = timeTicks(185, 8);
  assert.deepEqual(short.ticks, [0, 30, 60, 90, 120, 150, 180]);
  assert.deepEqual(short.ticks.map(short.format), ['0s', '30s', '1m00', '1m30', '2m00', '2m30', '3m00']);
  const long = timeTicks(3 * 3600 + 100, 7);
  assert.deepEqual(long.ticks.map(long.format), ['0m', '30m', '1h00', '1h30', '2h00', '2h30', '3h00']);
  const days = timeTicks(30 * 3600, 5);
  assert.deepEqual(days.ticks.map(days.format), ['0h', '6h', '12h', '18h', '24h', '30h']);
  for (const t of [short, long, days]) assert.equal(new Set(t.ticks.map(t.format)).size, t.ticks.length);
});
