import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { trainFused } from '../src/engine/fused/fused-trainer.js';
import { EXACT_KERNEL, FMA_KERNEL, relaxedSimdAvailable } from '../src/engine/fused/kernels.js';
import { BASELINE, HIDDEN, median, row, scratchDir, sonar, timeRuns } from './common.js';
import { sweepOnce } from './runner.js';

const CLI = resolve('dist/src/cli/main.js');

function runCliTimed(args: string[]): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: process.env });
  if (r.status !== 0) throw new Error(`dropsweep ${args.join(' ')} failed: ${r.stderr}`);
  return (performance.now() - t) / 1000;
}

/** The fused kernel: seconds per 300-epoch fold fit on one core, trials, workers, whole sweeps. */
export async function benchFused(opts: { runs: number }): Promise<void> {
  process.stdout.write(`fused WebAssembly SIMD engine, kernel ${EXACT_KERNEL} unless named, 300 epochs, median of ${opts.runs}\n`);
  const { folds } = sonar();
  // Warm-up: the first call of the kernel runs in V8's baseline tier until it returns.
  trainFused([{ config: { ...BASELINE, epochs: 20 }, fold: 0, seed: 'warm-up' }, { config: { ...HIDDEN, epochs: 20 }, fold: 0, seed: 'warm-up' }], folds);
  // The two configurations alternate fit by fit, so whatever else loads the machine weighs on
  // both alike; CPU time is kept too, as a check that is blind to time spent descheduled.
  const configs = [['baseline (no dropout)', BASELINE], ['hidden dropout 0.2 + max-norm 3, lr 0.1, m 0.9', HIDDEN]] as const;
  const wall: number[][] = configs.map(() => []);
  const cpu: number[][] = configs.map(() => []);
  for (let r = 0; r < opts.runs; r++) {
    for (let fold = 0; fold < 10; fold++) {
      configs.forEach(([, config], c) => {
        const before = process.cpuUsage();
        const [fit] = trainFused([{ config, fold, seed: `bench-${r}-${fold}` }], folds);
        const used = process.cpuUsage(before);
        wall[c].push(fit.seconds);
        cpu[c].push((used.user + used.system) / 1e6);
      });
    }
  }
  configs.forEach(([name], c) => row(`one fold fit, ${name}, 1 core`, `${median(wall[c]).toFixed(3)} s`));
  row(
    'dropout cost: hidden 0.2 + max-norm 3 / baseline, per fit',
    `${(median(wall[1]) / median(wall[0])).toFixed(2)}x (CPU time ${(median(cpu[1]) / median(cpu[0])).toFixed(2)}x), medians of ${wall[0].length} fits each`,
  );
  if (relaxedSimdAvailable()) {
    // The two kernel builds, fit by fit alternating: what fused multiply-adds buy on this CPU.
    const byKernel = [EXACT_KERNEL, FMA_KERNEL].map(() => [] as number[]);
    trainFused([{ config: { ...BASELINE, epochs: 20 }, fold: 0, seed: 'warm-up' }], folds, { kernel: FMA_KERNEL });
    for (let r = 0; r < opts.runs; r++) {
      for (let fold = 0; fold < 10; fold++) {
        [EXACT_KERNEL, FMA_KERNEL].forEach((kernel, k) => byKernel[k].push(trainFused([{ config: BASELINE, fold, seed: `k-${r}-${fold}` }], folds, { kernel })[0].seconds));
      }
    }
    row(`one fold fit, baseline, ${FMA_KERNEL}`, `${median(byKernel[1]).toFixed(3)} s (${EXACT_KERNEL} ${median(byKernel[0]).toFixed(3)} s: ${(median(byKernel[0]) / median(byKernel[1])).toFixed(2)}x)`);
  }
  const trial = await timeRuns(opts.runs, () => trainFused(Array.from({ length: 10 }, (_, fold) => ({ config: BASELINE, fold, seed: `t-${fold}` })), folds));
  row('a 10-fold trial (baseline), 1 core', `${trial.toFixed(2)} s`);

  const rates: Record<number, number> = {};
  for (const workers of [1, 2]) {
    const r: number[] = [];
    for (let i = 0; i < opts.runs; i++) {
      const s = await sweepOnce(20, 300, workers, 20, 'fused');
      r.push(s.fits / s.wall);
    }
    rates[workers] = median(r);
    row(`sweep of 20 trials x 10 folds, 300 epochs, ${workers} worker(s)`, `${rates[workers].toFixed(2)} fold fits/s`);
  }
  row('2 workers / 1 worker', `${(rates[2] / rates[1]).toFixed(2)}x`);

  const walls: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    const db = join(scratchDir(), 'tutorial.sqlite');
    walls.push(runCliTimed(['run', 'sweeps/tutorial.yaml', '--db', db, '--quiet']));
  }
  row('dropsweep run sweeps/tutorial.yaml, 2 workers, wall incl. start-up', `${median(walls).toFixed(2)} s`);
}

/** `--only grid`: the full shipped grid once (minutes; not in the default run). */
export async function benchGrid(): Promise<void> {
  const db = join(scratchDir(), 'grid.sqlite');
  const seconds = runCliTimed(['run', 'sweeps/dropout-grid.yaml', '--db', db, '--quiet', '--workers', '2']);
  row('dropsweep run sweeps/dropout-grid.yaml (576 trials, 5,760 fold fits), 2 workers', `${seconds.toFixed(1)} s wall (${(5760 / seconds).toFixed(1)} fold fits/s), db ${db}`);
}
