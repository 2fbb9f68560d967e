import type { Command } from 'commander';
import { crossValidate, type CvResult } from '../api/cross-validate.js';
import { CV_CONFIG, CV_OPTIONS } from '../api/options/cv.js';
import type { FitResult } from '../engine/model.js';
import { formatMetric, formatMetricWithUnit, metricHeader, metricSummaryTable } from '../report/metric-format.js';
import { newTable } from '../report/render.js';
import { addOptions, libraryPart, readFlags } from './flags.js';
import { createProgress, type Progress } from './progress.js';

/** The cv command's flags: the model's settings and how to run, as crossValidate takes them. */
const { data, target, ...howToRun } = CV_OPTIONS;
const CV_FLAGS = { data, target, ...CV_CONFIG, ...howToRun };

export function registerCv(program: Command): void {
  const command = program.command('cv').description('cross-validate one configuration and print its held-out metrics per fold and over folds');
  addOptions(command, CV_FLAGS).action(async (flags: Record<string, unknown>) => {
    const f = readFlags(CV_FLAGS, flags);
    let progress: Progress | undefined;
    const result = await crossValidate(libraryPart(CV_CONFIG, f), {
      ...libraryPart(CV_OPTIONS, f),
      onProgress: (done, total) => {
        // tfjs trains all folds together (progress by epoch); the fused kernel a fold at a time.
        progress ??= createProgress({ label: 'cv', unit: f.engine === 'tfjs' ? 'epochs' : 'fold fits', total, quiet: f.quiet });
        progress.update(done);
      },
    });
    progress?.finish();
    const { results: _fits, ...summary } = result;
    if (f.format === 'json') {
      process.stdout.write(`${JSON.stringify(summary)}\n`);
      return;
    }
    printTable(result, f.folds, f.seed, f.split, f.quiet === true);
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

