import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/engine/backend.js';
import { initialWeights } from '../src/engine/seeds.js';
import { trainPackTfjs } from '../src/engine/tfjs-trainer.js';
import { BASELINE, row, sonar, timeRuns } from './common.js';

/**
 * Fold fits per second of the tfjs engine at pack sizes 1, 10, 100, and of a plain tfjs-layers
 * model.fit. Every epoch costs the same, so a shortened run is scaled to 300-epoch fits.
 */
export async function benchTfjs(opts: { epochs: number; runs: number; backend?: string }): Promise<void> {
  const backend = await selectBackend(opts.backend);
  const { data, folds } = sonar();
  const scale = opts.epochs / BASELINE.epochs;
  const config = { ...BASELINE, epochs: opts.epochs };
  process.stdout.write(`tfjs engine, backend ${backend}, 1 thread, baseline model, ${opts.epochs} epochs scaled to 300, median of ${opts.runs}\n`);
  for (const K of [1, 10, 100]) {
    const fits = Array.from({ length: K }, (_, i) => ({ config, fold: i % 10, seed: `bench-${i}` }));
    const s = await timeRuns(opts.runs, () => trainPackTfjs(fits, folds));
    const perFit = s / scale / K;
    row(`vectorized pack K=${K}`, `${(1 / perFit).toFixed(3)} fold fits/s  (${perFit.toFixed(2)} s per fold fit)`);
  }
  const f = folds(0);
  const s = await timeRuns(opts.runs, async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ units: 60, activation: 'relu', inputShape: [data.columns] }),
        tf.layers.dense({ units: 30, activation: 'relu' }),
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    });
    const init = initialWeights(data.columns, config, 'fit');
    model.setWeights(init.map((w, i) => (i % 2 === 0 ? tf.tensor2d(w, [[60, 60, 30][i / 2], [60, 30, 1][i / 2]]) : tf.tensor1d(w))));
    model.compile({ optimizer: tf.train.momentum(0.01, 0.8), loss: 'binaryCrossentropy' });
    const x = tf.tensor2d(f.trainX, [f.trainY.length, data.columns]);
    const y = tf.tensor2d(f.trainY, [f.trainY.length, 1]);
    await model.fit(x, y, { epochs: opts.epochs, batchSize: 16, shuffle: true, verbose: 0 });
    tf.dispose([x, y]);
    model.dispose();
  });
  const perFit = s / scale;
  row('tfjs-layers model.fit (naive reference)', `${(1 / perFit).toFixed(3)} fold fits/s  (${perFit.toFixed(2)} s per fold fit)`);
}
