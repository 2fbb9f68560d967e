import * as tf from '@tensorflow/tfjs';
import { UserError } from '../errors.js';

export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

async function tryTensorflow(): Promise<boolean> {
  try {
    // Optional dependency: its install needs libtensorflow from the internet, so it is often absent.
    const name = '@tensorflow/tfjs-node';
    await import(name);
    return await tf.setBackend('tensorflow');
  } catch {
    return false;
  }
}

async function tryWasm(): Promise<boolean> {
  try {
    await import('@tensorflow/tfjs-backend-wasm');
    return await tf.setBackend('wasm');
  } catch {
    return false;
  }
}

const loaders: Record<BackendName, () => Promise<boolean>> = {
  tensorflow: tryTensorflow,
  wasm: tryWasm,
  cpu: () => tf.setBackend('cpu'),
};

/**
 * Picks the fastest backend that loads: tensorflow (tfjs-node), then wasm, then cpu.
 * A requested backend that does not load is the user's error, not a silent fallback.
 */
export async function selectBackend(requested?: string): Promise<BackendName> {
  if (requested !== undefined) {
    if (!(BACKENDS as readonly string[]).includes(requested)) {
      throw new UserError(`option --backend: "${requested}" is not one of ${BACKENDS.join(', ')}`);
    }
    const name = requested as BackendName;
    if (!(await loaders[name]())) {
      throw new UserError(
        name === 'tensorflow'
          ? 'backend "tensorflow" needs @tensorflow/tfjs-node, which is not installed (its install downloads libtensorflow); use wasm or cpu'
          : `backend "${name}" failed to load`,
      );
    }
    await tf.ready();
    return name;
  }
  for (const name of BACKENDS) {
    if (await loaders[name]()) {
      await tf.ready();
      return name;
    }
  }
  throw new Error('no TensorFlow.js backend loaded, not even cpu');
}
