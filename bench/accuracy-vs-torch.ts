import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { crossValidate } from '../src/api/cross-validate.js';
import { splitFolds } from '../src/data/folds.js';
import { loadShipped } from '../src/data/registry.js';
import { scratchDir } from './common.js';

const PYTHON = '/usr/bin/python3';

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const populationStd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
const pct = (x: number) => (100 * x).toFixed(2);

/**
 * `npm run bench -- --only accuracy`: dropsweep's mean held-out accuracy on the shipped multi-class
 * data sets (iris, 3 classes; digits, 10) beside a PyTorch port of the same protocol
 * (bench/torch_port.py, one thread) on the same 10 stratified folds: 60-30 relu, softmax, SGD lr
 * 0.01 momentum 0.8, 300 epochs, batch 16, the tutorial's protocol. The two differ in their
 * random streams (initial weights, batch order), so they agree within the spread over folds, not
 * digit for digit; the std over folds says how large that spread is.
 */
export async function benchAccuracy(): Promise<void> {
  const torch = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
  process.stdout.write(`held-out accuracy, 10 stratified folds (seed 7), 60-30 relu + softmax, SGD lr 0.01 momentum 0.8, 300 epochs, batch 16${torch ? '' : ' (no torch at /usr/bin/python3: dropsweep only)'}\n`);
  process.stdout.write('| data | dropsweep mean % (std) | PyTorch port mean % (std) | difference, points |\n|---|---|---|---|\n');
  const dir = scratchDir();
  for (const name of ['iris', 'digits'] as const) {
    const data = loadShipped(name);
    const ours = await crossValidate({ hidden: [60, 30], lr: 0.01, momentum: 0.8, epochs: 300, batchSize: 16 }, { data: name, folds: 10, seed: 7, engine: 'fused' });
    const oursFolds = ours.metrics.accuracy.folds.filter((a): a is number => a !== null);
    let theirs: number[] = [];
    if (torch) {
      const foldOf = splitFolds(data.labels, 10, 7, 'dropsweep', data.source, data.classes);
      const prefix = join(dir, name);
      writeFileSync(`${prefix}.f32`, new Uint8Array(data.features.buffer, data.features.byteOffset, data.features.byteLength));
      writeFileSync(`${prefix}.u8`, data.labels);
      writeFileSync(`${prefix}.i32`, new Uint8Array(foldOf.buffer, foldOf.byteOffset, foldOf.byteLength));
      const args = [resolve('bench/torch_port.py'), '--data', prefix, '--rows', String(data.rows), '--columns', String(data.columns), '--classes', String(data.classes.length), '--folds', '0,1,2,3,4,5,6,7,8,9'];
      const env = { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' };
      const out = JSON.parse(execFileSync(PYTHON, args, { encoding: 'utf8', env, maxBuffer: 1 << 20 })) as { accuracies: (number | null)[] };
      theirs = out.accuracies.filter((a): a is number => a !== null);
    }
    const cell = (xs: number[]) => (xs.length ? `${pct(mean(xs))} (${pct(populationStd(xs))})` : '-');
    const difference = theirs.length ? (100 * (mean(oursFolds) - mean(theirs))).toFixed(2) : '-';
    process.stdout.write(`| ${name} ${data.rows} x ${data.columns}, ${data.classes.length} classes | ${cell(oursFolds)} | ${cell(theirs)} | ${difference} |\n`);
  }
}
