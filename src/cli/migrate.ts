import type { Command } from 'commander';
import { migrateDatabase } from '../api/migrate.js';
import { MIGRATE_OPTIONS } from '../api/options/manage.js';
import { addOptions, readFlags } from './flags.js';

export function registerMigrate(program: Command): void {
  const command = program
    .command('migrate')
    .description("bring a database made by an older dropsweep to this version's schema (read commands never change a database; they name this command)");
  addOptions(command, MIGRATE_OPTIONS).action(async (raw: Record<string, unknown>) => {
    const flags = readFlags(MIGRATE_OPTIONS, raw);
    const out = await migrateDatabase(flags.db);
    process.stdout.write(`${out.db}: schema ${out.schema}, up to date\n`);
  });
}
