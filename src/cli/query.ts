import type { Command } from 'commander';
import { QUERY_OPTIONS } from '../api/options/results.js';
import { renderListing, type Column } from '../report/formats.js';
import { addOptions, readFlags } from './flags.js';
import { reading } from './reading.js';

export function registerQuery(program: Command): void {
  const command = program
    .command('query')
    .description('read-only SQL on the database, in a read-only transaction on PostgreSQL (the schema: docs/database.md)')
    .argument('<sql>', 'a SELECT (or WITH / PRAGMA) statement');
  addOptions(command, QUERY_OPTIONS).action(async (text: string, raw: Record<string, unknown>) => {
    const flags = readFlags(QUERY_OPTIONS, raw);
    const { columns, rows } = await reading(flags.db, (results) => results.query(text));
    const cols: Column<Record<string, unknown>>[] = columns.map((name) => ({
      key: name,
      header: name,
      value: (r) => {
        const v = r[name];
        return v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : typeof v === 'bigint' ? Number(v) : String(v);
      },
    }));
    process.stdout.write(`${renderListing(rows, cols, flags.format)}\n`);
  });
}
