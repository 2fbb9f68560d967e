import { trainFused } from '../src/engine/fused/fused-trainer.js';
import type { TrainConfig } from '../src/engine/model.js';
import type { FoldData } from '../src/data/fold-data.js';
import { BASELINE, median, row, sonar } from './common.js';
import { blobs, roundRobinFolds } from './synthetic.js';

/**
 * Fits of two variants alternating fit by fit, so whatever else loads the machine weighs on both
 * alike; returns the median seconds of each.
 */
function alternate(runs: number, variants: [TrainConfig, (f: number) => FoldData, number][]): number[] {
  const seconds: number[][] = variants.map(() => []);
  for (let r = 0; r < runs; r++) {
    for (let fold = 0; fold < 10; fold++) {
      variants.forEach(([config, folds, curveEvery], v) => {
        const [fit] = trainFused([{ config, fold, seed: `classes-${r}-${fold}` }], folds, { curveEvery });
        seconds[v].push(fit.seconds);
      });
    }
  }
  return seconds.map(median);
}

/** Issue 18's costs: learning curves (held-out checkpoints) and K = 10 softmax outputs, as ratios. */
export async function benchClasses(opts: { runs: number }): Promise<void> {
  process.stdout.write(`fused kernel: learning curves and softmax outputs, medians of ${opts.runs * 10} fits each, alternating\n`);
  const { folds } = sonar();
  trainFused([{ config: { ...BASELINE, epochs: 20 }, fold: 0, seed: 'warm-up' }], folds);
  const [without, every10, every1] = alternate(opts.runs, [
    [BASELINE, folds, 0],
    [BASELINE, folds, 10],
    [BASELINE, folds, 1],
  ]);
  row('Sonar 60-30, 300 epochs: held-out scored only at the end', `${without.toFixed(4)} s/fit`);
  row('  ... and every 10 epochs (curveEvery 10, the default)', `${every10.toFixed(4)} s/fit, ${(every10 / without).toFixed(3)}x (${(100 * (every10 / without - 1)).toFixed(1)}% for the curve)`);
  row('  ... and every epoch (curveEvery 1)', `${every1.toFixed(4)} s/fit, ${(every1 / without).toFixed(3)}x`);

  // Digits-shaped: 1,797 rows x 64 features; the same rows with 10 classes and with 2.
  const ten = blobs(1797, 64, 10, 'digits-shaped');
  const two = { ...ten, labels: ten.labels.map((c) => c % 2), classes: ['even', 'odd'] };
  const config: TrainConfig = { ...BASELINE, epochs: 30 };
  const [binary, softmax] = alternate(opts.runs, [
    [config, roundRobinFolds(two), 0],
    [config, roundRobinFolds(ten), 0],
  ]);
  row('1,797 x 64 (digits-shaped), 60-30, 30 epochs, 2 classes (one sigmoid unit)', `${binary.toFixed(4)} s/fit`);
  row('  ... 10 classes (softmax over 10 units)', `${softmax.toFixed(4)} s/fit, ${(softmax / binary).toFixed(3)}x the binary fit`);
}
