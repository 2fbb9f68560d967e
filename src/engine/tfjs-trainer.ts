import * as tf from '@tensorflow/tfjs';
import type { FoldData } from '../data/fold-data.js';
import { scoreCheckpoints } from './curve.js';
import { DEFAULT_CURVE_EVERY, KERAS_EPSILON, curveEpochs, divergenceStep, dropsHidden, dropsVisible, layerSizes, type FitResult, type FitSpec, type TrainOptions } from './model.js';
import { fillDropoutMask } from './dropout.js';
import { epochOrders, initialWeights, maskGenerator } from './seeds.js';


// A type alias, not an interface, so tf.tidy accepts it as a TensorContainer.
type Params = {
  kernels: tf.Tensor3D[];
  biases: tf.Tensor3D[];
  kernelVelocity: tf.Tensor3D[];
  biasVelocity: tf.Tensor3D[];
};

/** What every step of a pack needs: its shape, its rows as tensors, each model's settings. */
interface PackShape {
  K: number;
  d: number;
  C: number;
  L: number;
  B: number;
  classes: number;
  softmax: boolean;
  sizes: number[];
  hidden: number[];
  /** Training rows of the largest fold: every model's rows are padded to it. */
  nMax: number;
  /** Held-out rows of the largest fold. */
  tMax: number;
  xAll: tf.Tensor2D;
  yAll: tf.Tensor2D;
  lr: tf.Tensor3D;
  momentumMinusOne: tf.Tensor3D;
  maxNorm: tf.Tensor3D;
  hasMaxNorm: tf.Tensor3D;
  xTestData: Float32Array;
  yTestData: Float32Array;
  testMaskData: Float32Array;
}

/** One step's inputs, filled on the CPU: rows gathered by flat index, gradient and loss weights, dropout masks. */
interface StepBuffers {
  idx: Int32Array;
  gradWeight: Float32Array;
  lossWeight: Float32Array;
  active: Float32Array;
  visibleMask: Float32Array | null;
  hiddenMasks: Float32Array[] | null;
}

/**
 * Trains K models at once as batched tensors ([K, in, out] kernels), so the per-operation cost of
 * tfjs is paid once per step for all of them. Each model keeps its own data fold, seed streams,
 * learning rate, momentum, dropout and max-norm; padding rows and finished or diverged models are
 * masked out of every update, so a model's numbers never depend on its pack mates.
 * All fits must share hidden sizes and batch size (the scheduler groups them so) and their data set.
 * Two classes train one sigmoid unit with binary cross-entropy; K > 2 a softmax over K units with
 * categorical cross-entropy (the true class's probability clipped as Keras clips it).
 */
export function trainPackTfjs(fits: FitSpec[], foldOf: (fold: number) => FoldData, options: TrainOptions = {}): FitResult[] {
  if (fits.length === 1) {
    // tfjs-wasm computes a batched matMul of batch 1 on another path that rounds differently from
    // batch >= 2, so a lone fit would not match the same fit trained in a pack. Train it twice.
    const [result] = trainPackTfjs([fits[0], fits[0]], foldOf, options);
    return [{ ...result, seconds: result.seconds * 2 }];
  }
  const started = performance.now();
  const first = fits[0].config;
  for (const f of fits) {
    if (f.config.batchSize !== first.batchSize || f.config.hidden.join() !== first.hidden.join()) {
      throw new Error('trainPackTfjs: every fit of a pack must share hidden sizes and batch size');
    }
  }
  const folds = fits.map((f) => foldOf(f.fold));
  const pack = packShape(fits, folds);
  const { K, B } = pack;
  const every = options.curveEvery ?? DEFAULT_CURVE_EVERY;
  const nTrain = folds.map((f) => f.trainY.length);
  const nTest = folds.map((f) => f.testY.length);
  const epochs = fits.map((f) => f.config.epochs);
  const steps = Math.max(...nTrain.map((n) => Math.ceil(n / B)));
  let params = initialParams(fits, pack);

  const diverged = new Array<boolean>(K).fill(false);
  const epochsRun = new Array<number>(K).fill(0);
  const trainLosses = fits.map((f) => new Float32Array(f.config.epochs));
  // Held-out probabilities at each model's checkpoints before its last epoch (that one is scored at the end).
  const checkpoints: Float32Array[][] = fits.map(() => []);
  const highRun = new Array<number>(K).fill(0);
  const maxEpochs = Math.max(...epochs);
  const fillStep = stepFiller(fits, pack, nTrain);

  for (let epoch = 0; epoch < maxEpochs; epoch++) {
    const alive = fits.map((_, k) => !diverged[k] && epoch < epochs[k]);
    if (!alive.some(Boolean)) break;
    let lossSum: tf.Tensor1D = tf.zeros([K]);
    for (let s = 0; s < steps; s++) {
      const buffers = fillStep(epoch, s, alive);
      const next = sgdStep(pack, params, lossSum, buffers);
      disposeParams(params);
      lossSum.dispose();
      params = next.params;
      lossSum = next.lossSum;
    }
    const losses = lossSum.dataSync();
    lossSum.dispose();
    const scoreNow: number[] = [];
    for (let k = 0; k < K; k++) {
      if (!alive[k]) continue;
      epochsRun[k] = epoch + 1;
      trainLosses[k][epoch] = losses[k];
      highRun[k] = divergenceStep(highRun[k], losses[k]);
      if (highRun[k] < 0) diverged[k] = true;
      else if (every > 0 && (epoch + 1) % every === 0 && epoch + 1 < epochs[k]) scoreNow.push(k);
    }
    if (scoreNow.length > 0) {
      const p = heldOut(pack, params).probabilities;
      for (const k of scoreNow) checkpoints[k].push(p.slice(k * pack.tMax * pack.C, (k * pack.tMax + nTest[k]) * pack.C));
    }
    options.onProgress?.(epoch + 1, maxEpochs);
  }

  const final = heldOut(pack, params);
  const weights = options.returnWeights ? modelWeights(pack, params) : undefined;
  disposeParams(params);
  tf.dispose([pack.xAll, pack.yAll, pack.lr, pack.momentumMinusOne, pack.maxNorm, pack.hasMaxNorm]);

  const seconds = (performance.now() - started) / 1000 / K;
  const { tMax, C } = pack;
  return fits.map((_, k) => {
    const accuracy = final.scores[k] / nTest[k];
    const loss = final.scores[K + k] / nTest[k];
    const bad = diverged[k] || !Number.isFinite(loss);
    const scored = [...checkpoints[k], final.probabilities.slice(k * tMax * C, (k * tMax + nTest[k]) * C)];
    const { metrics, curve } = scoreCheckpoints(trainLosses[k].slice(0, epochsRun[k]), curveEpochs(epochsRun[k], every), (c) => scored[c], folds[k].testY, pack.classes, bad);
    return {
      accuracy: bad ? null : accuracy,
      loss: bad ? null : loss,
      trainLoss: trainLosses[k][epochsRun[k] - 1],
      epochsRun: epochsRun[k],
      diverged: bad,
      seconds,
      ...(weights ? { weights: weights[k] } : {}),
      metrics,
      curve,
    };
  });
}

/** The pack's rows as tensors (each model's training rows padded to nMax) and its per-model settings. */
function packShape(fits: FitSpec[], folds: FoldData[]): PackShape {
  const first = fits[0].config;
  const K = fits.length;
  const d = folds[0].columns;
  const classes = folds[0].classes;
  const softmax = classes > 2;
  const sizes = layerSizes(d, first, classes);
  const C = sizes[sizes.length - 1];
  const nMax = Math.max(...folds.map((f) => f.trainY.length));
  const tMax = Math.max(...folds.map((f) => f.testY.length));
  const xAllData = new Float32Array(K * nMax * d);
  const yAllData = new Float32Array(K * nMax * C);
  const xTestData = new Float32Array(K * tMax * d);
  const yTestData = new Float32Array(K * tMax * C);
  const testMaskData = new Float32Array(K * tMax);
  folds.forEach((f, k) => {
    xAllData.set(f.trainX, k * nMax * d);
    // One column of 0/1 targets for a sigmoid unit, one-hot rows for a softmax.
    if (softmax) {
      f.trainY.forEach((c, r) => (yAllData[(k * nMax + r) * C + c] = 1));
      f.testY.forEach((c, r) => (yTestData[(k * tMax + r) * C + c] = 1));
    } else {
      yAllData.set(f.trainY, k * nMax);
      yTestData.set(f.testY, k * tMax);
    }
    xTestData.set(f.testX, k * tMax * d);
    testMaskData.fill(1, k * tMax, k * tMax + f.testY.length);
  });
  const perModel = (values: number[]) => tf.tensor3d(values, [K, 1, 1]);
  return {
    K,
    d,
    C,
    L: sizes.length - 1,
    B: first.batchSize,
    classes,
    softmax,
    sizes,
    hidden: first.hidden,
    nMax,
    tMax,
    xAll: tf.tensor2d(xAllData, [K * nMax, d]),
    yAll: tf.tensor2d(yAllData, [K * nMax, C]),
    lr: perModel(fits.map((f) => f.config.lr)),
    momentumMinusOne: perModel(fits.map((f) => f.config.momentum - 1)),
    maxNorm: perModel(fits.map((f) => f.config.maxNorm ?? 1)),
    hasMaxNorm: perModel(fits.map((f) => (f.config.maxNorm === null ? 0 : 1))),
    xTestData,
    yTestData,
    testMaskData,
  };
}

/**
 * Fills one step's buffers: each live model's next B rows in its own epoch order (padding rows
 * point at its first row with zero weight), and its dropout masks from its own seed stream.
 */
function stepFiller(fits: FitSpec[], pack: PackShape, nTrain: number[]): (epoch: number, step: number, alive: boolean[]) => StepBuffers {
  const { K, B, d, hidden: widths } = pack;
  const orders = fits.map((f, k) => epochOrders(f.seed, nTrain[k], f.config.epochs));
  const masks = fits.map((f) => maskGenerator(f.seed));
  const visible = fits.map((f) => dropsVisible(f.config));
  const hidden = fits.map((f) => dropsHidden(f.config));
  const b: StepBuffers = {
    idx: new Int32Array(K * B),
    gradWeight: new Float32Array(K * B),
    lossWeight: new Float32Array(K * B),
    active: new Float32Array(K),
    visibleMask: visible.some(Boolean) ? new Float32Array(K * B * d) : null,
    hiddenMasks: hidden.some(Boolean) ? widths.map((h) => new Float32Array(K * B * h)) : null,
  };
  const fillMask = (mask: Float32Array, width: number, k: number, real: number, rate: number) => {
    const base = k * B * width;
    if (rate === 0 || real === 0) {
      mask.fill(1, base, base + B * width);
      return;
    }
    fillDropoutMask(mask, base, real * width, rate, masks[k]);
    mask.fill(1, base + real * width, base + B * width);
  };
  return (epoch, s, alive) => {
    b.gradWeight.fill(0);
    b.lossWeight.fill(0);
    for (let k = 0; k < K; k++) {
      const n = nTrain[k];
      const real = alive[k] ? Math.max(0, Math.min(B, n - s * B)) : 0;
      b.active[k] = real > 0 ? 1 : 0;
      const order = orders[k];
      const from = epoch * n + s * B;
      for (let j = 0; j < B; j++) {
        const i = k * B + j;
        if (j < real) {
          b.idx[i] = k * pack.nMax + order[from + j];
          b.gradWeight[i] = 1 / real;
          b.lossWeight[i] = 1 / n;
        } else {
          b.idx[i] = k * pack.nMax;
        }
      }
      const rate = fits[k].config.dropout;
      if (b.visibleMask) fillMask(b.visibleMask, d, k, real, visible[k] ? rate : 0);
      if (b.hiddenMasks) b.hiddenMasks.forEach((m, h) => fillMask(m, widths[h], k, real, hidden[k] ? rate : 0));
    }
    return b;
  };
}

/** Each model's seeded initial weights, stacked per layer, and zero velocities. */
function initialParams(fits: FitSpec[], pack: PackShape): Params {
  const { K, d, sizes, classes } = pack;
  const inits = fits.map((f) => initialWeights(d, f.config, f.seed, classes));
  const params: Params = { kernels: [], biases: [], kernelVelocity: [], biasVelocity: [] };
  for (let l = 0; l < pack.L; l++) {
    const kernel = new Float32Array(K * sizes[l] * sizes[l + 1]);
    const bias = new Float32Array(K * sizes[l + 1]);
    inits.forEach((w, k) => {
      kernel.set(w[2 * l], k * sizes[l] * sizes[l + 1]);
      bias.set(w[2 * l + 1], k * sizes[l + 1]);
    });
    params.kernels.push(tf.tensor3d(kernel, [K, sizes[l], sizes[l + 1]]));
    params.biases.push(tf.tensor3d(bias, [K, 1, sizes[l + 1]]));
    params.kernelVelocity.push(tf.zeros([K, sizes[l], sizes[l + 1]]));
    params.biasVelocity.push(tf.zeros([K, 1, sizes[l + 1]]));
  }
  return params;
}

/**
 * One SGD step of every model: forward with dropout, the clipped cross-entropy's gradient, momentum
 * and max-norm. Returns the new parameters and the epoch's loss sum so far (the old ones are the
 * caller's to dispose).
 */
function sgdStep(pack: PackShape, params: Params, lossSum: tf.Tensor1D, b: StepBuffers): { params: Params; lossSum: tf.Tensor1D } {
  const { K, B, d, C, L, softmax, hidden } = pack;
  return tf.tidy(() => {
    const rows = tf.tensor1d(b.idx, 'int32');
    const x = tf.gather(pack.xAll, rows).reshape([K, B, d]) as tf.Tensor3D;
    const y = tf.gather(pack.yAll, rows).reshape([K, B, C]) as tf.Tensor3D;
    const act = tf.tensor3d(b.active, [K, 1, 1]);
    const inputs: tf.Tensor3D[] = [b.visibleMask ? x.mul(tf.tensor3d(b.visibleMask, [K, B, d])) : x];
    const pre: tf.Tensor3D[] = [];
    const hMasks = b.hiddenMasks?.map((m, h) => tf.tensor3d(m, [K, B, hidden[h]]));
    for (let l = 0; l < L - 1; l++) {
      const z = tf.matMul(inputs[l], params.kernels[l]).add(params.biases[l]) as tf.Tensor3D;
      pre.push(z);
      const a = tf.relu(z);
      inputs.push(hMasks ? a.mul(hMasks[l]) : a);
    }
    const logits = tf.matMul(inputs[L - 1], params.kernels[L - 1]).add(params.biases[L - 1]);
    const p = softmax ? tf.softmax(logits) : tf.sigmoid(logits);
    // Keras clips the probability before the loss, so saturated outputs pass no gradient; for a
    // softmax only the true class's probability enters the loss, so it alone decides.
    const pt = softmax ? p.mul(y).sum(2, true) : p;
    const pc = tf.clipByValue(pt, KERAS_EPSILON, 1 - KERAS_EPSILON);
    const rowLoss = softmax ? tf.neg(tf.log(pc)) : tf.neg(y.mul(tf.log(pc)).add(tf.sub(1, y).mul(tf.log(tf.sub(1, pc)))));
    const newLossSum = lossSum.add(rowLoss.mul(tf.tensor3d(b.lossWeight, [K, B, 1])).sum([1, 2]));
    const unclipped = tf.logicalAnd(pt.greater(KERAS_EPSILON), pt.less(1 - KERAS_EPSILON)).cast('float32');
    let dz = p.sub(y).mul(tf.tensor3d(b.gradWeight, [K, B, 1])).mul(unclipped) as tf.Tensor3D;

    const out: Params = { kernels: [], biases: [], kernelVelocity: [], biasVelocity: [] };
    const lrActive = pack.lr.mul(act);
    for (let l = L - 1; l >= 0; l--) {
      const gradKernel = tf.matMul(inputs[l], dz, true, false);
      const gradBias = dz.sum(1, true);
      if (l > 0) {
        let da = tf.matMul(dz, params.kernels[l], false, true);
        if (hMasks) da = da.mul(hMasks[l - 1]);
        dz = da.mul(tf.step(pre[l - 1])) as tf.Tensor3D;
      }
      // v <- m v - lr g; w <- w + v, written so an inactive model (act = 0) keeps v and w exactly.
      const vK = params.kernelVelocity[l].add(pack.momentumMinusOne.mul(act).mul(params.kernelVelocity[l]).sub(lrActive.mul(gradKernel))) as tf.Tensor3D;
      const vB = params.biasVelocity[l].add(pack.momentumMinusOne.mul(act).mul(params.biasVelocity[l]).sub(lrActive.mul(gradBias))) as tf.Tensor3D;
      let kernel = params.kernels[l].add(vK.mul(act)) as tf.Tensor3D;
      const bias = params.biases[l].add(vB.mul(act)) as tf.Tensor3D;
      if (l < L - 1) {
        // Keras MaxNorm(axis=0): each unit's incoming vector scaled to norm <= c, after every update.
        const norms = kernel.square().sum(1, true).sqrt();
        const wanted = tf.minimum(norms, pack.maxNorm);
        const factor = wanted.div(norms.add(KERAS_EPSILON));
        const apply = pack.hasMaxNorm.mul(act);
        kernel = kernel.mul(apply.mul(factor.sub(1)).add(1)) as tf.Tensor3D;
      }
      out.kernels[l] = kernel;
      out.biases[l] = bias;
      out.kernelVelocity[l] = vK;
      out.biasVelocity[l] = vB;
    }
    return { params: out, lossSum: newLossSum as tf.Tensor1D };
  });
}

/**
 * Every model's held-out probabilities ([K, tMax, C]) without dropout, and its count of correct
 * predictions and summed clipped cross-entropy ([correct..., loss...]).
 */
function heldOut(pack: PackShape, at: Params): { probabilities: Float32Array; scores: Float32Array } {
  const { K, tMax, d, C, L } = pack;
  const [probabilities, scores] = tf.tidy(() => {
    const x = tf.tensor3d(pack.xTestData, [K, tMax, d]);
    const y = tf.tensor3d(pack.yTestData, [K, tMax, C]);
    const mask = tf.tensor3d(pack.testMaskData, [K, tMax, 1]);
    let a: tf.Tensor3D = x;
    for (let l = 0; l < L - 1; l++) a = tf.relu(tf.matMul(a, at.kernels[l]).add(at.biases[l])) as tf.Tensor3D;
    const logits = tf.matMul(a, at.kernels[L - 1]).add(at.biases[L - 1]);
    if (pack.softmax) {
      const p = tf.softmax(logits);
      const correct = tf.argMax(p, 2).equal(tf.argMax(y, 2)).cast('float32').mul(mask.squeeze([2])).sum(1);
      const pc = tf.clipByValue(p.mul(y).sum(2, true), KERAS_EPSILON, 1 - KERAS_EPSILON);
      const ce = tf.neg(tf.log(pc)).mul(mask).sum([1, 2]);
      return [p, tf.stack([correct, ce])];
    }
    const p = tf.sigmoid(logits);
    const correct = p.greater(0.5).cast('float32').equal(y).cast('float32').mul(mask).sum([1, 2]);
    const pc = tf.clipByValue(p, KERAS_EPSILON, 1 - KERAS_EPSILON);
    const bce = tf.neg(y.mul(tf.log(pc)).add(tf.sub(1, y).mul(tf.log(tf.sub(1, pc))))).mul(mask).sum([1, 2]);
    return [p, tf.stack([correct, bce])];
  });
  const out = { probabilities: probabilities.dataSync() as Float32Array, scores: scores.dataSync() as Float32Array };
  tf.dispose([probabilities, scores]);
  return out;
}

/** Each model's weights as [kernel, bias] per layer (the tests compare them with the fused kernel's). */
function modelWeights(pack: PackShape, params: Params): Float32Array[][] {
  const { K, sizes } = pack;
  const weights: Float32Array[][] = Array.from({ length: K }, () => []);
  for (let l = 0; l < pack.L; l++) {
    const kv = params.kernels[l].dataSync() as Float32Array;
    const bv = params.biases[l].dataSync() as Float32Array;
    const kn = sizes[l] * sizes[l + 1];
    for (let k = 0; k < K; k++) weights[k].push(kv.slice(k * kn, (k + 1) * kn), bv.slice(k * sizes[l + 1], (k + 1) * sizes[l + 1]));
  }
  return weights;
}
function disposeParams(p: Params): void {
  tf.dispose([...p.kernels, ...p.biases, ...p.kernelVelocity, ...p.biasVelocity]);
}
