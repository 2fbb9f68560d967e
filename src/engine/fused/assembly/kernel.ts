// The fused training kernel: one fold fit of a dense relu network, entirely inside WebAssembly,
// 128-bit SIMD across the batch. AssemblyScript; built by `npm install` (scripts/build-kernel.js).
//
// Layout: activations are batch-major per unit, [units][Bp] with Bp = batch rounded up to a
// multiple of 4, so a 16-row batch is four f32x4 vectors per unit. Kernels are kept transposed,
// [out][in], so a unit's incoming weights (what max-norm bounds) are contiguous. Padded lanes
// carry zero gradient weight. Gradients are applied as the momentum update as soon as they are
// computed, never stored. The output is one sigmoid unit for two classes, a softmax over K units
// for K > 2 (output.ts); the dense passes are in dense.ts, the dropout masks in masks.ts.

import { drawMasks, seedMasks, INVARIANTS, HIDDEN_SCALE, MAX_NORM, NORM_EPSILON } from './masks';
import { backwardInput, forwardLayer, updateLayer } from './dense';
import { EPSILON, binaryOutput, softmaxOutput, writeProbabilities } from './output';

export { seedMasks, fillMask } from './masks';
export { scoreHeldOut } from './output';

const DIVERGED_LOSS: f64 = 5.0;
const STUCK_EPOCHS: i32 = 10;

export function reset(): void {
  heap.reset();
}

export function alloc(bytes: i32): usize {
  const p = heap.alloc(<usize>bytes);
  memory.fill(p, 0, <usize>bytes);
  return p;
}

@inline function sizeAt(sizes: usize, k: i32): i32 {
  return load<i32>(sizes + (<usize>k << 2));
}

@inline function ptrAt(table: usize, k: i32): usize {
  return load<usize>(table + (<usize>k << 2));
}

// ---- training -------------------------------------------------------------------------------


/**
 * Trains one model. `weights` holds, per layer, the Keras kernel [in, out] then the bias [out];
 * it is read as the initial state and overwritten with the final one. `order` holds epochs * n
 * row indices (each epoch's shuffle); `y` class indices (0/1 for two classes). Epoch losses go
 * to `losses`. The `nTest` held-out rows `testX` are scored (without dropout) after every
 * `curveEvery`-th epoch (0: never) and after the last epoch run, each time writing their
 * probabilities (see writeProbabilities) to the next slot of `probs`. Returns the number of
 * epochs run, negated when the model diverged.
 */
export function train(
  layers: i32,
  sizes: usize,
  x: usize,
  y: usize,
  n: i32,
  order: usize,
  epochs: i32,
  batch: i32,
  weights: usize,
  lr: f32,
  momentum: f32,
  maxNorm: f32,
  dropIn: f32,
  dropHidden: f32,
  seed: u32,
  losses: usize,
  classes: i32,
  testX: usize,
  nTest: i32,
  curveEvery: i32,
  probs: usize,
): i32 {
  seedMasks(seed);
  const bp = (batch + 3) & ~3;
  const rowBytes = <usize>bp << 2;
  const d = sizeAt(sizes, 0);

  // Per layer: transposed kernel, velocities, bias pointer (inside `weights`), bias velocity.
  const wt = heap.alloc(<usize>layers << 2);
  const vw = heap.alloc(<usize>layers << 2);
  const bias = heap.alloc(<usize>layers << 2);
  const vb = heap.alloc(<usize>layers << 2);
  let wp = weights;
  for (let l = 0; l < layers; l++) {
    const fanIn = sizeAt(sizes, l);
    const fanOut = sizeAt(sizes, l + 1);
    const t = alloc(fanIn * fanOut * 4);
    for (let i = 0; i < fanIn; i++) {
      for (let j = 0; j < fanOut; j++) store<f32>(t + ((<usize>(j * fanIn + i)) << 2), load<f32>(wp + ((<usize>(i * fanOut + j)) << 2)));
    }
    store<usize>(wt + (<usize>l << 2), t);
    store<usize>(vw + (<usize>l << 2), alloc(fanIn * fanOut * 4));
    wp += <usize>(fanIn * fanOut) << 2;
    store<usize>(bias + (<usize>l << 2), wp);
    store<usize>(vb + (<usize>l << 2), alloc(fanOut * 4));
    wp += <usize>fanOut << 2;
  }

  // Activations per level k = 0 (inputs) .. layers (output), after relu and after dropout where
  // that level drops: the mask is applied as the activation is formed, so nothing keeps the
  // undropped value. Backward needs none: with multipliers 0 or s > 0 and relu outputs >= 0, a
  // unit passes gradient exactly where its dropped activation is positive.
  const act = heap.alloc(<usize>(layers + 1) << 2);
  const grd = heap.alloc(<usize>(layers + 1) << 2);
  // Per level, where its masks are; 0 at levels without dropout and at the input, whose masks
  // are applied once, in place, as the batch is loaded.
  const msk = heap.alloc(<usize>(layers + 1) << 2);
  let hiddenUnits = 0;
  for (let k = 1; k < layers; k++) hiddenUnits += sizeAt(sizes, k);
  // One step's masks: the input level's (at its own rate), then every hidden level's.
  const visibleVectors = dropIn > 0 ? (d * bp) >> 2 : 0;
  const hiddenVectors = dropHidden > 0 ? (hiddenUnits * bp) >> 2 : 0;
  const masks = alloc((visibleVectors + hiddenVectors) << 4);
  let mp = masks + (<usize>visibleVectors << 4);
  for (let k = 0; k <= layers; k++) {
    const units = sizeAt(sizes, k);
    store<usize>(act + (<usize>k << 2), alloc(units * bp * 4));
    store<usize>(grd + (<usize>k << 2), alloc(units * bp * 4));
    let m: usize = 0;
    if (k > 0 && k < layers && dropHidden > 0) {
      m = mp;
      mp += <usize>units * rowBytes;
    }
    store<usize>(msk + (<usize>k << 2), m);
  }
  let widest = 0;
  for (let k = 1; k <= layers; k++) widest = max(widest, sizeAt(sizes, k));
  // Per unit of the layer being updated: its sum of squares, then its max-norm factor.
  const unitNorms = alloc(((widest + 3) & ~3) * 4);
  v128.store(INVARIANTS, f32x4.splat(maxNorm), MAX_NORM);
  v128.store(INVARIANTS, f32x4.splat(EPSILON), NORM_EPSILON);
  const laneWeight = alloc(bp * 4);
  const laneY = alloc(bp * 4);
  v128.store(INVARIANTS, f32x4.splat(1.0 / (1.0 - dropHidden)), HIDDEN_SCALE);
  const slotBytes = <usize>(nTest * (classes > 2 ? classes : 1)) << 2;
  let slot: usize = 0;
  let highRun = 0;
  let ran = epochs;

  for (let epoch = 0; epoch < epochs; epoch++) {
    let lossSum: f64 = 0;
    const epochOrder = order + ((<usize>epoch * <usize>n) << 2);
    for (let start = 0; start < n; start += batch) {
      const real = min(batch, n - start);
      const a0 = ptrAt(act, 0);
      loadBatch(a0, x, y, d, bp, epochOrder + (<usize>start << 2), real, laneY, laneWeight);
      if (visibleVectors > 0) {
        drawMasks(masks, visibleVectors, dropIn);
        for (let q = 0; q < visibleVectors; q++) {
          const o = <usize>q << 4;
          v128.store(a0 + o, f32x4.mul(v128.load(a0 + o), v128.load(masks + o)));
        }
      }
      if (hiddenVectors > 0) drawMasks(masks + (<usize>visibleVectors << 4), hiddenVectors, dropHidden);

      forward(layers, sizes, wt, bias, act, msk, bp);

      // Loss and the output gradient (Keras: clipped probability, no gradient where clipped).
      const zOut = ptrAt(act, layers);
      const gOut = ptrAt(grd, layers);
      lossSum = classes > 2
        ? softmaxOutput(zOut, gOut, laneY, laneWeight, bp, real, classes, lossSum)
        : binaryOutput(zOut, gOut, laneY, laneWeight, bp, real, lossSum);

      // Backward, layer by layer from the output: the gradient for the level below with the
      // weights before this update, then the update.
      for (let l = layers - 1; l >= 0; l--) {
        const fanIn = sizeAt(sizes, l);
        const fanOut = sizeAt(sizes, l + 1);
        const input = ptrAt(act, l);
        const dz = ptrAt(grd, l + 1);
        const t = ptrAt(wt, l);
        if (l > 0) backwardInput(input, dz, ptrAt(grd, l), t, fanIn, fanOut, bp, ptrAt(msk, l) != 0);
        updateLayer(input, dz, t, ptrAt(vw, l), ptrAt(bias, l), ptrAt(vb, l), unitNorms, fanIn, fanOut, bp, lr, momentum, maxNorm > 0 && l + 1 < layers);
      }
    }

    const epochLoss = lossSum / <f64>n;
    store<f32>(losses + (<usize>epoch << 2), <f32>epochLoss);
    if (!isFinite(epochLoss)) {
      ran = -(epoch + 1);
      break;
    }
    highRun = epochLoss > DIVERGED_LOSS ? highRun + 1 : 0;
    if (highRun >= STUCK_EPOCHS) {
      ran = -(epoch + 1);
      break;
    }
    if (curveEvery > 0 && (epoch + 1) % curveEvery == 0) {
      scoreRows(layers, sizes, wt, bias, act, bp, testX, nTest, classes, probs + slot * slotBytes);
      slot++;
    }
  }
  // The last epoch run is always scored, once.
  const last = ran < 0 ? -ran : ran;
  if (ran < 0 || curveEvery <= 0 || last % curveEvery != 0) scoreRows(layers, sizes, wt, bias, act, bp, testX, nTest, classes, probs + slot * slotBytes);
  return writeBack(layers, sizes, weights, wt, ran);
}

/**
 * Copies `real` rows of `x` (d values each) into the input level `a0`, transposed to [d][bp], and
 * zeroes the padded lanes. With `rows` the row indices come from there, else the rows are
 * consecutive; with `y` each lane's label and gradient weight (1 / real; padded lanes 0) are set.
 * A function of its own, so it is optimized after a few steps: `train` runs its first call in
 * V8's baseline tier to the end.
 */
function loadBatch(a0: usize, x: usize, y: usize, d: i32, bp: i32, rows: usize, real: i32, laneY: usize, laneWeight: usize): void {
  const inv: f32 = 1.0 / <f32>real;
  for (let b = 0; b < bp; b++) {
    if (b < real) {
      const row = rows != 0 ? load<i32>(rows + (<usize>b << 2)) : b;
      const src = x + ((<usize>row * <usize>d) << 2);
      for (let i = 0; i < d; i++) store<f32>(a0 + ((<usize>(i * bp + b)) << 2), load<f32>(src + (<usize>i << 2)));
      if (y != 0) {
        store<f32>(laneY + (<usize>b << 2), load<f32>(y + (<usize>row << 2)));
        store<f32>(laneWeight + (<usize>b << 2), inv);
      }
    } else {
      for (let i = 0; i < d; i++) store<f32>(a0 + ((<usize>(i * bp + b)) << 2), 0);
      if (y != 0) {
        store<f32>(laneY + (<usize>b << 2), 0);
        store<f32>(laneWeight + (<usize>b << 2), 0);
      }
    }
  }
}

/** Forward through every layer for the batch at level 0; `msk` null (0) scores without dropout. */
function forward(layers: i32, sizes: usize, wt: usize, bias: usize, act: usize, msk: usize, bp: i32): void {
  for (let l = 0; l < layers; l++) {
    const mOut = msk != 0 ? ptrAt(msk, l + 1) : 0;
    forwardLayer(ptrAt(act, l), ptrAt(act, l + 1), ptrAt(wt, l), ptrAt(bias, l), mOut, sizeAt(sizes, l), sizeAt(sizes, l + 1), bp, l + 1 < layers);
  }
}

/**
 * The probabilities of `n` rows of `x` under the current weights, without dropout, `bp` rows at
 * a time through the training buffers; written row-major to `dst`. A row's sums are the ones
 * training forms, in the same order, so its probability does not depend on the rows beside it.
 */
function scoreRows(layers: i32, sizes: usize, wt: usize, bias: usize, act: usize, bp: i32, x: usize, n: i32, classes: i32, dst: usize): void {
  const d = sizeAt(sizes, 0);
  const a0 = ptrAt(act, 0);
  const width = classes > 2 ? classes : 1;
  for (let start = 0; start < n; start += bp) {
    const real = min(bp, n - start);
    loadBatch(a0, x + ((<usize>start * <usize>d) << 2), 0, d, bp, 0, real, 0, 0);
    forward(layers, sizes, wt, bias, act, 0, bp);
    writeProbabilities(ptrAt(act, layers), dst + ((<usize>(start * width)) << 2), bp, real, classes);
  }
}

/** Copies the transposed kernels back into Keras layout in `weights`; biases are already there. */
function writeBack(layers: i32, sizes: usize, weights: usize, wt: usize, result: i32): i32 {
  let wp = weights;
  for (let l = 0; l < layers; l++) {
    const fanIn = sizeAt(sizes, l);
    const fanOut = sizeAt(sizes, l + 1);
    const t = ptrAt(wt, l);
    for (let i = 0; i < fanIn; i++) {
      for (let j = 0; j < fanOut; j++) store<f32>(wp + ((<usize>(i * fanOut + j)) << 2), load<f32>(t + ((<usize>(j * fanIn + i)) << 2)));
    }
    wp += <usize>(fanIn * fanOut + fanOut) << 2;
  }
  return result;
}
