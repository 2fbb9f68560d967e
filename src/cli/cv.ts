import type { Command } from 'commander';
import { resolveDataset } from '../data/registry.js';
import { stratifiedFolds } from '../data/folds.js';
import { foldCache } from '../data/fold-data.js';
import { PLACEMENTS, type TrainConfig } from '../engine/model.js';
import { modelSeed } from '../engine/seeds.js';
import { DEFAULT_ENGINE, ENGINES, FUSED_BACKEND, trainFits } from '../engine/train.js';
import { canonicalize, trialKey } from '../sweep/canonical.js';
import { mean, populationStd } from '../report/statistics.js';
import { newTable } from '../report/render.js';
import { FORMATS, choiceOption, hiddenOption, integerOption, maxNormOption, numberOption } from './options.js';
import { createProgress } from './progress.js';
import { UserError } from '../errors.js';

interface CvFlags {
  data: string;
  target?: string;
  placement: string;
  dropout: string;
  maxNorm: string;
  lr: string;
  momentum: string;
  epochs: string;
  batchSize: string;
  folds: string;
  seed: string;
  hidden: string;
  backend?: string;
  engine: string;
  format: string;
  quiet?: boolean;
}

export function registerCv(program: Command): void {
  program
    .command('cv')
    .description('cross-validate one configuration and print its fold accuracies')
    .option('--data <path|sonar>', 'a CSV file, or the built-in data set name', 'sonar')
    .option('--target <column>', 'label column: header name or 1-based number (default: last)')
    .option('--placement <where>', `dropout placement: ${PLACEMENTS.join('|')}`, 'none')
    .option('--dropout <rate>', 'dropout rate in [0, 1)', '0')
    .option('--max-norm <c|none>', 'max-norm limit on hidden kernels', 'none')
    .option('--lr <rate>', 'SGD learning rate', '0.01')
    .option('--momentum <m>', 'SGD momentum in [0, 1)', '0.8')
    .option('--epochs <n>', 'training epochs', '300')
    .option('--batch-size <n>', 'rows per batch', '16')
    .option('--folds <k>', 'cross-validation folds', '10')
    .option('--seed <n>', 'split and training seed', '7')
    .option('--hidden <widths>', 'hidden layer widths, comma-separated', '60,30')
    .option('--backend <name>', 'tfjs engine only: tensorflow|wasm|cpu (default: the fastest that loads)')
    .option('--engine <name>', `training engine: ${ENGINES.join('|')}`, DEFAULT_ENGINE)
    .option('--format <fmt>', 'table|json', 'table')
    .option('--quiet', 'no progress line')
    .action(async (flags: CvFlags) => {
      const format = choiceOption('--format', FORMATS, flags.format);
      const engine = choiceOption('--engine', ENGINES, flags.engine);
      const placement = choiceOption('--placement', PLACEMENTS, flags.placement);
      const dropout = numberOption('--dropout', 'dropout', flags.dropout);
      if (dropout > 0 && placement === 'none') {
        throw new UserError(`option --dropout: ${dropout} has no effect with --placement none (the default); add --placement visible, hidden or both`);
      }
      const config: TrainConfig = canonicalize({
        hidden: hiddenOption(flags.hidden),
        placement,
        dropout,
        maxNorm: maxNormOption(flags.maxNorm),
        lr: numberOption('--lr', 'lr', flags.lr),
        momentum: numberOption('--momentum', 'momentum', flags.momentum),
        epochs: integerOption('--epochs', flags.epochs, 1),
        batchSize: integerOption('--batch-size', flags.batchSize, 1),
      });
      const folds = integerOption('--folds', flags.folds, 2, 1000);
      const seed = integerOption('--seed', flags.seed, 0);
      const data = await resolveDataset(flags.data, { target: flags.target });
      const foldOf = stratifiedFolds(data.labels, folds, seed, data.source);
      const backend = engine === 'tfjs' ? await (await import('../engine/backend.js')).selectBackend(flags.backend) : FUSED_BACKEND;
      if (engine !== 'tfjs' && flags.backend !== undefined) {
        throw new UserError(`option --backend: only the tfjs engine has backends; the ${engine} engine runs its own WebAssembly kernel`);
      }
      if (format === 'table' && !flags.quiet) process.stderr.write(`backend: ${backend}, engine: ${engine}\n`);

      const key = trialKey(config);
      const fits = Array.from({ length: folds }, (_, fold) => ({ config, fold, seed: modelSeed(seed, key, fold, 0) }));
      // tfjs trains all folds together (progress by epoch); the fused kernel one fold at a time.
      const progress = createProgress({
        label: 'cv',
        unit: engine === 'tfjs' ? 'epochs' : 'fold fits',
        total: engine === 'tfjs' ? config.epochs : folds,
        quiet: flags.quiet,
      });
      const started = performance.now();
      const results = await trainFits(engine, fits, foldCache(data, foldOf), { onEpoch: (done) => progress.update(done) });
      progress.finish();
      const seconds = (performance.now() - started) / 1000;

      const scored = results.filter((r) => r.accuracy !== null).map((r) => r.accuracy as number);
      const summary = {
        config,
        trialKey: key,
        data: data.source,
        backend,
        engine,
        accuracy: { mean: mean(scored), std: populationStd(scored), folds: results.map((r) => r.accuracy) },
        diverged: results.filter((r) => r.diverged).length,
        seconds: Number(seconds.toFixed(3)),
      };
      if (format === 'json') {
        process.stdout.write(`${JSON.stringify(summary)}\n`);
        return;
      }
      const c = config;
      process.stdout.write(
        `trial ${key}: placement ${c.placement}, dropout ${c.dropout}, max-norm ${c.maxNorm ?? 'none'}, lr ${c.lr}, momentum ${c.momentum}, ` +
          `epochs ${c.epochs}, batch ${c.batchSize}, hidden ${c.hidden.join('-')}; ${folds} folds, seed ${seed}, data ${data.source}\n`,
      );
      const table = newTable(['fold', 'accuracy %', 'held-out loss', 'train loss', 'epochs', 'diverged']);
      results.forEach((r, fold) =>
        table.push([
          fold,
          r.accuracy === null ? '-' : (r.accuracy * 100).toFixed(2),
          r.loss === null ? '-' : r.loss.toFixed(4),
          Number.isFinite(r.trainLoss) ? r.trainLoss.toFixed(4) : '-',
          r.epochsRun,
          r.diverged ? `yes (epoch ${r.epochsRun})` : 'no',
        ]),
      );
      process.stdout.write(`${table.toString()}\n`);
      const divergedNote = summary.diverged ? `, ${summary.diverged} of ${folds} folds diverged (not scored)` : '';
      process.stdout.write(
        `accuracy: ${(summary.accuracy.mean * 100).toFixed(2)}% (${(summary.accuracy.std * 100).toFixed(2)}%)${divergedNote}  [${seconds.toFixed(1)} s, ${backend}]\n`,
      );
    });
}
