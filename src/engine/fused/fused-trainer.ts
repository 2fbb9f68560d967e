import type { FoldData } from '../../data/fold-data.js';
import { scoreCheckpoints } from '../curve.js';
import { DEFAULT_CURVE_EVERY, curveEpochs, dropsHidden, dropsVisible, layerSizes, outputUnits, type FitResult, type FitSpec } from '../model.js';
import { epochOrders, initialWeights, seed32 } from '../seeds.js';
import { EXACT_KERNEL, kernelBytes, relaxedSimdAvailable, type KernelName } from './kernels.js';

/** The exports of kernel.wasm (src/engine/fused/assembly/kernel.ts). */
interface Kernel {
  memory: WebAssembly.Memory;
  reset(): void;
  alloc(bytes: number): number;
  seedMasks(seed: number): void;
  /** For tests: the masks training would draw next; writes count rounded up to a multiple of 4. */
  fillMask(ptr: number, count: number, rate: number): void;
  train(
    layers: number, sizes: number, x: number, y: number, n: number, order: number, epochs: number, batch: number,
    weights: number, lr: number, momentum: number, maxNorm: number, dropIn: number, dropHidden: number, seed: number, losses: number,
    classes: number, testX: number, nTest: number, curveEvery: number, probs: number,
  ): number;
  scoreHeldOut(probs: number, y: number, n: number, classes: number, out: number): void;
}

const compiled = new Map<KernelName, Kernel>();

/**
 * A kernel build, compiled once per thread; built by `npm install` (scripts/build-kernel.js). The
 * relaxed-SIMD build fails here with one line when the runtime cannot compile it.
 */
export function loadKernel(name: KernelName = EXACT_KERNEL): Kernel {
  let kernel = compiled.get(name);
  if (kernel) return kernel;
  if (name !== EXACT_KERNEL && !relaxedSimdAvailable()) throw new Error(`the ${name} kernel does not compile on this runtime (node ${process.version})`);
  const instance = new WebAssembly.Instance(new WebAssembly.Module(kernelBytes(name)), {
    env: {
      abort: () => {
        throw new Error('fused kernel aborted');
      },
    },
  });
  kernel = instance.exports as unknown as Kernel;
  compiled.set(name, kernel);
  return kernel;
}

function put(k: Kernel, data: Float32Array | Int32Array): number {
  const ptr = k.alloc(data.byteLength);
  const view = data instanceof Float32Array ? new Float32Array(k.memory.buffer, ptr, data.length) : new Int32Array(k.memory.buffer, ptr, data.length);
  view.set(data);
  return ptr;
}

/**
 * Trains fold fits one after another inside the fused kernel. Initial weights and batch order come
 * from the same seed streams as the tfjs engine, so without dropout both follow one trajectory;
 * dropout masks come from the kernel's own generator (four xoshiro128** streams, one per SIMD
 * lane), seeded from the model's derived seed. The held-out rows are scored inside the kernel at
 * every checkpoint of the learning curve; the metrics are computed here from those probabilities.
 */
export function trainFused(
  fits: FitSpec[],
  foldOf: (fold: number) => FoldData,
  options: { returnWeights?: boolean; curveEvery?: number; kernel?: KernelName; onFit?: (done: number, total: number) => void } = {},
): FitResult[] {
  const k = loadKernel(options.kernel);
  const every = options.curveEvery ?? DEFAULT_CURVE_EVERY;
  return fits.map((fit, index) => {
    const started = performance.now();
    const c = fit.config;
    const f = foldOf(fit.fold);
    const classes = f.classes;
    const sizes = layerSizes(f.columns, c, classes);
    const layers = sizes.length - 1;
    const n = f.trainY.length;
    const nTest = f.testY.length;
    const init = initialWeights(f.columns, c, fit.seed, classes);
    const packed = new Float32Array(init.reduce((s, w) => s + w.length, 0));
    let offset = 0;
    for (const w of init) {
      packed.set(w, offset);
      offset += w.length;
    }
    k.reset();
    const sizesPtr = put(k, Int32Array.from(sizes));
    const xPtr = put(k, f.trainX);
    const yPtr = put(k, f.trainY);
    const orderPtr = put(k, epochOrders(fit.seed, n, c.epochs));
    const weightsPtr = put(k, packed);
    const lossesPtr = k.alloc(c.epochs * 4);
    const testX = put(k, f.testX);
    const testY = put(k, f.testY);
    const slotValues = nTest * outputUnits(classes);
    const slots = (every > 0 ? Math.floor(c.epochs / every) : 0) + 1;
    const probs = k.alloc(slots * slotValues * 4);
    const out = k.alloc(16);
    const ran = k.train(
      layers, sizesPtr, xPtr, yPtr, n, orderPtr, c.epochs, c.batchSize, weightsPtr, c.lr, c.momentum, c.maxNorm ?? 0,
      dropsVisible(c) ? c.dropout : 0, dropsHidden(c) ? c.dropout : 0, seed32(fit.seed, 'dropout'), lossesPtr,
      classes, testX, nTest, every, probs,
    );
    const diverged = ran < 0;
    const epochsRun = Math.abs(ran);
    const epochs = curveEpochs(epochsRun, every);
    const lastSlot = probs + (epochs.length - 1) * slotValues * 4;
    k.scoreHeldOut(lastSlot, testY, nTest, classes, out);
    const [correct, lossSum] = new Float64Array(k.memory.buffer, out, 2);
    const trainLosses = new Float32Array(k.memory.buffer, lossesPtr, epochsRun).slice();
    const loss = lossSum / nTest;
    const bad = diverged || !Number.isFinite(loss);
    const { metrics, curve } = scoreCheckpoints(
      trainLosses,
      epochs,
      (checkpoint) => new Float32Array(k.memory.buffer, probs + checkpoint * slotValues * 4, slotValues),
      f.testY,
      classes,
      bad,
    );
    let weights: Float32Array[] | undefined;
    if (options.returnWeights) {
      const all = new Float32Array(k.memory.buffer, weightsPtr, packed.length);
      weights = [];
      let at = 0;
      for (const w of init) {
        weights.push(all.slice(at, at + w.length));
        at += w.length;
      }
    }
    options.onFit?.(index + 1, fits.length);
    return {
      accuracy: bad ? null : correct / nTest,
      loss: bad ? null : loss,
      trainLoss: trainLosses[epochsRun - 1],
      epochsRun,
      diverged: bad,
      seconds: (performance.now() - started) / 1000,
      ...(weights ? { weights } : {}),
      metrics,
      curve,
    };
  });
}
