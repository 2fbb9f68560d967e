import { workerData } from 'piscina';
import { foldCache } from '../data/fold-data.js';
import { FUSED_BACKEND, trainFits, type EngineName } from '../engine/train.js';
import type { PackOutcome, PackTask, SweepData } from './task.js';

// The piscina worker entry. The data set arrives once per thread; each fold is standardized once.
const sweep = workerData as SweepData;
const folds = foldCache(sweep.data, sweep.foldOf);
// One TensorFlow.js backend per thread, chosen on the first tfjs task and kept.
let backend: Promise<string> | undefined;

/**
 * Fault injection for the crash tests, never set in normal use: DROPSWEEP_FAULT=throw:KEY or
 * exit:KEY makes any pack holding trial KEY throw, or kill its worker thread.
 */
function injectFault(task: PackTask): void {
  const fault = process.env.DROPSWEEP_FAULT;
  if (!fault) return;
  const [kind, key] = fault.split(':');
  if (!task.fits.some((f) => f.trialKey === key)) return;
  if (kind === 'exit') process.exit(3);
  if (kind === 'throw') throw new Error(`injected fault for trial ${key}`);
}

export default async function trainPack(task: PackTask): Promise<PackOutcome> {
  injectFault(task);
  // Only the tfjs engine loads TensorFlow.js; the fused kernel needs no backend.
  if (task.engine === 'tfjs') backend ??= import('../engine/backend.js').then((b) => b.selectBackend(task.backend));
  const name = task.engine === 'tfjs' ? await backend! : FUSED_BACKEND;
  const results = await trainFits(task.engine as EngineName, task.fits, folds);
  return { backend: name, results };
}
