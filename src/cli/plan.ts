import type { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { DEFAULT_DB, Store } from '../store/store.js';
import { FORMATS, choiceOption, integerOption } from './options.js';
import { formatDuration } from './progress.js';
import { loadSweepFile } from './sweep-file.js';
import { layerSizes, type TrainConfig } from '../engine/model.js';
import { DEFAULT_ENGINE } from '../engine/train.js';

/**
 * Multiply-adds of one fold fit, the unit the estimate scales by: rows x epochs x (weights of
 * every layer), three passes (forward, two backward products).
 */
export function fitWork(config: TrainConfig, inputs: number, rows: number): number {
  const sizes = layerSizes(inputs, config);
  let weights = 0;
  for (let l = 0; l + 1 < sizes.length; l++) weights += sizes[l] * sizes[l + 1];
  // Measured on the fused kernel (lr 0.1, momentum 0.9, max-norm 3, against the baseline):
  // dropout on one level costs about 1.1x a fit without, on both levels 1.2x. The hidden-level
  // ratio is the one `npm run bench -- --only fused` prints.
  const regularized = config.dropout > 0 && config.placement !== 'none' ? (config.placement === 'both' ? 1.2 : 1.1) : 1;
  return 3 * weights * rows * config.epochs * regularized;
}

/** Seconds per baseline fold fit on one core of this project's machine (npm run bench; README). */
const MEASURED_SECONDS_PER_BASELINE_FIT: Record<string, number> = { fused: 0.071, tfjs: 1.1 };
const BASELINE_WORK = fitWork({ hidden: [60, 30], placement: 'none', dropout: 0, maxNorm: null, lr: 0.01, momentum: 0.8, epochs: 300, batchSize: 16 }, 60, 187);

export function registerPlan(program: Command): void {
  program
    .command('plan')
    .description('count grid points, distinct trials and fold fits, and estimate the duration; runs nothing')
    .argument('<file>', 'sweep file')
    .option('--workers <n>', 'workers to estimate for (default: the number of cores)')
    .option('--db <path>', 'database to read measured speed from', DEFAULT_DB)
    .option('--format <fmt>', 'table|json', 'table')
    .action((file: string, flags: { workers?: string; db: string; format: string }) => {
      const format = choiceOption('--format', FORMATS, flags.format);
      const workers = flags.workers === undefined ? availableParallelism() : integerOption('--workers', flags.workers, 1, 256);
      const { spec, plan } = loadSweepFile(file);
      const rows = 208 * (1 - 1 / spec.folds);
      const work = plan.trials.reduce((s, t) => s + fitWork(t.config, 60, rows), 0) * spec.folds * spec.repeats;
      const engine = spec.engine ?? DEFAULT_ENGINE;
      const secondsPerUnit = measuredSpeed(flags.db, engine) ?? MEASURED_SECONDS_PER_BASELINE_FIT[engine] / BASELINE_WORK;
      const estimate = (work * secondsPerUnit) / workers;
      const out = {
        sweep: spec.name,
        gridPoints: plan.gridPoints,
        explicitTrials: plan.explicitTrials,
        trials: plan.trials.length,
        collapsed: plan.collapsed,
        foldFits: plan.foldFits,
        workers,
        engine,
        estimatedSeconds: Math.round(estimate),
      };
      if (format === 'json') {
        process.stdout.write(`${JSON.stringify(out)}\n`);
        return;
      }
      process.stdout.write(
        `sweep ${out.sweep}\n` +
          `  grid points       ${out.gridPoints}\n` +
          `  explicit trials   ${out.explicitTrials}\n` +
          `  distinct trials   ${out.trials} (${out.collapsed} equivalent configurations collapsed)\n` +
          `  fold fits         ${out.foldFits} (${spec.folds} folds x ${spec.repeats} repeat(s) per trial)\n` +
          `  estimated time    ${formatDuration(estimate)} on ${workers} worker(s), ${engine} engine (Sonar-sized data)\n`,
      );
    });
}

/** Seconds per unit of work from the database's finished runs, when there are any. */
function measuredSpeed(db: string, engine: string): number | null {
  let store: Store;
  try {
    store = Store.open(db, { readonly: true });
  } catch {
    return null;
  }
  try {
    const row = store.fitSecondsOf('60-30', engine);
    if (!row) return null;
    return row.seconds / ((row.epochs / 300) * BASELINE_WORK);
  } finally {
    store.close();
  }
}
