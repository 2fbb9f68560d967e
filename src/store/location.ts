import { UserError } from '../errors.js';

export type Location = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string; schema: string; shown: string };

/**
 * What `--db` names: a PostgreSQL URL (postgresql:// or postgres://, optional ?schema=NAME) or a
 * SQLite file path. Any other URL, or a path that can only be a mistake, is refused here, before
 * anything is opened.
 */
export function parseLocation(raw: string): Location {
  if (/^postgres(ql)?:\/\//i.test(raw)) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new UserError(`--db ${raw}: not a valid URL (expected postgresql://user@host:port/db)`);
    }
    const schema = url.searchParams.get('schema') ?? 'public';
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) throw new UserError(`--db ${redact(raw)}: schema "${schema}" is not a plain SQL name (letters, digits, _)`);
    for (const key of url.searchParams.keys()) {
      if (key !== 'schema' && !['sslmode', 'application_name', 'options'].includes(key)) throw new UserError(`--db ${redact(raw)}: unknown parameter "${key}" (only schema, sslmode, application_name)`);
    }
    url.searchParams.delete('schema');
    return { kind: 'postgres', url: url.toString(), schema, shown: redact(raw) };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    throw new UserError(`--db ${raw}: not a database file path or a PostgreSQL URL (postgresql://user@host:port/db)`);
  }
  if (raw === '' || raw.endsWith('/')) throw new UserError(`--db "${raw}": give a file path, e.g. results/dropsweep.sqlite, or a postgresql:// URL`);
  return { kind: 'sqlite', path: raw };
}

/** A URL as messages show it: never its password. */
export function redact(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}
