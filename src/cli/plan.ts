import type { Command } from 'commander';
import { planSweep } from '../api/plan.js';
import { FORMATS, MAX_DATA_MB_FLAG, MAX_DATA_MB_HELP, choiceOption, integerOption, maxDataMbOption } from './options.js';
import { formatDuration } from './progress.js';

export function registerPlan(program: Command): void {
  program
    .command('plan')
    .description('count grid points, distinct trials and fold fits, and estimate the duration; runs nothing')
    .argument('<file>', 'sweep file')
    .option('--workers <n>', 'workers to estimate for (default: the number of cores)')
    .option('--db <path>', 'database (file or postgresql:// URL) to read measured speed from (default: $DROPSWEEP_DB, else results/dropsweep.sqlite)')
    .option('--format <fmt>', 'table|json', 'table')
    .option(MAX_DATA_MB_FLAG, `${MAX_DATA_MB_HELP} (default 100)`)
    .action(async (file: string, flags: { workers?: string; db?: string; format: string; maxDataMb?: string }) => {
      const format = choiceOption('--format', FORMATS, flags.format);
      const workers = flags.workers === undefined ? undefined : integerOption('--workers', flags.workers, 1, 256);
      const { plannedTrials: _trials, ...out } = await planSweep(file, { workers, db: flags.db, maxDataMb: maxDataMbOption(flags.maxDataMb) });
      if (format === 'json') {
        process.stdout.write(`${JSON.stringify(out)}\n`);
        return;
      }
      process.stdout.write(
        `sweep ${out.sweep}\n` +
          (out.sampler === 'random' ? `  random draws      ${out.gridPoints}\n` : `  grid points       ${out.gridPoints}\n`) +
          `  explicit trials   ${out.explicitTrials}\n` +
          `  distinct trials   ${out.trials} (${out.collapsed} equivalent configurations collapsed)\n` +
          `  fold fits         ${out.foldFits} (${out.folds} folds x ${out.repeats} repeat(s) per trial)\n` +
          `  estimated time    ${formatDuration(out.estimatedSeconds)} on ${out.workers} worker(s), ${out.engine} engine, ` +
          `${out.dataRows} rows x ${out.dataColumns} features (speed from ${out.speedFrom === 'database' ? 'runs in the database' : "this project's benchmark"})\n`,
      );
    });
}
