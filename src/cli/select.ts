import { UserError, nearest } from '../errors.js';
import type { Store, SweepRow } from '../store/store.js';

/** The named sweep, or the only / most recent one; an unknown name lists the ones there are. */
export function pickSweep(store: Store, name: string | undefined, db: string): SweepRow {
  const names = store.sweepNames();
  if (names.length === 0) throw new UserError(`${db}: no sweeps yet (run one with dropsweep run FILE)`);
  if (name === undefined) return store.sweep(names[names.length - 1])!;
  const sweep = store.sweep(name);
  if (sweep) return sweep;
  const guess = nearest(name, names);
  throw new UserError(`unknown sweep "${name}" in ${db}${guess ? `; did you mean "${guess}"?` : ''} (sweeps: ${names.join(', ')})`);
}
