import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prepareFold } from '../../src/data/fold-data.js';
import { stratifiedFolds } from '../../src/data/folds.js';
import { fitScaler } from '../../src/data/scaler.js';
import { loadSonar } from '../helpers.js';

test('standardization is fit on training rows only: held-out values do not move it', () => {
  const data = loadSonar();
  const foldOf = stratifiedFolds(data.labels, 10, 7);
  const before = prepareFold(data, foldOf, 3);
  const poisoned = { ...data, features: data.features.slice() };
  for (const r of before.testRows) for (let c = 0; c < data.columns; c++) poisoned.features[r * data.columns + c] = 1000;
  const after = prepareFold(poisoned, foldOf, 3);
  assert.deepEqual(after.trainX, before.trainX, 'training rows unchanged by held-out values');
  // Training columns are standardized: mean 0, population std 1.
  const n = before.trainRows.length;
  for (const c of [0, 17, 59]) {
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) s += before.trainX[i * data.columns + c];
    for (let i = 0; i < n; i++) s2 += (before.trainX[i * data.columns + c] - s / n) ** 2;
    assert.ok(Math.abs(s / n) < 1e-5);
    assert.ok(Math.abs(Math.sqrt(s2 / n) - 1) < 1e-4);
  }
  // The held-out rows use the training statistics, so they are not themselves centred.
  assert.notDeepEqual(after.testX, before.testX);
});

test('a constant column gets scale 1, not a division by zero', () => {
  const features = Float32Array.from([5, 1, 5, 2, 5, 3]);
  const s = fitScaler(features, 2, Int32Array.from([0, 1, 2]));
  assert.equal(s.scale[0], 1);
  assert.equal(s.mean[0], 5);
  assert.ok(Math.abs(s.scale[1] - Math.sqrt(2 / 3)) < 1e-12, 'population std, ddof = 0');
});
