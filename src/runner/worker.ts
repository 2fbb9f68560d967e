import { foldCache, type FoldData } from '../data/fold-data.js';
import { FUSED_BACKEND, trainFits, type EngineName } from '../engine/train.js';
import type { PackOutcome, PackTask } from './task.js';

// The piscina worker entry: one backend per thread, chosen on the first task and kept.
let backend: Promise<string> | undefined;
let folds: { key: string; get: (fold: number) => FoldData } | undefined;

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
  if (folds?.key !== task.dataKey) folds = { key: task.dataKey, get: foldCache(task.data, task.foldOf) };
  const results = await trainFits(task.engine as EngineName, task.fits, folds.get);
  return { backend: name, results };
}
