import { parseLocation } from './location.js';
import type { OpenOptions, Store } from './types.js';

export { parseLocation, redact, shownLocation, type Location } from './location.js';

export * from './types.js';

export const DEFAULT_DB = 'results/dropsweep.sqlite';

/** The database a command uses: `--db`, else DROPSWEEP_DB, else results/dropsweep.sqlite under the current folder. */
export function chooseDb(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? (env.DROPSWEEP_DB || DEFAULT_DB);
}

/** Opens the store `--db` names (the implementations load only when used: pg is not loaded for a file). */
export async function openStore(raw: string, options: OpenOptions = {}): Promise<Store> {
  const where = parseLocation(raw);
  if (where.kind === 'postgres') {
    const { PgStore } = await import('./postgres/pg-store.js');
    return PgStore.open(where, options);
  }
  const { SqliteStore } = await import('./sqlite/sqlite-store.js');
  return SqliteStore.open(where.path, options);
}
