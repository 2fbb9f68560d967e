import { UserError } from '../errors.js';
import { SCHEMA_VERSION } from './core/driver.js';

/**
 * What a failed store call means for a running sweep. Retried (results wait in memory, up to
 * --store-timeout): `busy`, another process holds SQLite's lock; `unreachable`, the PostgreSQL
 * server is restarting or the network dropped; `conflict`, PostgreSQL aborted a transaction for a
 * deadlock or a serialization failure. Stopping the run cleanly: `full`, `io`, `readonly`, the
 * disk or file system refuses writes; `corrupt`, the file is damaged; `server`, PostgreSQL refused
 * the statement itself (a programming error, missing permission, a schema changed under us);
 * `changed`, the SQLite file was removed, replaced or truncated under a run.
 */
export type StoreFaultKind = 'busy' | 'unreachable' | 'conflict' | 'full' | 'io' | 'readonly' | 'corrupt' | 'server' | 'changed';

/** Faults that pass: the call is tried again with backoff. */
export const RETRIED: ReadonlySet<StoreFaultKind> = new Set(['busy', 'unreachable', 'conflict']);

/** Node's socket errors and pg's own messages for a connection that went away or never came. */
const NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EHOSTDOWN', 'EAI_AGAIN', 'ENOTFOUND', 'ECONNABORTED']);
const NET_MESSAGES = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Connection ended|not queryable|the database system is (starting up|shutting down|in recovery mode)/i;

/** True for a run's stop reason that says its file was removed, replaced or truncated: what it stored is not kept. */
export const fileWentAway = (reason: string | null | undefined): boolean => /: the database file was (removed|replaced|truncated) under the run/.test(reason ?? '');

/** The code of the error a SQLite driver throws when its file is no longer the one it opened. */
const FILE_CHANGED = 'DROPSWEEP_FILE_CHANGED';

/** The database file was removed, replaced or truncated under a run: `message` says which, naming the file. */
export function fileChanged(message: string): Error {
  return Object.assign(new Error(message), { code: FILE_CHANGED });
}

export function storeFaultKind(err: unknown): StoreFaultKind | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === FILE_CHANGED) return 'changed';
  if (typeof code === 'string' && code.startsWith('SQLITE_')) return sqliteFault(code);
  return pgFault(err);
}

function sqliteFault(code: string): StoreFaultKind | null {
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  if (code === 'SQLITE_FULL') return 'full';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'corrupt';
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_AUTH')) return 'readonly';
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PROTOCOL') return 'io';
  return null;
}

/** PostgreSQL's SQLSTATE classes (Appendix A of its manual), and the socket errors of a lost server. */
function pgFault(err: unknown): StoreFaultKind | null {
  if (!(err instanceof Error)) return null;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && NET_CODES.has(code)) return 'unreachable';
  const isPg = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && 'severity' in err;
  if (!isPg) return NET_MESSAGES.test(err.message) ? 'unreachable' : null;
  const state = code as string;
  // 57P01-03: admin/crash shutdown, cannot connect now; 08: connection exceptions; 53300: too many connections.
  if (state.startsWith('08') || state === '57P01' || state === '57P02' || state === '57P03' || state === '53300') return 'unreachable';
  if (state === '40001' || state === '40P01') return 'conflict';
  if (state === '53100') return 'full';
  if (state.startsWith('58')) return 'io';
  if (state === '25006' || state === '42501') return 'readonly';
  if (state === 'XX001' || state === 'XX002') return 'corrupt';
  return 'server';
}

const WHAT: Record<StoreFaultKind, string> = {
  busy: 'the database stayed locked by another process',
  unreachable: 'the database server could not be reached',
  conflict: 'the database kept aborting transactions (deadlock or serialization failure)',
  full: 'the disk is full',
  io: 'an I/O error',
  readonly: 'the database cannot be written',
  corrupt: 'the database file is damaged',
  server: 'the database server refused a statement',
  changed: 'the database file changed under the run',
};

/** Exit code of a run stopped by its store (disk full, I/O error, damage, a lock or an outage held too long). */
export const EXIT_STORE_FAULT = 3;

const codeOf = (err: unknown) => String((err as { code?: string }).code ?? 'error');

/** One line for the user: the cause in words, the file or URL, and the store's own code. */
export function storeFaultMessage(kind: StoreFaultKind, location: string, err: unknown): string {
  // The driver's own message names the file and says what happened to it.
  if (kind === 'changed') return (err as Error).message;
  return `${location}: ${WHAT[kind]} (${codeOf(err)}: ${(err as Error).message})`;
}

/** What a runner says when a retried fault first shows up. */
export function retryNotice(kind: StoreFaultKind, location: string, err: unknown): string {
  if (kind === 'busy') return `${location}: locked by another process; results wait in memory and are retried`;
  if (kind === 'unreachable') return `${location}: the database server cannot be reached (${codeOf(err)}: ${(err as Error).message}); results wait in memory, reconnecting`;
  return `${location}: ${WHAT[kind]} (${codeOf(err)}); retrying`;
}

/** What a runner says when the store answers again after a retried fault. */
export function recoveredNotice(location: string, seconds: number): string {
  return `${location}: the database answers again after ${seconds.toFixed(1)} s; the results that waited are being stored`;
}

/**
 * A damaged database met by a read command, or at the start of a run: the user's file, not our
 * bug; exit 2 and leave it as it is.
 */
export function damagedDatabase(path: string, err: unknown): UserError {
  // SQLite's integrity report can span lines; the user gets one.
  const detail = (err as Error).message.replace(/\s*\n\s*/g, '; ');
  return new UserError(`${path}: ${WHAT.corrupt} (${detail}); nothing was changed. Restore it from a copy, or pass another --db`);
}

/**
 * A read command (or the dashboard) met a database of an older schema: reading never migrates
 * (a migration is a write), so the user is told which command does. Exit 2: nothing was touched.
 */
export function olderSchema(location: string, version: number): UserError {
  return new UserError(
    `${location}: schema ${version}, made by an older dropsweep (this one reads schema ${SCHEMA_VERSION}); read commands never change a database, so it was left as it is. Upgrade it first: dropsweep migrate --db ${location}`,
  );
}
