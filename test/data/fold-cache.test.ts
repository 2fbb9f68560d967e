import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foldCache } from '../../src/data/fold-data.js';
import type { Dataset } from '../../src/data/dataset.js';

const table = (rows: number, columns: number): Dataset => ({
  source: 't',
  rows,
  columns,
  features: Float32Array.from({ length: rows * columns }, (_, i) => (i * 7919) % 101),
  labels: Uint8Array.from({ length: rows }, (_, r) => r % 2),
  classes: ['a', 'b'],
});

test('the fold cache computes a fold once while it fits, and drops the least recently used folds past its byte bound', () => {
  const data = table(100, 5);
  const foldOf = Int32Array.from({ length: 100 }, (_, r) => r % 10);
  // One fold: 90 training + 10 held-out rows x 5 float32 = 2,000 bytes.
  const all = foldCache(data, foldOf);
  const first = Array.from({ length: 10 }, (_, f) => all(f));
  first.forEach((f, i) => assert.equal(all(i), f, `fold ${i} kept`));

  const bounded = foldCache(data, foldOf, 4_000);
  const f0 = bounded(0);
  const f1 = bounded(1);
  assert.equal(bounded(0), f0, 'two folds fit');
  const f2 = bounded(2); // fold 1 is now the least recently used
  assert.equal(bounded(0), f0);
  assert.equal(bounded(2), f2);
  const again = bounded(1);
  assert.notEqual(again, f1, 'fold 1 was dropped and computed again');
  assert.deepEqual(again.trainX, f1.trainX, 'to the same values');
  const lone = foldCache(data, foldOf, 10);
  const g = lone(3);
  assert.equal(lone(3), g, 'the latest fold stays even past the bound');
});
