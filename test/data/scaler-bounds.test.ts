import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitScaler, transformRows } from '../../src/data/scaler.js';

// The scaler writes exactly the region it is given: packing the training and held-out rows of a
// fold into one buffer must not let one block spill into the next.

// Three rows, two columns; the scaler is fit on rows 0 and 2 only.
const features = Float32Array.from([1, 10, 100, 1000, 3, 30]);
const rows = Int32Array.from([0, 2]);

test('fit: means and population standard deviations of the chosen rows only', () => {
  const s = fitScaler(features, 2, rows);
  // Column 0: 1 and 3 -> mean 2, deviations -1 and 1 -> std sqrt(2 / 2) = 1. Column 1: 10 and 30 -> mean 20, std 10.
  assert.deepEqual([...s.mean], [2, 20]);
  assert.deepEqual([...s.scale], [1, 10]);
});

test('transform writes rows x columns values at the offset and nothing around them', () => {
  const s = fitScaler(features, 2, rows);
  const out = new Float32Array(8).fill(-7);
  transformRows(s, features, 2, Int32Array.from([2, 1]), out, 2);
  // Row 2: (3 - 2) / 1 = 1, (30 - 20) / 10 = 1. Row 1: (100 - 2) / 1 = 98, (1000 - 20) / 10 = 98.
  assert.deepEqual([...out], [-7, -7, 1, 1, 98, 98, -7, -7]);
  // Without a buffer, a fresh one of exactly rows x columns.
  assert.deepEqual([...transformRows(s, features, 2, Int32Array.from([0]))], [-1, -1]);
});
