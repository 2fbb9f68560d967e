import { trainFused } from '../src/engine/fused/fused-trainer.js';
import type { TrainConfig } from '../src/engine/model.js';
import type { FoldData } from '../src/data/fold-data.js';
import { BASELINE, median, row, sonar } from './common.js';
import { blobs, roundRobinFolds } from './synthetic.js';

/**
 * Fits of several variants alternating fit by fit, so whatever else loads the machine weighs on
 * all alike; returns the median seconds of each: wall (the fit's own clock) and CPU (this
 * process's user + system time around the fit, which a busy machine inflates far less, since the
 * fit runs on this thread).
 */
function alternate(runs: number, variants: [TrainConfig, (f: number) => FoldData, number][]): { wall: number; cpu: number }[] {
  const wall: number[][] = variants.map(() => []);
  const cpu: number[][] = variants.map(() => []);
  for (let r = 0; r < runs; r++) {
    for (let fold = 0; fold < 10; fold++) {
      variants.forEach(([config, folds, curveEvery], v) => {
        const before = process.cpuUsage();
        const [fit] = trainFused([{ config, fold, seed: `classes-${r}-${fold}` }], folds, { curveEvery });
        const used = process.cpuUsage(before);
        wall[v].push(fit.seconds);
        cpu[v].push((used.user + used.system) / 1e6);
      });
    }
  }
  return variants.map((_, v) => ({ wall: median(wall[v]), cpu: median(cpu[v]) }));
}

const both = (x: { wall: number; cpu: number }, base?: { wall: number; cpu: number }) =>
  `${x.cpu.toFixed(4)} CPU s/fit (wall ${x.wall.toFixed(4)})${base ? `, ${(x.cpu / base.cpu).toFixed(3)}x CPU (wall ${(x.wall / base.wall).toFixed(3)}x)` : ''}`;

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
  row('Sonar 60-30, 300 epochs: held-out scored only at the end', both(without));
  row('  ... and every 10 epochs (curveEvery 10, the default)', `${both(every10, without)}: ${(100 * (every10.cpu / without.cpu - 1)).toFixed(1)}% CPU for the curve`);
  row('  ... and every epoch (curveEvery 1)', both(every1, without));
  // Digits-shaped: 1,797 rows x 64 features; the same rows with 10 classes and with 2.
  const ten = blobs(1797, 64, 10, 'digits-shaped');
  const two = { ...ten, labels: ten.labels.map((c) => c % 2), classes: ['even', 'odd'] };
  const config: TrainConfig = { ...BASELINE, epochs: 30 };
  const [binary, softmax] = alternate(opts.runs, [
    [config, roundRobinFolds(two), 0],
    [config, roundRobinFolds(ten), 0],
  ]);
  row('1,797 x 64 (digits-shaped), 60-30, 30 epochs, 2 classes (one sigmoid unit)', both(binary));
  row('  ... 10 classes (softmax over 10 units)', `${both(softmax, binary)} the binary fit`);
}
