/** Deleting and renaming sweeps, and notes: the library's side of `delete`, `rename` and `note`. */
import { createHash } from 'node:crypto';
import { UserError, nearest } from '../errors.js';
import { ownerIsDead, ownerName } from '../runner/owner.js';
import { DEFAULT_LEASE_SECONDS } from '../runner/run-options.js';
import { chooseDb, openStore, shownLocation, type HeldLease, type Store, type SweepChange, type SweepRow } from '../store/store.js';
import { checkNote } from '../sweep/checks.js';
import { confirmName } from './confirm.js';
import { locatedFault, withLocatedFaults } from './located.js';
import { checkArgument, resolveOptions, type LibraryValues } from './options/declare.js';
import { DELETE_OPTIONS, NOTE_OPTIONS, RENAME_OPTIONS } from './options/manage.js';
import { partialHash } from './stored-sweep.js';
import { pickTrial } from './select.js';

export type DeleteOptions = LibraryValues<typeof DELETE_OPTIONS> & { sweep: string };
export type RenameOptions = LibraryValues<typeof RENAME_OPTIONS> & { sweep: string; to: string };
export type NoteOptions = LibraryValues<typeof NOTE_OPTIONS> & { sweep: string };

export interface DeleteSummary {
  db: string;
  sweep: string;
  /** What went with it. */
  trials: number;
  folds: number;
  notes: number;
  /** The sweep's confirmation (NAME-confirm), when there is one: it is a sweep of its own and stays. */
  confirmationKept: string | null;
}

export interface RenameSummary {
  db: string;
  from: string;
  to: string;
  /** The confirmation renamed with it (NAME-confirm to NEW-confirm), or null. */
  confirmation: { from: string; to: string } | null;
}

export interface NoteSummary {
  db: string;
  sweep: string;
  /** The trial the note is on, or null for the sweep's own note. */
  trialKey: string | null;
  /** The note now, or null when it was removed. */
  note: string | null;
  /** A note was there before (and is replaced, or removed). */
  replaced: boolean;
}

/**
 * A runner may still hold a lease: its process is not known to be gone and its last heartbeat is
 * younger than a default lease. A runner heartbeats every 5 s at most (src/runner/sweep-run.ts),
 * so a silent minute means it is gone or its leases are about to be taken over anyway.
 */
export const leaseIsLive = (l: HeldLease): boolean => !ownerIsDead(l.owner) && (l.age === null || l.age < DEFAULT_LEASE_SECONDS);

function refuseLive(what: string, change: SweepChange): void {
  if (change.live.length === 0) return;
  const who = change.live.map((l) => `${ownerName(l.owner)} (${l.trials} trial(s), heartbeat ${l.age === null ? 'never' : `${Math.round(l.age)} s ago`})`).join(', ');
  throw new UserError(`cannot ${what} sweep "${change.sweep.name}": a runner holds live leases on it: ${who}; stop it first (Ctrl-C), or wait a minute after it died`);
}

async function writable(db: string | undefined): Promise<{ store: Store; shown: string }> {
  const chosen = chooseDb(db);
  const shown = shownLocation(chosen);
  const store = await openStore(chosen, { check: true }).catch((err: unknown) => Promise.reject(locatedFault(err, shown)));
  return { store: withLocatedFaults(store), shown };
}

async function unknownSweep(store: Store, name: string, shown: string): Promise<never> {
  const names = await store.results.sweepNames();
  const guess = nearest(name, names);
  throw new UserError(`unknown sweep "${name}" in ${shown}${guess ? `; did you mean "${guess}"?` : ''}${names.length ? ` (sweeps: ${names.join(', ')})` : ' (it has no sweeps)'}`);
}

/**
 * Deletes a sweep with every trial, fold result, run and note of it, in one transaction. Refused
 * (nothing deleted) while a runner holds live leases on it. The library asks no confirmation: the
 * caller decided. The sweep's confirmation (NAME-confirm) is a sweep of its own and is kept.
 */
export async function deleteSweep(options: DeleteOptions): Promise<DeleteSummary> {
  const o = resolveOptions('deleteSweep', DELETE_OPTIONS, options) as DeleteOptions;
  const { store, shown } = await writable(o.db);
  try {
    const change = await store.sweeps.remove(o.sweep, leaseIsLive);
    if (!change) return await unknownSweep(store, o.sweep, shown);
    refuseLive('delete', change);
    const kept = (await store.results.sweep(confirmName(o.sweep))) ? confirmName(o.sweep) : null;
    return { db: shown, sweep: o.sweep, ...change.size, confirmationKept: kept };
  } finally {
    await store.close();
  }
}

/** The stored spec under a new name, and its hash as the sweep file with that name would give it (a plan cut short keeps its mark). */
export function renamedSpec(sweep: Pick<SweepRow, 'spec' | 'spec_hash'>, to: string): { spec: string; spec_hash: string } {
  const parsed = JSON.parse(sweep.spec) as Record<string, unknown>;
  const spec = JSON.stringify({ ...parsed, name: to });
  const hash = createHash('sha256').update(spec).digest('hex');
  return { spec, spec_hash: sweep.spec_hash.startsWith(partialHash('')) ? partialHash(hash) : hash };
}

/**
 * Renames a sweep, and its confirmation (NAME-confirm becomes NEW-confirm) in the same
 * transaction. The stored spec takes the new name, so the sweep file edited to say `name: NEW`
 * resumes it. Refused when NEW (or NEW-confirm) is taken, or while a runner holds live leases.
 */
export async function renameSweep(options: RenameOptions): Promise<RenameSummary> {
  const o = resolveOptions('renameSweep', RENAME_OPTIONS, options) as RenameOptions;
  if (o.to === o.sweep) throw new UserError(`rename: sweep "${o.sweep}" already has that name`);
  const { store, shown } = await writable(o.db);
  try {
    const withConfirm = !o.sweep.endsWith('-confirm') && (await store.results.sweep(confirmName(o.sweep))) !== undefined;
    const pairs = [{ from: o.sweep, to: o.to }, ...(withConfirm ? [{ from: confirmName(o.sweep), to: confirmName(o.to) }] : [])];
    for (const p of pairs) {
      if (p.to.length > 64) throw new UserError(`option --to: the confirmation's new name ${p.to} would be longer than 64 characters`);
      if (await store.results.sweep(p.to)) throw new UserError(`option --to: a sweep named "${p.to}" is already in ${shown}; delete or rename it first`);
    }
    let changes: SweepChange[] | undefined;
    try {
      changes = await store.sweeps.rename(pairs, renamedSpec, leaseIsLive);
    } catch (err) {
      // Another process took the name between the check and the write (UNIQUE on the name).
      if (/unique|UNIQUE|23505/.test(`${(err as Error).message} ${(err as { code?: string }).code ?? ''}`)) throw new UserError(`option --to: a sweep named "${o.to}" appeared in ${shown} meanwhile; nothing was renamed`);
      throw err;
    }
    if (!changes) return await unknownSweep(store, o.sweep, shown);
    for (const c of changes) refuseLive('rename', c);
    return { db: shown, from: o.sweep, to: o.to, confirmation: withConfirm ? pairs[1] : null };
  } finally {
    await store.close();
  }
}

/**
 * Writes the note on a trial of a sweep (`trial`: its key or a unique prefix) or on the sweep
 * itself, replacing the one there; `text` null removes it. Notes are text: `show`, the report and
 * the dashboard print them as text, never as markup.
 */
export async function setNote(text: string | null, options: NoteOptions): Promise<NoteSummary> {
  if (text !== null) checkArgument('setNote', 'the note', text, checkNote);
  if (text !== null && text.trim() === '') throw new UserError('setNote: the note is empty (to remove a note, pass null; on the command line, --clear)');
  const o = resolveOptions('setNote', NOTE_OPTIONS, options) as NoteOptions;
  const { store, shown } = await writable(o.db);
  try {
    const sweep = await store.results.sweep(o.sweep);
    if (!sweep) return await unknownSweep(store, o.sweep, shown);
    const trial = o.trial === undefined ? null : await pickTrial(store.results, o.trial, o.sweep);
    const replaced = await store.notes.set(sweep.id, trial?.id ?? null, text);
    return { db: shown, sweep: sweep.name, trialKey: trial?.trial_key ?? null, note: text, replaced };
  } finally {
    await store.close();
  }
}
