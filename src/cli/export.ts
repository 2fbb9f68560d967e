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
    // A fold's learning curve is an object: JSON keeps it as one, CSV carries it as JSON text in its cell.
    const cell = (v: unknown) => (v !== null && typeof v === 'object' && flags.format !== 'json' ? JSON.stringify(v) : v) as string | number | null;
    const cols: Column<Record<string, unknown>>[] = keys.map((k) => ({ key: k, header: k, value: (r) => cell(r[k]) }));
    process.stdout.write(`${rows.length || flags.format === 'json' ? renderListing(rows, cols, flags.format) : ''}\n`);
  });
}
