import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readCsv } from '../src/data/csv.js';
import { stratifiedFolds } from '../src/data/folds.js';
import { FMA_KERNEL, EXACT_KERNEL, relaxedSimdAvailable, type KernelName } from '../src/engine/fused/kernels.js';
import type { TrainConfig } from '../src/engine/model.js';
import { BASELINE, SONAR_CSV, median, scratchDir } from './common.js';
import { blobs, roundRobinFoldOf, writeTable } from './synthetic.js';
import type { ScaleJob } from './scale-worker.js';

const PYTHON = '/usr/bin/python3';
/** A SIMD128 core without FMA: two 4-lane multiplies and two 4-lane adds a cycle, ~2.8 GHz. */
const CEILING_GFLOPS = 45;

interface Row {
  data: 'sonar' | { rows: number; columns: number; classes: number };
  hidden: number[];
  batch: number;
  epochs: number;
  folds: number[];
}

/**
 * The subset of rows 208 / 5,000 / 50,000 x features 60 / 500 x networks 60-30 / 256-128 /
 * 1024-512 x batch 16 / 128 that is measured: each size along every axis at least once, the wide
 * networks at both batch sizes, both 50,000-row tables; plus issue 19's 5,000 x 100 256-128 row
 * and issue 18's 10-class digits-shaped row (100 epochs rather than 300). Epochs are cut on the
 * large rows so a fit takes seconds; both sides train the same epochs.
 */
const ROWS: Row[] = [
  { data: 'sonar', hidden: [60, 30], batch: 16, epochs: 300, folds: [0, 1, 2] },
  { data: 'sonar', hidden: [60, 30], batch: 128, epochs: 300, folds: [0, 1, 2] },
  { data: { rows: 1797, columns: 64, classes: 10 }, hidden: [60, 30], batch: 16, epochs: 100, folds: [0, 1] },
  { data: { rows: 5000, columns: 60, classes: 2 }, hidden: [60, 30], batch: 16, epochs: 20, folds: [0, 1] },
  { data: { rows: 5000, columns: 60, classes: 2 }, hidden: [256, 128], batch: 16, epochs: 5, folds: [0, 1] },
  { data: { rows: 5000, columns: 100, classes: 2 }, hidden: [256, 128], batch: 32, epochs: 20, folds: [0, 1] },
  { data: { rows: 5000, columns: 500, classes: 2 }, hidden: [256, 128], batch: 128, epochs: 10, folds: [0, 1] },
  { data: { rows: 5000, columns: 500, classes: 2 }, hidden: [1024, 512], batch: 16, epochs: 1, folds: [0, 1] },
  { data: { rows: 5000, columns: 500, classes: 2 }, hidden: [1024, 512], batch: 128, epochs: 3, folds: [0, 1] },
  { data: { rows: 50000, columns: 60, classes: 2 }, hidden: [60, 30], batch: 128, epochs: 10, folds: [0, 1] },
  { data: { rows: 50000, columns: 500, classes: 2 }, hidden: [256, 128], batch: 128, epochs: 2, folds: [0, 1] },
  { data: { rows: 50000, columns: 500, classes: 2 }, hidden: [1024, 512], batch: 128, epochs: 1, folds: [0] },
];

/** Floating-point operations of one fit: forward and weight gradient of every layer, input gradient of all but the first. */
function fitFlops(columns: number, classes: number, row: Row, trainRows: number): number {
  const sizes = [columns, ...row.hidden, classes > 2 ? classes : 1];
  let all = 0;
  for (let l = 0; l + 1 < sizes.length; l++) all += sizes[l] * sizes[l + 1];
  return 2 * (2 * all + (all - sizes[0] * sizes[1])) * trainRows * row.epochs;
}

function torchAvailable(): boolean {
  const r = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  return r.status === 0;
}

interface Measured {
  seconds: number[];
  cpuSeconds: number[];
  accuracies: (number | null)[];
  peakBytes: number;
}

function runWorker(job: ScaleJob): Measured {
  const out = execFileSync(process.execPath, [resolve('dist/bench/scale-worker.js'), JSON.stringify(job)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out) as Measured;
}

function runTorch(prefix: string, rows: number, columns: number, classes: number, row: Row, config: TrainConfig): Measured {
  const args = [
    resolve('bench/torch_port.py'), '--data', prefix, '--rows', String(rows), '--columns', String(columns), '--classes', String(classes),
    '--folds', row.folds.join(','), '--hidden', row.hidden.join(','), '--batch', String(row.batch), '--epochs', String(row.epochs),
    '--lr', String(config.lr), '--momentum', String(config.momentum),
  ];
  const env = { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' };
  return JSON.parse(execFileSync(PYTHON, args, { encoding: 'utf8', env, maxBuffer: 1 << 20 })) as Measured;
}

const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)}`;

/**
 * `npm run bench -- --only scale`: fold fits per second of each fused kernel and of a PyTorch
 * port of the same protocol on one thread (bench/torch_port.py, where /usr/bin/python3 has torch),
 * row by row, with ratios, GFLOP/s against the SIMD128 ceiling, and each side's peak resident size.
 */
export async function benchScale(opts: { rows?: number[] } = {}): Promise<void> {
  const kernels: KernelName[] = relaxedSimdAvailable() ? [EXACT_KERNEL, FMA_KERNEL] : [EXACT_KERNEL];
  const torch = torchAvailable();
  process.stdout.write(
    `scale: CPU seconds per fold fit (median of the folds listed; CPU time, as the machine may be shared), 1 core; ${kernels.join(' and ')}${torch ? ` against PyTorch (${PYTHON}, torch.set_num_threads(1))` : '; PyTorch: not installed, skipped'}\n` +
      `GFLOP/s: forward + both gradients, against the ${CEILING_GFLOPS} GFLOP/s SIMD128 ceiling (no FMA); peak RSS: the measuring process, CSV load included (dropsweep)\n`,
  );
  const header = ['data', 'net', 'batch', 'epochs', ...kernels.map((k) => `${k} s/fit`), ...(torch ? ['torch s/fit'] : []), ...(torch ? kernels.map((k) => `${k}/torch`) : []), 'GFLOP/s', 'peak MB'];
  process.stdout.write(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|\n`);
  const dir = scratchDir();
  for (const [index, row] of ROWS.entries()) {
    if (opts.rows && !opts.rows.includes(index)) continue;
    const config: TrainConfig = { ...BASELINE, hidden: row.hidden, batchSize: row.batch, epochs: row.epochs };
    const prefix = join(dir, `t${index}`);
    let source: Pick<ScaleJob, 'csv' | 'synthetic'>;
    let rows: number;
    let columns: number;
    let classes: number;
    let label: string;
    if (row.data === 'sonar') {
      const data = readCsv(SONAR_CSV);
      const foldOf = stratifiedFolds(data.labels, 10, 7);
      writeFileSync(`${prefix}.f32`, new Uint8Array(data.features.buffer));
      writeFileSync(`${prefix}.u8`, data.labels);
      writeFileSync(`${prefix}.i32`, new Uint8Array(foldOf.buffer));
      ({ rows, columns } = data);
      classes = 2;
      source = { csv: SONAR_CSV };
      label = `Sonar ${rows} x ${columns}`;
    } else {
      ({ rows, columns, classes } = row.data);
      const data = blobs(rows, columns, classes, `scale-${index}`);
      const foldOf = roundRobinFoldOf(data);
      // The CSV reader takes two classes for now: a K-class table is made in the worker instead.
      writeTable(data, foldOf, `${prefix}.csv`, prefix);
      source = classes === 2 ? { csv: `${prefix}.csv` } : { synthetic: { rows, columns, classes, seed: `scale-${index}` } };
      label = `${rows.toLocaleString('en')} x ${columns}${classes > 2 ? `, ${classes} classes` : ''}`;
    }
    const trainRows = rows - Math.ceil(rows / 10);
    const flops = fitFlops(columns, classes, row, trainRows);
    const ours = kernels.map((kernel) => runWorker({ ...source, foldOf: `${prefix}.i32`, kernel, config, folds: row.folds }));
    const theirs = torch ? runTorch(prefix, rows, columns, classes, row, config) : null;
    // CPU seconds: the machine is shared, and CPU time does not count time spent descheduled.
    const perFit = ours.map((m) => median(m.cpuSeconds));
    const torchPerFit = theirs ? median(theirs.cpuSeconds) : NaN;
    const gflops = [...perFit, ...(theirs ? [torchPerFit] : [])].map((s) => (flops / s / 1e9).toFixed(1)).join(' / ');
    const peaks = [...ours.map((m) => mb(m.peakBytes)), ...(theirs ? [mb(theirs.peakBytes)] : [])].join(' / ');
    const cells = [
      label, row.hidden.join('-'), String(row.batch), String(row.epochs),
      ...perFit.map((s) => s.toFixed(3)),
      ...(theirs ? [torchPerFit.toFixed(3), ...perFit.map((s) => `${(torchPerFit / s).toFixed(2)}x`)] : []),
      gflops, peaks,
    ];
    process.stdout.write(`| ${cells.join(' | ')} |\n`);
  }
  process.stdout.write(`(GFLOP/s and peak MB: ${[...kernels, ...(torch ? ['torch'] : [])].join(' / ')}; ratio: torch CPU seconds / dropsweep CPU seconds, above 1 is dropsweep ahead)\n`);
}
