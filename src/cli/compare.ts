import type { Command } from 'commander';
import { TRIAL_OPTIONS } from '../api/options/results.js';
import type { Comparison } from '../api/results.js';
import { fixed, formatP, renderListing, type Column } from '../report/formats.js';
import { addOptions, readFlags } from './flags.js';
import { pct, reading } from './reading.js';
import { PERCENT } from '../report/metric-format.js';
import { METRIC_DIRECTION } from '../stats/metrics.js';

export function registerCompare(program: Command): void {
  const command = program
    .command('compare')
    .description('two trials fold by fold: paired differences and the corrected resampled t-test')
    .argument('<a>', 'trial key, prefix or SWEEP/KEY')
    .argument('<b>', 'trial key, prefix or SWEEP/KEY (another sweep works when data, seed and folds are the same)');
  addOptions(command, TRIAL_OPTIONS).action(async (a: string, b: string, raw: Record<string, unknown>) => {
    const flags = readFlags(TRIAL_OPTIONS, raw);
    const out = await reading(flags.db, (results) => results.compare(a, b, { sweep: flags.sweep, metric: flags.metric }));
    process.stdout.write(flags.format === 'json' ? `${JSON.stringify(out)}\n` : comparisonText(out));
  });
}

function comparisonText(out: Comparison): string {
  const percent = PERCENT.has(out.metric);
  const show = (v: number) => (percent ? (v * 100).toFixed(2) : v.toFixed(4));
  const unit = percent ? ' %' : '';
  const columns: Column<Comparison['pairs'][number]>[] = [
    { key: 'fold', header: 'fold', value: (p) => p.fold },
    { key: 'repeat', header: 'repeat', value: (p) => p.repeat },
    { key: 'a', header: `${out.aName ?? out.a.slice(0, 10)}${unit}`, value: (p) => p.a, text: (p) => show(p.a) },
    { key: 'b', header: `${out.bName ?? out.b.slice(0, 10)}${unit}`, value: (p) => p.b, text: (p) => show(p.b) },
    { key: 'difference', header: 'a - b', value: (p) => p.difference, text: (p) => show(p.difference) },
  ];
  const what = out.metric === 'accuracy' ? '' : ` of ${out.metric}${METRIC_DIRECTION[out.metric] === 'lower' ? ' (lower is better)' : ''}`;
  return (
    `${renderListing(out.pairs, columns, 'table')}\n` +
    `mean difference${what} ${percent ? `${pct(out.meanDifference)} points` : fixed(4)(out.meanDifference)} over ${out.pairs.length} paired folds; ` +
    `corrected resampled t = ${fixed(3)(out.t)}, df = ${out.df}, p = ${formatP(out.p)}\n`
  );
}
