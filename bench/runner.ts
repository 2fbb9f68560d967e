import { join } from 'node:path';
import { stratifiedFolds } from '../src/data/folds.js';
import { SweepRun } from '../src/runner/sweep-run.js';
import Database from 'better-sqlite3';
import { openStore } from '../src/store/store.js';
import { parseSweepText } from '../src/sweep/parse.js';
import { planSweep } from '../src/sweep/planner.js';
import { median, row, scratchDir, sonar, timeRuns } from './common.js';

function grid100k(): string {
  const list = (n: number, f: (i: number) => number) => `[${Array.from({ length: n }, (_, i) => f(i)).join(', ')}]`;
  return `name: big\ngrid:\n  dropout: ${list(50, (i) => i / 100)}\n  placement: [visible, hidden]\n  maxNorm: ${list(10, (i) => i + 1)}\n  lrMultiplier: ${list(10, (i) => i + 1)}\n  momentum: ${list(10, (i) => i / 10)}\n`;
}

export async function sweepOnce(trials: number, epochs: number, workers: number, packSize: number, engine = 'tfjs') {
  const dir = scratchDir();
  const path = join(dir, 'b.sqlite');
  const store = await openStore(path);
  const spec = parseSweepText(`name: b\nprotocol: {epochs: ${epochs}}\ngrid:\n  lr: [${Array.from({ length: trials }, (_, i) => 0.001 * (i + 1)).join(', ')}]\n`, 'bench', ['tfjs', 'fused']);
  const plan = planSweep(spec);
  const sweep = await store.sweeps.create({ name: 'b', spec: '{}', spec_hash: 'h', source_file: null, data: 'sonar', seed: 7, folds: 10, repeats: 1, engine }, plan.trials);
  const { data } = sonar();
  const started = performance.now();
  const summary = await new SweepRun({ store: store.leases, sweep, data, foldOf: stratifiedFolds(data.labels, 10, 7), engine, workers, packSize, maxAttempts: 1, graceMs: 1000 }).run(
    new AbortController().signal,
  );
  const wall = (performance.now() - started) / 1000;
  await store.close();
  const db = new Database(path, { readonly: true });
  const training = (db.prepare('SELECT sum(seconds) AS s FROM fold_results').get() as { s: number }).s;
  db.close();
  return { wall, training, fits: summary.fitsThisRun };
}

export async function benchRunner(opts: { runs: number; epochs: number }): Promise<void> {
  process.stdout.write('sweep, store and runner overhead (tfjs rows: wasm backend)\n');
  const text = grid100k();
  const planSeconds = await timeRuns(opts.runs, () => planSweep(parseSweepText(text, 'big', ['tfjs'])));
  row('plan 100,000 grid points (parse + cross + canonical keys)', `${planSeconds.toFixed(2)} s`);

  const dir = scratchDir();
  const store = await openStore(join(dir, 's.sqlite'));
  const spec = parseSweepText('name: s\ngrid:\n  lr: [' + Array.from({ length: 200 }, (_, i) => 0.001 * (i + 1)).join(', ') + ']\n', 's', ['tfjs']);
  const sweep = await store.sweeps.create({ name: 's', spec: '{}', spec_hash: 'h', source_file: null, data: 'sonar', seed: 7, folds: 10, repeats: 1, engine: 'tfjs' }, planSweep(spec).trials);
  const trials = await store.leases.claim({ sweepId: sweep.id, owner: 'bench', limit: 200, leaseSeconds: 60, isDead: () => false, fitsPerTrial: 10 });
  const result = { accuracy: 0.85, loss: 0.4, trainLoss: 0.01, epochsRun: 300, diverged: false, seconds: 1 };
  const times: number[] = [];
  for (let p = 0; p < 100; p++) {
    const pack = Array.from({ length: 20 }, (_, i) => {
      const trial = trials[p * 2 + Math.floor(i / 10)];
      return { trialId: trial.id, token: trial.token, fold: i % 10, repeat: 0, seed: 's', result };
    });
    const t = performance.now();
    await store.leases.storePack({ fits: pack, backend: 'wasm', engine: 'tfjs', fitsPerTrial: 10, owner: 'bench' });
    times.push(performance.now() - t);
  }
  await store.close();
  row('store one pack of 20 fold results (one transaction, synchronous = FULL, lease-checked)', `${median(times).toFixed(2)} ms median of 100`);

  for (const engine of ['tfjs', 'fused']) {
    const tiny = await sweepOnce(100, 1, 1, 20, engine);
    row(`sweep of 100 trials x 10 folds, 1 epoch, 1 worker, ${engine}`, `${tiny.wall.toFixed(2)} s wall, ${((1 - tiny.training / tiny.wall) * 100).toFixed(1)}% outside training`);
  }

  const rates: Record<number, number> = {};
  for (const workers of [1, 2]) {
    const r: number[] = [];
    for (let i = 0; i < opts.runs; i++) {
      const s = await sweepOnce(20, opts.epochs, workers, 20);
      r.push(s.fits / s.wall);
    }
    rates[workers] = median(r);
    row(`sweep of 20 trials x 10 folds, ${opts.epochs} epochs, ${workers} worker(s)`, `${rates[workers].toFixed(2)} fold fits/s (x${opts.epochs / 300} of a 300-epoch fit)`);
  }
  row('2 workers / 1 worker', `${(rates[2] / rates[1]).toFixed(2)}x`);
}
