import { UserError } from '../errors.js';

/**
 * What a failed store call means for a running sweep. `busy`: another process holds the lock; wait
 * and try again. `full`, `io`, `readonly`: the disk or file system refuses writes; stop cleanly.
 * `corrupt`: the file is damaged; stop and touch nothing.
 */
export type StoreFaultKind = 'busy' | 'full' | 'io' | 'readonly' | 'corrupt';

export function storeFaultKind(err: unknown): StoreFaultKind | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  if (code === 'SQLITE_FULL') return 'full';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'corrupt';
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_AUTH')) return 'readonly';
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PROTOCOL') return 'io';
  return null;
}

const WHAT: Record<StoreFaultKind, string> = {
  busy: 'the database stayed locked by another process',
  full: 'the disk is full',
  io: 'an I/O error',
  readonly: 'the database cannot be written',
  corrupt: 'the database file is damaged',
};

/** Exit code of a run stopped by its store (disk full, I/O error, damage, a lock held too long). */
export const EXIT_STORE_FAULT = 3;

/** One line for the user: the cause in words, the file, and SQLite's own code. */
export function storeFaultMessage(kind: StoreFaultKind, path: string, err: unknown): string {
  const code = (err as { code?: string }).code ?? '';
  return `${path}: ${WHAT[kind]} (${code}: ${(err as Error).message})`;
}

/**
 * A damaged database met by a read command, or at the start of a run: the user's file, not our
 * bug; exit 2 and leave it as it is.
 */
export function damagedDatabase(path: string, err: unknown): UserError {
  return new UserError(`${path}: ${WHAT.corrupt} (${(err as Error).message}); nothing was changed. Restore it from a copy, or pass another --db`);
}
