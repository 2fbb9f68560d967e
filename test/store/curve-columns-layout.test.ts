import assert from 'node:assert/strict';
import { test } from 'node:test';
import { packCurve, packFloat32, unpackCurve, unpackFloat32, type CurveColumns } from '../../src/store/core/curve-blobs.js';
import type { LearningCurve } from '../../src/engine/model.js';

// The stored layout, written out byte by byte here: little-endian float32 per epoch, int32
// checkpoint epochs, held-out values metric-major in the order the row names.
const f32 = (...xs: number[]) => Buffer.concat(xs.map((x) => { const b = Buffer.alloc(4); b.writeFloatLE(x, 0); return b; }));
const i32 = (...xs: number[]) => Buffer.concat(xs.map((x) => { const b = Buffer.alloc(4); b.writeInt32LE(x, 0); return b; }));

const CURVE: LearningCurve = {
  trainLoss: Float32Array.from([0.75, 0.5, 0.25]),
  epochs: Int32Array.from([2, 3]),
  heldOut: {
    accuracy: Float32Array.from([0.5, 0.75]),
    balanced_accuracy: Float32Array.from([0.25, 0.5]),
    macro_f1: Float32Array.from([0.125, 0.375]),
    log_loss: Float32Array.from([1.5, 1.25]),
    roc_auc: Float32Array.from([0.625, 0.875]),
  },
};

test('a curve is stored as little-endian float32 per epoch, int32 checkpoints, and held-out values metric-major in the named order', () => {
  const row = packCurve(CURVE);
  assert.deepEqual(row.train_loss, f32(0.75, 0.5, 0.25));
  assert.deepEqual(row.checkpoints, i32(2, 3));
  assert.equal(row.held_out_metrics, 'accuracy,balanced_accuracy,macro_f1,log_loss,roc_auc');
  assert.deepEqual(row.held_out, f32(0.5, 0.75, 0.25, 0.5, 0.125, 0.375, 1.5, 1.25, 0.625, 0.875));
});

test('a stored curve reads back as it was written, and a metric the row does not name reads as NaN', () => {
  assert.deepEqual(unpackCurve(packCurve(CURVE)), CURVE);
  // A row written with two metrics, in another order (as another version might): each is found by name.
  const row: CurveColumns = { train_loss: f32(1), checkpoints: i32(1, 2), held_out: f32(9, 8, 0.5, 0.25), held_out_metrics: 'log_loss,accuracy' };
  const back = unpackCurve(row);
  assert.deepEqual([...back.heldOut.log_loss], [9, 8]);
  assert.deepEqual([...back.heldOut.accuracy], [0.5, 0.25]);
  assert.equal(back.heldOut.roc_auc.length, 2);
  assert.ok(back.heldOut.roc_auc.every(Number.isNaN));
  assert.deepEqual([...back.epochs], [1, 2]);
});

test('a metric the curve lacks is stored as NaN; bytes read from an offset inside a larger buffer unpack alone', () => {
  const partial = { ...CURVE, heldOut: { accuracy: CURVE.heldOut.accuracy } as LearningCurve['heldOut'] };
  const back = unpackCurve(packCurve(partial));
  assert.deepEqual([...back.heldOut.accuracy], [0.5, 0.75]);
  assert.ok(back.heldOut.macro_f1.every(Number.isNaN));
  // Drivers may hand a view into a bigger buffer (PostgreSQL's bytea, a pooled Buffer).
  const big = Buffer.concat([Buffer.from([1, 2, 3, 4]), packFloat32([0.5, -2])]);
  assert.deepEqual([...unpackFloat32(big.subarray(4))], [0.5, -2]);
});
