import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { UserError } from '../../errors.js';
import { layerSizes, type TrainConfig } from '../model.js';

/**
 * The two builds of the fused kernel, by the backend name a fold result records:
 * - `wasm-simd`: 128-bit SIMD, a multiply and an add per term. Every result is reproduced bit for
 *   bit, on any runtime, and equals what earlier versions computed.
 * - `wasm-relaxed-simd`: the same source built with relaxed SIMD, each multiply-add fused
 *   (f32x4.relaxed_madd): one rounding instead of two, about 1.2x faster where the CPU has FMA,
 *   and results that differ from `wasm-simd` in the last bits (so, after hundreds of epochs, in
 *   some held-out predictions). V8 compiles it from version 11.4 (Node 22) on, and Node 20 with
 *   --experimental-wasm-relaxed-simd, which is set here for the process when needed.
 */
export const KERNELS = ['wasm-simd', 'wasm-relaxed-simd'] as const;
export type KernelName = (typeof KERNELS)[number];
export const EXACT_KERNEL: KernelName = 'wasm-simd';
export const FMA_KERNEL: KernelName = 'wasm-relaxed-simd';

const FILES: Record<KernelName, string> = { 'wasm-simd': './kernel.wasm', 'wasm-relaxed-simd': './kernel-relaxed.wasm' };

/**
 * Models below this many multiply-adds per row (one forward pass) train on the exact kernel even
 * where the fused one compiles: the tutorial's 60-30 network on Sonar's 60 features has 5,430,
 * and every Sonar sweep keeps its fold accuracies bit for bit (the fused kernel changes about a
 * fifth of them). Wider models, where users go when they outgrow Sonar, take the speed.
 */
export const FMA_MIN_MULTIPLY_ADDS = 32_768;

let relaxed: boolean | undefined;

/** Whether this runtime compiles the relaxed-SIMD build (setting V8's flag once if it must). */
export function relaxedSimdAvailable(): boolean {
  if (relaxed !== undefined) return relaxed;
  const bytes = kernelBytes(FMA_KERNEL);
  relaxed = WebAssembly.validate(bytes);
  if (!relaxed) {
    // Node 20 (V8 11.3) has relaxed SIMD behind a flag; a flag set before a module is compiled
    // applies to it, in this thread and in worker threads alike.
    setFlagsFromString('--experimental-wasm-relaxed-simd');
    relaxed = WebAssembly.validate(bytes);
  }
  return relaxed;
}

export function kernelBytes(name: KernelName): Uint8Array<ArrayBuffer> {
  return readFileSync(new URL(FILES[name], import.meta.url));
}

export function isKernelName(name: string): name is KernelName {
  return (KERNELS as readonly string[]).includes(name);
}

/** Multiply-adds of one forward pass of one row. */
export function multiplyAdds(inputs: number, config: TrainConfig, classes: number): number {
  const sizes = layerSizes(inputs, config, classes);
  let total = 0;
  for (let l = 0; l + 1 < sizes.length; l++) total += sizes[l] * sizes[l + 1];
  return total;
}

/**
 * The kernel a new run uses when nobody chose one: the fused build when the runtime has it and
 * every model of the run is at least FMA_MIN_MULTIPLY_ADDS per row, the exact one otherwise. One
 * kernel per run, so a trial's folds never mix the two.
 */
export function autoKernel(models: { inputs: number; config: TrainConfig; classes: number }[]): KernelName {
  const large = models.length > 0 && models.every((m) => multiplyAdds(m.inputs, m.config, m.classes) >= FMA_MIN_MULTIPLY_ADDS);
  return large && relaxedSimdAvailable() ? FMA_KERNEL : EXACT_KERNEL;
}

/** What a user may ask for (option `kernel`, or DROPSWEEP_KERNEL): a build, or auto. */
export const KERNEL_CHOICES = ['auto', 'simd', 'relaxed', 'wasm-simd', 'wasm-relaxed-simd'] as const;

function requestedKernel(requested: string | undefined, source: string): KernelName | null {
  if (requested === undefined || requested === '' || requested === 'auto') return null;
  if (requested === 'simd' || requested === 'wasm-simd') return EXACT_KERNEL;
  if (requested === 'relaxed' || requested === 'wasm-relaxed-simd') return FMA_KERNEL;
  throw new UserError(`${source}: "${requested}" is not one of auto, simd, relaxed`);
}

/**
 * The kernel of a run of the fused engine. A sweep that already has fold results continues on
 * the kernel that computed them: mixing two kernels inside one sweep is refused, whether asked
 * for or forced by a runtime that cannot compile the stored one. Otherwise the requested kernel,
 * or autoKernel's choice. `source` names the option for messages.
 */
export function chooseKernel(
  requested: string | undefined,
  source: string,
  models: { inputs: number; config: TrainConfig; classes: number }[],
  sweep?: { name: string; storedBackends: string[] },
): KernelName {
  const asked = requestedKernel(requested, source);
  const stored = (sweep?.storedBackends ?? []).filter(isKernelName);
  let kernel: KernelName;
  if (sweep && stored.length > 0) {
    if (asked !== null && !stored.includes(asked)) {
      throw new UserError(
        `${source}: sweep "${sweep.name}" was computed with the ${stored.join(' and ')} kernel; continuing it with ${asked} would mix two kernels in one sweep (their results differ in the last bits). Resume it without ${source}, or start a separate sweep with --new`,
      );
    }
    kernel = asked ?? (stored.includes(EXACT_KERNEL) ? EXACT_KERNEL : stored[0]);
  } else {
    kernel = asked ?? autoKernel(models);
  }
  if (kernel === FMA_KERNEL && !relaxedSimdAvailable()) {
    throw new UserError(
      sweep && stored.length > 0
        ? `sweep "${sweep.name}" was computed with the ${FMA_KERNEL} kernel, which this runtime (node ${process.version}) does not compile; resume it where relaxed SIMD compiles, or start a separate sweep with --new`
        : `${source}: the ${FMA_KERNEL} kernel does not compile on this runtime (node ${process.version}); use simd or auto`,
    );
  }
  return kernel;
}
