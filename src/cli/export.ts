import type { Command } from 'commander';
import { EXPORT_OPTIONS } from '../api/options/results.js';
import { renderListing, type Column } from '../report/formats.js';
import { addOptions, readFlags } from './flags.js';
import { reading } from './reading.js';

export function registerExport(program: Command): void {
  const command = program.command('export').description('every fold result of a sweep with its configuration');
  addOptions(command, EXPORT_OPTIONS).action(async (raw: Record<string, unknown>) => {
    const flags = readFlags(EXPORT_OPTIONS, raw);
    const rows = await reading(flags.db, (results) => results.exportRows(flags.sweep));
    const keys = rows.length ? Object.keys(rows[0]) : [];
    const cols: Column<Record<string, unknown>>[] = keys.map((k) => ({ key: k, header: k, value: (r) => r[k] as string | number | null }));
    process.stdout.write(`${rows.length || flags.format === 'json' ? renderListing(rows, cols, flags.format) : ''}\n`);
  });
}
