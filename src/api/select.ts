import { UserError, nearest } from '../errors.js';
import type { ResultsReader, SweepRow, TrialRow } from '../store/store.js';

/** The named sweep, or the only / most recent one; an unknown name lists the ones there are. */
export async function pickSweep(store: ResultsReader, name: string | undefined, db: string): Promise<SweepRow> {
  const names = await store.sweepNames();
  if (names.length === 0) throw new UserError(`${db}: no sweeps yet (run one with dropsweep run FILE)`);
  if (name === undefined) return (await store.sweep(names[names.length - 1]))!;
  const sweep = await store.sweep(name);
  if (sweep) return sweep;
  const guess = nearest(name, names);
  throw new UserError(`unknown sweep "${name}" in ${db}${guess ? `; did you mean "${guess}"?` : ''} (sweeps: ${names.join(', ')})`);
}

/**
 * One trial by `KEY` or `SWEEP/KEY`, where KEY is the whole key or a unique prefix of it. The same
 * configuration in several sweeps has the same key, so a key alone can be ambiguous: the message
 * then lists the `SWEEP/KEY` forms to choose from.
 */
export async function pickTrial(store: ResultsReader, ref: string, sweepFlag?: string): Promise<TrialRow> {
  const slash = ref.lastIndexOf('/');
  const sweep = slash >= 0 ? ref.slice(0, slash) : sweepFlag;
  const prefix = slash >= 0 ? ref.slice(slash + 1) : ref;
  if (!/^[0-9a-f]{1,16}$/.test(prefix)) throw new UserError(`"${ref}" is not a trial key (up to 16 hex digits, or SWEEP/KEY; see dropsweep leaderboard)`);
  if (sweep !== undefined && !(await store.sweep(sweep))) throw new UserError(`"${ref}": no sweep named "${sweep}"`);
  const found = await store.trialsByPrefix(prefix, sweep);
  if (found.length === 0) throw new UserError(`no trial with key ${prefix}...${sweep ? ` in sweep "${sweep}"` : ''}`);
  if (found.length === 1) return found[0];
  const keys = new Set(found.map((t) => t.trial_key));
  const shown = found.slice(0, 6).map((t) => `${t.sweep}/${t.trial_key.slice(0, Math.max(prefix.length, 6))}`).join(', ');
  const more = found.length > 6 ? ', ...' : '';
  if (keys.size === 1) throw new UserError(`trial ${prefix} is in ${found.length} sweeps; name one as SWEEP/KEY: ${shown}${more}`);
  throw new UserError(`trial key prefix ${prefix} is ambiguous: ${found.slice(0, 6).map((t) => `${t.sweep}/${t.trial_key}`).join(', ')}${more}; give more digits or SWEEP/KEY`);
}
