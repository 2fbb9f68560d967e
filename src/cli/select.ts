import { UserError, nearest } from '../errors.js';
import type { Store, SweepRow, TrialRow } from '../store/store.js';

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

/** One trial by key or unique prefix; none or several is the user's error, with the candidates. */
export function pickTrial(store: Store, prefix: string, sweep?: string): TrialRow {
  if (!/^[0-9a-f]{1,16}$/.test(prefix)) throw new UserError(`"${prefix}" is not a trial key (up to 16 hex digits; see dropsweep leaderboard)`);
  const found = store.trialsByPrefix(prefix, sweep);
  if (found.length === 0) throw new UserError(`no trial with key ${prefix}...${sweep ? ` in sweep "${sweep}"` : ''}`);
  if (found.length > 1) {
    const shown = found.slice(0, 5).map((t) => `${t.trial_key} (${t.sweep})`).join(', ');
    throw new UserError(`trial key prefix ${prefix} is ambiguous: ${shown}${found.length > 5 ? ', ...' : ''}; give more digits${sweep ? '' : ' or --sweep'}`);
  }
  return found[0];
}
