import type { Command } from 'commander';
import { EFFECTS_OPTIONS } from '../api/options/results.js';
import type { Effects } from '../api/results.js';
import type { EffectRow } from '../report/effects.js';
import { fixed, renderListing, round, type Column, type ListingFormat } from '../report/formats.js';
import { addOptions, readFlags } from './flags.js';
import { reading } from './reading.js';
import { PERCENT } from '../report/metric-format.js';

export function registerEffects(program: Command): void {
  const command = program.command('effects').description('mean accuracy per value of each swept dimension, and dropout rate by placement');
  addOptions(command, EFFECTS_OPTIONS).action(async (raw: Record<string, unknown>) => {
    const flags = readFlags(EFFECTS_OPTIONS, raw);
    const all = await reading(flags.db, (results) => results.effects(flags.sweep, { metric: flags.metric }));
    process.stdout.write(flags.format === 'json' ? `${JSON.stringify(all)}\n` : effectsText(all, flags.format));
  });
}

function effectsText({ sweep, metric, binning, effects, pivot }: Effects, format: Exclude<ListingFormat, 'json'>): string {
  // The means are of the ranking metric: percent for accuracies, the metric's own value otherwise.
  const name = metric === 'accuracy' ? 'accuracy' : metric;
  const unit = PERCENT.has(metric) ? ' %' : '';
  const digits = PERCENT.has(metric) ? 2 : 4;
  const columns: Column<EffectRow>[] = [
    { key: 'dimension', header: 'dimension', value: (r) => r.dimension },
    { key: 'value', header: 'value', value: (r) => r.value, text: (r) => (r.value === null ? 'none' : String(r.value)) },
    { key: 'mean', header: `mean ${name}${unit}`, value: (r) => round(r.mean, 4), text: (r) => r.mean.toFixed(digits) },
    { key: 'best', header: metric === 'accuracy' ? 'best trial %' : `best ${name}${unit}`, value: (r) => round(r.best, 4), text: (r) => r.best.toFixed(digits) },
    { key: 'bestTrial', header: 'best trial', value: (r) => r.bestTrial, text: (r) => r.bestTrial.slice(0, 10) },
    { key: 'trials', header: 'trials', value: (r) => r.trials },
  ];
  let out = `${renderListing(effects, columns, format)}\n`;
  if (format === 'csv') return out;
  // A blank line first: markdown would read a line right under a table as one more row.
  if (binning) out += `\nbinned (drawn from ranges, one row per drawn value would be noise): ${binning}\n`;
  type PivotRow = { rate: number | string; cells: (number | null)[] };
  const pivotRows: PivotRow[] = pivot.rows.map((rate, i) => ({ rate, cells: pivot.cells[i] }));
  const pivotColumns: Column<PivotRow>[] = [
    { key: 'dropout', header: 'dropout \\ placement', value: (r) => r.rate },
    ...pivot.columns.map((p, j) => ({ key: p, header: p, value: (r: PivotRow) => r.cells[j], text: (r: PivotRow) => fixed(digits)(r.cells[j]) })),
  ];
  return `${out}\nmean ${name}${unit} by dropout rate and placement (complete trials of ${sweep})\n${renderListing(pivotRows, pivotColumns, format)}\n`;
}
