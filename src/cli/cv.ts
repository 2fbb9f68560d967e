import type { Command } from 'commander';
import { SPLITS } from '../data/folds.js';
import { crossValidate, type CvResult } from '../api/cross-validate.js';
import { PLACEMENTS, type FitResult } from '../engine/model.js';
import { DEFAULT_ENGINE, ENGINES } from '../engine/train.js';
import { formatMetric, formatMetricWithUnit, metricHeader, metricSummaryTable } from '../report/metric-format.js';
import { newTable } from '../report/render.js';
import { METRICS } from '../stats/metrics.js';
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
  split: string;
  hidden: string;
  backend?: string;
  engine: string;
  format: string;
  metric: string;
  quiet?: boolean;
}

export function registerCv(program: Command): void {
  program
    .command('cv')
    .description('cross-validate one configuration and print its held-out metrics per fold and over folds')
    .option('--data <path|name>', 'a CSV file, or a shipped data set: sonar|iris|digits', 'sonar')
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
    .option('--split <how>', `how rows are dealt into folds: ${SPLITS.join('|')} (sklearn: exactly StratifiedKFold(shuffle=True, random_state=seed))`, 'dropsweep')
    .option('--hidden <widths>', 'hidden layer widths, comma-separated', '60,30')
    .option('--backend <name>', 'tfjs engine only: tensorflow|wasm|cpu (default: the fastest that loads)')
    .option('--engine <name>', `training engine: ${ENGINES.join('|')}`, DEFAULT_ENGINE)
    .option('--format <fmt>', 'table|json', 'table')
    .option('--metric <name>', `the metric headlined: ${METRICS.join('|')}`, 'accuracy')
    .option('--quiet', 'no progress line')
    .action(async (flags: CvFlags) => {
      const format = choiceOption('--format', FORMATS, flags.format);
      const engine = choiceOption('--engine', ENGINES, flags.engine);
      const folds = integerOption('--folds', flags.folds, 2, 1000);
      const seed = integerOption('--seed', flags.seed, 0);
      const split = choiceOption('--split', SPLITS, flags.split);
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
          split,
          engine,
          metric: flags.metric,
          backend: flags.backend,
          onProgress: (done, total) => {
            // tfjs trains all folds together (progress by epoch); the fused kernel a fold at a time.
            progress ??= createProgress({ label: 'cv', unit: engine === 'tfjs' ? 'epochs' : 'fold fits', total, quiet: flags.quiet });
            progress.update(done);
          },
        },
      );
      progress?.finish();
      const { results: _fits, ...summary } = result;
      if (format === 'json') {
        process.stdout.write(`${JSON.stringify(summary)}\n`);
        return;
      }
      printTable(result, folds, seed, split, flags.quiet === true);
    });
}

function printTable(result: CvResult, folds: number, seed: number, split: string, quiet: boolean): void {
  const { results, config: c, metric } = result;
  if (!quiet) process.stderr.write(`backend: ${result.backend}, engine: ${result.engine}\n`);
  process.stdout.write(
    `trial ${result.trialKey}: placement ${c.placement}, dropout ${c.dropout}, max-norm ${c.maxNorm ?? 'none'}, lr ${c.lr}, momentum ${c.momentum}, ` +
      `epochs ${c.epochs}, batch ${c.batchSize}, hidden ${c.hidden.join('-')}; ${folds} folds${split === 'sklearn' ? ' (sklearn split)' : ''}, seed ${seed}, data ${result.data}\n` +
      `${result.classes.length} classes, class 0 first: ${result.classes.join(', ')}\n`,
  );
  // The headlined metric gets its own column when it is not accuracy, which is always shown.
  const extra = metric === 'accuracy' ? [] : [metricHeader(metric)];
  const table = newTable(['fold', 'accuracy %', ...extra, 'held-out loss', 'train loss', 'epochs', 'diverged']);
  results.forEach((r: FitResult, fold) =>
    table.push([
      fold,
      formatMetric('accuracy', r.accuracy),
      ...(extra.length ? [formatMetric(metric, result.metrics[metric].folds[fold])] : []),
      r.loss === null ? '-' : r.loss.toFixed(4),
      Number.isFinite(r.trainLoss) ? r.trainLoss.toFixed(4) : '-',
      r.epochsRun,
      r.diverged ? `yes (epoch ${r.epochsRun})` : 'no',
    ]),
  );
  process.stdout.write(`${table.toString()}\n`);
  process.stdout.write(`${metricSummaryTable(result.metrics, metric)}\n`);
  // An engine that returns no metrics (FitResult.metrics) leaves every metric but accuracy unscored: said, not guessed.
  if (results.some((r) => !r.diverged) && results.every((r) => r.diverged || !r.metrics)) {
    process.stdout.write(`the ${result.engine} engine returned no held-out metrics besides accuracy for these folds\n`);
  }
  const diverged = result.diverged;
  const divergedNote = diverged ? `, ${diverged} of ${folds} folds diverged (not scored)` : '';
  const { mean, std } = result.metrics[metric];
  process.stdout.write(
    `${metric}: ${mean !== null && std !== null ? `${formatMetricWithUnit(metric, mean)} (${formatMetricWithUnit(metric, std)}), mean (std) over the scored folds` : 'none (no fold was scored)'}` +
      `${divergedNote}  [${result.seconds.toFixed(1)} s, ${result.backend}]\n`,
  );
}

