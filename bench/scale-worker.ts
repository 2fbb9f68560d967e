import { readFileSync } from 'node:fs';
import { readCsv } from '../src/data/csv.js';
import type { Dataset } from '../src/data/dataset.js';
import { foldCache } from '../src/data/fold-data.js';
import { trainFused } from '../src/engine/fused/fused-trainer.js';
import type { KernelName } from '../src/engine/fused/kernels.js';
import type { TrainConfig } from '../src/engine/model.js';
import { blobs } from './synthetic.js';

/**
 * One row of `--only scale` for one kernel, in a process of its own so its peak resident size is
 * the row's alone: loads the table (from its CSV, as `dropsweep` does, or made in memory when the
 * CSV reader cannot take it), warms the kernel up on a tiny table of the same layers, then times
 * fold fits (fold data prepared before the clock starts, as the PyTorch port does).
 */
export interface ScaleJob {
  csv?: string;
  synthetic?: { rows: number; columns: number; classes: number; seed: string };
  foldOf: string;
  kernel: KernelName;
  config: TrainConfig;
  folds: number[];
}

const job = JSON.parse(process.argv[2]) as ScaleJob;
const data: Dataset = job.csv ? readCsv(job.csv) : blobs(job.synthetic!.rows, job.synthetic!.columns, job.synthetic!.classes, job.synthetic!.seed);
const bytes = readFileSync(job.foldOf);
const folds = foldCache(data, new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
const tiny = blobs(200, data.columns, data.classes.length, 'warm-up');
trainFused([{ config: { ...job.config, epochs: 2 }, fold: 0, seed: 'warm-up' }], foldCache(tiny, Int32Array.from({ length: 200 }, (_, r) => r % 10)), { kernel: job.kernel });
const seconds: number[] = [];
const cpuSeconds: number[] = [];
const accuracies: (number | null)[] = [];
for (const fold of job.folds) {
  folds(fold);
  // CPU time as well as wall time: on a shared machine it does not count time spent descheduled.
  const before = process.cpuUsage();
  const [fit] = trainFused([{ config: job.config, fold, seed: `scale-${fold}` }], folds, { kernel: job.kernel });
  const used = process.cpuUsage(before);
  seconds.push(fit.seconds);
  cpuSeconds.push((used.user + used.system) / 1e6);
  accuracies.push(fit.accuracy);
}
process.stdout.write(JSON.stringify({ seconds, cpuSeconds, accuracies, peakBytes: process.resourceUsage().maxRSS * 1024 }));
