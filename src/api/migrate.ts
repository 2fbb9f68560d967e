import { existsSync } from 'node:fs';
import { UserError } from '../errors.js';
import { SCHEMA_VERSION } from '../store/core/driver.js';
import { chooseDb, openStore, parseLocation, shownLocation } from '../store/store.js';
import { locatedFault } from './located.js';
import { checkArgument, optionalText } from './options/declare.js';

export interface MigrateSummary {
  /** The database, as messages show it (a PostgreSQL URL without its password). */
  db: string;
  /** The schema version it has now. */
  schema: number;
}

/**
 * Brings a database made by an older dropsweep to this version's schema (additive changes, every
 * row kept), in one transaction. Read commands never migrate (a migration is a write): they refuse
 * an older schema and name this command. A database already current is left as it is. A SQLite
 * file that does not exist is refused, not made.
 */
export async function migrateDatabase(db?: string): Promise<MigrateSummary> {
  checkArgument('migrateDatabase', 'db', db, optionalText);
  const chosen = chooseDb(db);
  const where = parseLocation(chosen);
  if (where.kind === 'sqlite' && !existsSync(where.path)) throw new UserError(`${where.path}: no database here; nothing to migrate`);
  const store = await openStore(chosen, { check: true }).catch((err: unknown) => Promise.reject(locatedFault(err, shownLocation(chosen))));
  await store.close();
  return { db: shownLocation(chosen), schema: SCHEMA_VERSION };
}
