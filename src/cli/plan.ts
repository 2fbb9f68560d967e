import type { Command } from 'commander';
import { PLAN_OPTIONS } from '../api/options/run.js';
import { planSweep } from '../api/plan.js';
import { addOptions, libraryPart, readFlags } from './flags.js';
import { formatDuration } from './progress.js';

export function registerPlan(program: Command): void {
  const command = program
    .command('plan')
    .description('count grid points, distinct trials and fold fits, and estimate the duration; runs nothing')
    .argument('<file>', 'sweep file');
  addOptions(command, PLAN_OPTIONS).action(async (file: string, raw: Record<string, unknown>) => {
    const flags = readFlags(PLAN_OPTIONS, raw);
    const { plannedTrials: _trials, ...out } = await planSweep(file, libraryPart(PLAN_OPTIONS, flags));
    if (flags.format === 'json') {
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
        `${out.dataRows} rows x ${out.dataColumns} features (speed from ${out.speedFrom === 'database' ? 'runs in the database' : "this project's benchmark"})\n` +
        (out.nested
          ? `nested --outer ${out.nested.outer}: ${out.nested.innerSweeps} inner sweeps x ${out.nested.fitsPerInnerSweep} fits + ${out.nested.outerFits} outer fits = ${out.nested.fits} fits, ` +
            `estimated ${formatDuration(out.nested.estimatedSeconds)} on ${out.workers} worker(s) (each inner sweep on ${out.nested.outer - 1}/${out.nested.outer} of the rows; racing would train fewer)\n`
          : ''),
    );
  });
}
