import { workerData } from 'piscina';
import { foldCache } from '../data/fold-data.js';
import { FUSED_BACKEND, trainFits, type EngineName } from '../engine/train.js';
import { isKernelName } from '../engine/fused/kernels.js';
import type { PackOutcome, PackTask, SweepData } from './task.js';

// The piscina worker entry. The data set arrives once per thread; each fold is standardized once.
const sweep = workerData as SweepData;
const folds = foldCache(sweep.data, sweep.foldOf);
// One TensorFlow.js backend per thread, chosen on the first tfjs task and kept.
let backend: Promise<string> | undefined;

export default async function trainPack(task: PackTask): Promise<PackOutcome> {
  // Only the tfjs engine loads TensorFlow.js; the fused kernel needs no backend.
  if (task.engine === 'tfjs') backend ??= import('../engine/backend.js').then((b) => b.selectBackend(task.backend));
  // For the fused engine the run names the kernel build as its backend (one per run).
  const name = task.engine === 'tfjs' ? await backend! : (task.backend ?? FUSED_BACKEND);
  if (task.engine !== 'tfjs' && !isKernelName(name)) throw new Error(`unknown fused kernel "${name}"`);
  const results = await trainFits(task.engine as EngineName, task.fits, folds, { curveEvery: task.curveEvery, ...(task.engine === 'tfjs' || !isKernelName(name) ? {} : { kernel: name }) });
  return { backend: name, results };
}
