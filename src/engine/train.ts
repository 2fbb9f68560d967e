import type { FoldData } from '../data/fold-data.js';
import type { FitResult, FitSpec, TrainOptions } from './model.js';


/** The fused WebAssembly kernel is the default; tfjs is the Keras-faithful reference. */
export const ENGINES = ['fused', 'tfjs'] as const;
export type EngineName = (typeof ENGINES)[number];
export const DEFAULT_ENGINE: EngineName = 'fused';

/**
 * What the fused engine records as its backend when it runs the exact kernel build: it runs on no
 * TensorFlow.js backend. The relaxed-SIMD build records `wasm-relaxed-simd` (fused/kernels.ts).
 */
export const FUSED_BACKEND = 'wasm-simd';

/**
 * Trains a pack of fits on the chosen engine. Each engine is imported on first use, so a worker
 * that only runs the fused kernel never loads TensorFlow.js.
 */
export async function trainFits(engine: EngineName, fits: FitSpec[], foldOf: (fold: number) => FoldData, options: TrainOptions = {}): Promise<FitResult[]> {
  switch (engine) {
    case 'tfjs':
      return (await import('./tfjs-trainer.js')).trainPackTfjs(fits, foldOf, options);
    case 'fused': {
      const { trainFused } = await import('./fused/fused-trainer.js');
      return trainFused(fits, foldOf, {
        ...options,
        // The kernel runs a whole fit at once: progress moves a fit at a time.
        ...(options.onProgress ? { onFit: options.onProgress } : {}),
      });
    }
  }
}
