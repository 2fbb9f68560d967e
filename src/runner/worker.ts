import { workerData } from 'piscina';
import { foldCache } from '../data/fold-data.js';
import { FUSED_BACKEND, trainFits, type EngineName } from '../engine/train.js';
import { isKernelName } from '../engine/fused/kernels.js';
import type { PackOutcome, PackTask, SweepData } from './task.js';

// The piscina worker entry. The data set arrives once per thread; each fold is standardized once.
const sweep = workerData as SweepData;
const shared = foldCache(sweep.data, sweep.foldOf);
// Repeats with splits of their own (fresh splits): fold f of repeat r is another set of rows, so
// the trainers (which know folds by one number) get it as fold r * REPEAT_STRIDE + f.
const REPEAT_STRIDE = 1 << 20;
const perRepeat = sweep.foldOfRepeats?.map((f) => foldCache(sweep.data, f));
const folds = perRepeat ? (v: number) => perRepeat[Math.floor(v / REPEAT_STRIDE)](v % REPEAT_STRIDE) : shared;
// One TensorFlow.js backend per thread, chosen on the first tfjs task and kept.
let backend: Promise<string> | undefined;

export default async function trainPack(task: PackTask): Promise<PackOutcome> {
  // Only the tfjs engine loads TensorFlow.js; the fused kernel needs no backend.
  if (task.engine === 'tfjs') backend ??= import('../engine/backend.js').then((b) => b.selectBackend(task.backend));
  // For the fused engine the run names the kernel build as its backend (one per run).
  const name = task.engine === 'tfjs' ? await backend! : (task.backend ?? FUSED_BACKEND);
  if (task.engine !== 'tfjs' && !isKernelName(name)) throw new Error(`unknown fused kernel "${name}"`);
  const fits = perRepeat ? task.fits.map((f) => ({ ...f, fold: f.repeat * REPEAT_STRIDE + f.fold })) : task.fits;
  const results = await trainFits(task.engine as EngineName, fits, folds, { curveEvery: task.curveEvery, ...(task.engine === 'tfjs' || !isKernelName(name) ? {} : { kernel: name }) });
  return { backend: name, results };
}
