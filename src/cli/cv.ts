import type { Command } from 'commander';
import { crossValidate } from '../api/cross-validate.js';
import { PLACEMENTS } from '../engine/model.js';
import { DEFAULT_ENGINE, ENGINES } from '../engine/train.js';
import { newTable } from '../report/render.js';
import { FORMATS, MAX_DATA_MB_FLAG, MAX_DATA_MB_HELP, choiceOption, hiddenOption, integerOption, maxDataMbOption, maxNormOption, numberOption } from './options.js';
import { createProgress, type Progress } from './progress.js';

interface CvFlags {
  data: string;
  target?: string;
  maxDataMb?: string;
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
    .option(MAX_DATA_MB_FLAG, `${MAX_DATA_MB_HELP} (default 100)`)
    .option('--placement <where>', `dropout placement: ${PLACEMENTS.join('|')}`, 'none')
    .option('--dropout <rate>', 'dropout rate in [0, 1) (needs --placement)', '0')
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
      const folds = integerOption('--folds', flags.folds, 2, 1000);
      const seed = integerOption('--seed', flags.seed, 0);
      let progress: Progress | undefined;
      const result = await crossValidate(
        {
          hidden: hiddenOption(flags.hidden),
          placement: choiceOption('--placement', PLACEMENTS, flags.placement),
          dropout: numberOption('--dropout', 'dropout', flags.dropout),
          maxNorm: maxNormOption(flags.maxNorm),
          lr: numberOption('--lr', 'lr', flags.lr),
          momentum: numberOption('--momentum', 'momentum', flags.momentum),
          epochs: integerOption('--epochs', flags.epochs, 1),
          batchSize: integerOption('--batch-size', flags.batchSize, 1),
        },
        {
          data: flags.data,
          target: flags.target,
          maxDataMb: maxDataMbOption(flags.maxDataMb),
          folds,
          seed,
          engine,
          backend: flags.backend,
          onProgress: (done, total) => {
            // tfjs trains all folds together (progress by epoch); the fused kernel a fold at a time.
            progress ??= createProgress({ label: 'cv', unit: engine === 'tfjs' ? 'epochs' : 'fold fits', total, quiet: flags.quiet });
            progress.update(done);
          },
        },
      );
      progress?.finish();
      const { results, ...summary } = result;
      if (format === 'json') {
        process.stdout.write(`${JSON.stringify(summary)}\n`);
        return;
      }
      const c = summary.config;
      if (!flags.quiet) process.stderr.write(`backend: ${summary.backend}, engine: ${summary.engine}\n`);
      process.stdout.write(
        `trial ${summary.trialKey}: placement ${c.placement}, dropout ${c.dropout}, max-norm ${c.maxNorm ?? 'none'}, lr ${c.lr}, momentum ${c.momentum}, ` +
          `epochs ${c.epochs}, batch ${c.batchSize}, hidden ${c.hidden.join('-')}; ${folds} folds, seed ${seed}, data ${summary.data}\n`,
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
      const scored = summary.diverged < folds;
      process.stdout.write(
        `accuracy: ${scored ? `${(summary.accuracy.mean * 100).toFixed(2)}% (${(summary.accuracy.std * 100).toFixed(2)}%)` : 'none (no fold was scored)'}${divergedNote}  [${summary.seconds.toFixed(1)} s, ${summary.backend}]\n`,
      );
    });
}
