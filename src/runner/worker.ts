import { workerData } from 'piscina';
import { foldCache } from '../data/fold-data.js';
import { FUSED_BACKEND, trainFits, type EngineName } from '../engine/train.js';
import type { PackOutcome, PackTask, SweepData } from './task.js';

// The piscina worker entry. The data set arrives once per thread; each fold is standardized once.
const sweep = workerData as SweepData;
const folds = foldCache(sweep.data, sweep.foldOf);
// One TensorFlow.js backend per thread, chosen on the first tfjs task and kept.
let backend: Promise<string> | undefined;

export default async function trainPack(task: PackTask): Promise<PackOutcome> {
  // Only the tfjs engine loads TensorFlow.js; the fused kernel needs no backend.
  if (task.engine === 'tfjs') backend ??= import('../engine/backend.js').then((b) => b.selectBackend(task.backend));
  const name = task.engine === 'tfjs' ? await backend! : FUSED_BACKEND;
  const results = await trainFits(task.engine as EngineName, task.fits, folds);
  return { backend: name, results };
}
