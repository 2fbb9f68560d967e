import { Store } from './core/store.js';
import { parseLocation } from './location.js';
import type { OpenOptions } from './types.js';

export { parseLocation, redact, shownLocation, type Location } from './location.js';
export { Store } from './core/store.js';
export type { LeaseStore } from './core/leases.js';
export type { ResultsReader } from './core/results.js';
export type { Copier } from './core/copier.js';
export type { SweepCatalog, HeldLease, SweepChange, SweepSize } from './core/sweeps.js';
export type { NoteBook, StoredNote } from './core/notes.js';
export type { OuterFitBook, OuterFitRow, NewOuterFit } from './core/outer-fits.js';

export * from './types.js';

export const DEFAULT_DB = 'results/dropsweep.sqlite';

/** The database a command uses: `--db`, else DROPSWEEP_DB, else results/dropsweep.sqlite under the current folder. */
export function chooseDb(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? (env.DROPSWEEP_DB || DEFAULT_DB);
}

/** Opens the store `--db` names (the drivers load only when used: pg is not loaded for a file). */
export async function openStore(raw: string, options: OpenOptions = {}): Promise<Store> {
  const where = parseLocation(raw);
  if (where.kind === 'postgres') {
    const { PgDriver } = await import('./postgres/driver.js');
    return new Store(await PgDriver.open(where, options));
  }
  const { SqliteDriver } = await import('./sqlite/driver.js');
  return new Store(SqliteDriver.open(where.path, options));
}
