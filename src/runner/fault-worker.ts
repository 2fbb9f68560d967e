import trainPack from './worker.js';
import type { PackOutcome, PackTask } from './task.js';

/**
 * The worker entry the crash tests use, never loaded otherwise: with DROPSWEEP_FAULT=throw:KEY or
 * exit:KEY, any pack holding trial KEY throws, or kills its worker thread. Kept apart so the
 * production worker carries no test code.
 */
const [kind, key] = (process.env.DROPSWEEP_FAULT ?? '').split(':');

export default async function faultyPack(task: PackTask): Promise<PackOutcome> {
  if (task.fits.some((f) => f.trialKey === key)) {
    if (kind === 'exit') process.exit(3);
    if (kind === 'throw') throw new Error(`injected fault for trial ${key}`);
  }
  return trainPack(task);
}
