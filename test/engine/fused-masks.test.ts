import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadKernel, trainFused } from '../../src/engine/fused/fused-trainer.js';
import { config } from '../helpers.js';
import { sonarFolds } from './engine-fixture.js';

// The kernel draws masks four lanes at a time from four xoshiro128** streams. Each lane must still
// be an independent Bernoulli(1 - rate) keep per unit, sample and step: these tests look for the
// ways a vectorised generator goes wrong (a lane biased, lanes or steps repeating each other).

const N = 400_000;
/** Five standard errors: with fixed seeds the tests are deterministic, and a sound generator
 * lands this far out about once in two million checks. */
const Z = 5;

function draw(seed: number, rate: number, n = N): Float32Array {
  const k = loadKernel();
  k.reset();
  const ptr = k.alloc(n * 4);
  k.seedMasks(seed);
  k.fillMask(ptr, n, rate);
  return new Float32Array(k.memory.buffer, ptr, n).slice();
}

function dropped(mask: Float32Array): Uint8Array {
  return Uint8Array.from(mask, (v) => (v === 0 ? 1 : 0));
}

/** Pearson correlation of x[i] and y[i + lag]. */
function correlation(x: Uint8Array, y: Uint8Array, lag: number): number {
  const n = x.length - lag;
  let sx = 0, sy = 0, sxy = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i];
    sy += y[i + lag];
    sxy += x[i] * y[i + lag];
  }
  const mx = sx / n, my = sy / n;
  return (sxy / n - mx * my) / Math.sqrt(mx * (1 - mx) * my * (1 - my));
}

/** Reference xoshiro128** (Blackman and Vigna), seeded by splitmix32 as the kernel is. */
class Xoshiro128 {
  s = new Uint32Array(4);
  constructor(seed: number) {
    let sm = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      sm = (sm + 0x9e3779b9) >>> 0;
      let z = sm;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.s[i] = z ^ (z >>> 16);
    }
  }
  next(): number {
    const s = this.s;
    const rotl = (x: number, k: number) => (x << k) | (x >>> (32 - k));
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }
  /** The published jump: 2^64 draws ahead. */
  jump(): void {
    const acc = new Uint32Array(4);
    for (const poly of [0x8764000b, 0xf542d2d3, 0x6fa035c3, 0x77f2db5b]) {
      for (let b = 0; b < 32; b++) {
        if ((poly >>> b) & 1) for (let i = 0; i < 4; i++) acc[i] ^= this.s[i];
        this.next();
      }
    }
    this.s.set(acc);
  }
}

test('lane k of the masks is xoshiro128** jumped 2^64 draws ahead k times, compared at 24 bits', () => {
  const rate = 0.3;
  const n = 4000;
  const mask = draw(4242, rate, n);
  const threshold = Math.floor(Math.fround(rate) * 2 ** 24);
  const scale = Math.fround(1 / Math.fround(1 - Math.fround(rate)));
  const stream = new Xoshiro128(4242);
  for (let lane = 0; lane < 4; lane++) {
    const copy = new Xoshiro128(0);
    copy.s.set(stream.s);
    for (let i = lane; i < n; i += 4) assert.equal(mask[i], copy.next() >>> 8 < threshold ? 0 : scale, `lane ${lane}, draw ${(i - lane) / 4}`);
    stream.jump();
  }
});

test("the kernel's masks drop with probability rate, in every lane, and scale survivors by 1/(1-rate)", () => {
  for (const rate of [0.1, 0.2, 0.5]) {
    const mask = draw(12345, rate);
    const scale = Math.fround(1 / Math.fround(1 - Math.fround(rate)));
    assert.ok(mask.every((v) => v === 0 || v === scale), `rate ${rate}: every value is 0 or ${scale}`);
    const d = dropped(mask);
    const all = d.reduce((s, v) => s + v, 0) / N;
    assert.ok(Math.abs(all - rate) < Z * Math.sqrt((rate * (1 - rate)) / N), `rate ${rate}: dropped ${all}`);
    for (let lane = 0; lane < 4; lane++) {
      let s = 0;
      for (let i = lane; i < N; i += 4) s += d[i];
      const p = s / (N / 4);
      assert.ok(Math.abs(p - rate) < Z * Math.sqrt((rate * (1 - rate)) / (N / 4)), `rate ${rate}, lane ${lane}: dropped ${p}`);
    }
    const meanScale = mask.reduce((s, v) => s + v, 0) / N;
    assert.ok(Math.abs(meanScale - 1) < 0.01, `rate ${rate}: mean multiplier ${meanScale}`);
  }
});

test("the kernel's masks are uncorrelated across lanes, successive draws, units and training steps", () => {
  // Masks are laid out [unit][16 samples], hidden levels 60 then 30 units: 1 to 3 are the other
  // lanes of a vector, 4 the same stream's next draw, 16 the next unit, 1440 the next step.
  const lags = [1, 2, 3, 4, 5, 7, 8, 12, 16, 17, 64, 240, 960, 1440, 1441];
  for (const rate of [0.2, 0.5]) {
    const d = dropped(draw(777, rate));
    for (const lag of lags) {
      const r = correlation(d, d, lag);
      assert.ok(Math.abs(r) < Z / Math.sqrt(N - lag), `rate ${rate}, lag ${lag}: correlation ${r}`);
    }
  }
});

test("the four lanes' joint drop patterns follow independent Bernoulli draws", () => {
  for (const rate of [0.2, 0.5]) {
    const d = dropped(draw(2024, rate));
    const counts = new Array<number>(16).fill(0);
    for (let i = 0; i < N; i += 4) counts[d[i] | (d[i + 1] << 1) | (d[i + 2] << 2) | (d[i + 3] << 3)]++;
    let chi2 = 0;
    counts.forEach((observed, pattern) => {
      let p = 1;
      for (let lane = 0; lane < 4; lane++) p *= (pattern >> lane) & 1 ? rate : 1 - rate;
      const expected = p * (N / 4);
      chi2 += (observed - expected) ** 2 / expected;
    });
    // 15 degrees of freedom: 57 is the one-in-a-million tail.
    assert.ok(chi2 < 57, `rate ${rate}: chi-square ${chi2.toFixed(1)} over the 16 patterns`);
  }
});

test("neighbouring seeds give unrelated masks", () => {
  const a = dropped(draw(1000, 0.2));
  const b = dropped(draw(1001, 0.2));
  for (const lag of [0, 1, 4]) {
    const r = correlation(a, b, lag);
    assert.ok(Math.abs(r) < Z / Math.sqrt(N), `lag ${lag}: correlation ${r}`);
  }
  assert.notDeepEqual(a, b);
});

test('a mask that keeps every unit leaves fused training bit for bit as without dropout', async () => {
  // At rate 1e-9 no 24-bit draw falls below the threshold and 1/(1-rate) rounds to 1 in f32: the
  // masked forward pass and the gradient gate must then reduce exactly to plain relu.
  const folds = await sonarFolds();
  const base = config({ maxNorm: 3, lr: 0.1, momentum: 0.9, epochs: 15 });
  const [plain] = trainFused([{ config: base, fold: 2, seed: 'keep-all' }], folds, { returnWeights: true });
  for (const placement of ['visible', 'hidden', 'both'] as const) {
    const [masked] = trainFused([{ config: { ...base, placement, dropout: 1e-9 }, fold: 2, seed: 'keep-all' }], folds, { returnWeights: true });
    assert.deepEqual(masked.weights, plain.weights, placement);
    assert.equal(masked.trainLoss, plain.trainLoss, placement);
  }
});
