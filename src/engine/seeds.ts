import seedrandom from 'seedrandom';
import { INIT_STDDEV, layerSizes, type TrainConfig } from './model.js';

/**
 * The seed of one model, from what identifies it and nothing else: the same trial, fold and
 * repeat get the same numbers in any pack, worker or run.
 */
export function modelSeed(sweepSeed: number | string, trialKey: string, fold: number, repeat: number): string {
  return `${sweepSeed}/${trialKey}/${fold}/${repeat}`;
}

/** Independent named streams of one model seed (init, shuffle, dropout). */
export function stream(seed: string, name: 'init' | 'shuffle' | 'dropout'): () => number {
  return seedrandom.alea(`${seed}#${name}`);
}

/** A 32-bit integer from a stream, to seed generators inside a kernel. */
export function seed32(seed: string, name: 'dropout'): number {
  return seedrandom.alea(`${seed}#${name}`).int32() >>> 0;
}

/**
 * Keras 'normal' kernels (RandomNormal(0, 0.05)) and zero biases, as [kernel0, bias0, kernel1, ...].
 * Box-Muller over the init stream; the order of draws is kernel by kernel, row-major [in, out], so
 * the hidden kernels of a K-class model are those of the binary model with the same seed. Each
 * pair of uniforms gives r cos(2 pi v), then r sin(2 pi v), the second carried into the next
 * kernel when a kernel takes an odd count. The draws are made for all kernels at once, in place:
 * a wide network has millions of them, and a value kept between calls in a closure costs a heap
 * number per draw.
 */
export function initialWeights(inputs: number, config: TrainConfig, seed: string, classes = 2): Float32Array[] {
  const random = stream(seed, 'init');
  const sizes = layerSizes(inputs, config, classes);
  let total = 0;
  for (let l = 0; l + 1 < sizes.length; l++) total += sizes[l] * sizes[l + 1];
  const normals = new Float64Array(total + 1);
  for (let k = 0; k < total; k += 2) {
    let u = 0;
    while (u === 0) u = random();
    const v = random();
    const r = Math.sqrt(-2 * Math.log(u));
    normals[k] = r * Math.cos(2 * Math.PI * v);
    normals[k + 1] = r * Math.sin(2 * Math.PI * v);
  }
  const weights: Float32Array[] = [];
  let at = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const kernel = new Float32Array(sizes[l] * sizes[l + 1]);
    for (let i = 0; i < kernel.length; i++) kernel[i] = normals[at++] * INIT_STDDEV;
    weights.push(kernel, new Float32Array(sizes[l + 1]));
  }
  return weights;
}

/** The row order of every epoch: epochs * n indices, each epoch a fresh shuffle of 0..n-1. */
export function epochOrders(seed: string, n: number, epochs: number): Int32Array {
  const random = stream(seed, 'shuffle');
  const out = new Int32Array(n * epochs);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let e = 0; e < epochs; e++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    out.set(order, e * n);
  }
  return out;
}

/** sfc32: a fast 32-bit generator for dropout masks, where millions of draws per fit add up. */
export function maskGenerator(seed: string): () => number {
  const init = seedrandom.alea(`${seed}#dropout`);
  let a = init.int32() | 0, b = init.int32() | 0, c = init.int32() | 0, d = init.int32() | 0;
  return () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}
