import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../../src/errors.js';
import { FMA_MIN_MULTIPLY_ADDS, chooseKernel, multiplyAdds, relaxedSimdAvailable } from '../../src/engine/fused/kernels.js';
import { config } from '../helpers.js';

const tutorial = { inputs: 60, config: config({ hidden: [60, 30] }), classes: 2 };
const wide = { inputs: 100, config: config({ hidden: [256, 128] }), classes: 2 };

test('multiply-adds per row count every layer, a softmax output K units wide', () => {
  assert.equal(multiplyAdds(60, config({ hidden: [60, 30] }), 2), 60 * 60 + 60 * 30 + 30);
  assert.equal(multiplyAdds(64, config({ hidden: [60, 30] }), 10), 64 * 60 + 60 * 30 + 30 * 10);
  assert.ok(multiplyAdds(60, config({ hidden: [60, 30] }), 2) < FMA_MIN_MULTIPLY_ADDS, 'the tutorial model stays on the exact kernel');
});

test('auto: the exact kernel for tutorial-sized models and for a run mixing sizes, the fused one when every model is wide', () => {
  // Node >= 20 compiles relaxed SIMD (behind a flag on 20, which the engine sets).
  assert.equal(relaxedSimdAvailable(), true);
  assert.equal(chooseKernel(undefined, 'DROPSWEEP_KERNEL', [tutorial]), 'wasm-simd');
  assert.equal(chooseKernel('auto', 'DROPSWEEP_KERNEL', [wide, wide]), 'wasm-relaxed-simd');
  assert.equal(chooseKernel(undefined, 'DROPSWEEP_KERNEL', [wide, tutorial]), 'wasm-simd');
  assert.equal(chooseKernel('relaxed', 'option kernel', [tutorial]), 'wasm-relaxed-simd', 'asked for, it is used at any size');
  assert.equal(chooseKernel('wasm-simd', 'option kernel', [wide]), 'wasm-simd');
  assert.throws(() => chooseKernel('fast', 'option kernel', [tutorial]), (e: unknown) => e instanceof UserError && /option kernel: "fast" is not one of auto, simd, relaxed/.test(e.message));
});

test('a sweep with stored results keeps their kernel, and asking for the other one is refused', () => {
  const relaxedSweep = { name: 's', storedBackends: ['wasm-relaxed-simd'] };
  const exactSweep = { name: 's', storedBackends: ['wasm-simd'] };
  assert.equal(chooseKernel(undefined, 'DROPSWEEP_KERNEL', [tutorial], relaxedSweep), 'wasm-relaxed-simd', 'small models, but the sweep started on the fused kernel');
  assert.equal(chooseKernel(undefined, 'DROPSWEEP_KERNEL', [wide], exactSweep), 'wasm-simd', 'wide models, but the sweep started on the exact kernel');
  assert.equal(chooseKernel('relaxed', 'DROPSWEEP_KERNEL', [wide], relaxedSweep), 'wasm-relaxed-simd');
  assert.throws(
    () => chooseKernel('simd', 'DROPSWEEP_KERNEL', [wide], relaxedSweep),
    (e: unknown) => e instanceof UserError && /sweep "s" was computed with the wasm-relaxed-simd kernel; continuing it with wasm-simd would mix/.test(e.message),
  );
  assert.equal(chooseKernel(undefined, 'DROPSWEEP_KERNEL', [wide], { name: 's', storedBackends: [] }), 'wasm-relaxed-simd', 'no results yet: auto');
});
