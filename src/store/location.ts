import { UserError } from '../errors.js';

export type Location = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string; schema: string; shown: string };

/**
 * URL parameters a PostgreSQL --db may carry. Anything else is refused: pg copies every parameter
 * into the connection's settings (`options=-c search_path=...` would replace the schema and the
 * read-only setting of read commands; others change timeouts, the encoding or the TLS files read).
 */
const PARAMETERS = ['schema', 'sslmode', 'application_name'];

/**
 * sslmode values, and what is passed on. pg (8.x) treats prefer, require and verify-ca as
 * verify-full, printing a six-line warning on the first use; they are passed on as the
 * verify-full pg makes of them anyway, so the connection is the same and the output one line.
 */
const SSL_MODES: Record<string, string> = {
  disable: 'disable',
  prefer: 'verify-full',
  require: 'verify-full',
  'verify-ca': 'verify-full',
  'verify-full': 'verify-full',
  'no-verify': 'no-verify',
};

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/**
 * What `--db` names: a PostgreSQL URL (postgresql:// or postgres://, optional ?schema=NAME) or a
 * SQLite file path. Any other URL, or a path that can only be a mistake, is refused here, before
 * anything is opened. No message shows the password.
 */
export function parseLocation(raw: string): Location {
  if (POSTGRES_URL.test(raw)) return parsePostgres(raw);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    throw new UserError(`--db ${redact(raw)}: not a database file path or a PostgreSQL URL (postgresql://user@host:port/db)`);
  }
  if (raw === '' || raw.endsWith('/')) throw new UserError(`--db "${raw}": give a file path, e.g. results/dropsweep.sqlite, or a postgresql:// URL`);
  // SQLite's name for a database that lives in memory: nothing would be kept after the command.
  if (raw === ':memory:') {
    throw new UserError(`--db ${raw}: an in-memory database keeps nothing once the command ends; give a file path, e.g. results/dropsweep.sqlite`);
  }
  return { kind: 'sqlite', path: raw };
}

function parsePostgres(raw: string): Location {
  const shown = redact(raw);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserError(`--db ${shown}: not a valid URL (expected postgresql://user:password@host:port/db, with a port from 1 to 65535 and @ in the password written %40)`);
  }
  for (const key of new Set(url.searchParams.keys())) {
    if (!PARAMETERS.includes(key)) {
      throw new UserError(`--db ${shown}: parameter "${key}" is not accepted (only ${PARAMETERS.join(', ')}); parameters that change the connection's settings are refused`);
    }
    if (url.searchParams.getAll(key).length > 1) throw new UserError(`--db ${shown}: parameter "${key}" is given twice`);
  }
  const schema = url.searchParams.get('schema') ?? 'public';
  // PostgreSQL folds unquoted names to lower case: "Upper" would be made as upper and looked up as lower.
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new UserError(`--db ${shown}: schema "${schema}" is not a lower-case SQL name (a-z, 0-9 and _, at most 63, not starting with a digit)`);
  }
  const sslmode = url.searchParams.get('sslmode');
  if (sslmode !== null) {
    if (!(sslmode in SSL_MODES)) throw new UserError(`--db ${shown}: sslmode "${sslmode}" is not one of ${Object.keys(SSL_MODES).join(', ')}`);
    url.searchParams.set('sslmode', SSL_MODES[sslmode]);
  }
  const app = url.searchParams.get('application_name');
  if (app !== null && !/^[\x20-\x7e]{1,63}$/.test(app)) throw new UserError(`--db ${shown}: application_name must be 1 to 63 printable ASCII characters`);
  url.searchParams.delete('schema');
  return { kind: 'postgres', url: url.toString(), schema, shown };
}

/**
 * A URL as messages show it: never its password, in any form. Everything between the first ":"
 * of the user part and the last "@" goes (so an unescaped @ in the password, or a / in it, hides
 * the whole password, not the part before it); without an "@", text after a ":" that is not a
 * port (a password whose host was forgotten) goes too.
 */
export function redact(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([\s\S]*)$/i.exec(url);
  if (!m) return url;
  const [, scheme, rest] = m;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    const colon = rest.slice(0, at).indexOf(':');
    return colon < 0 ? url : `${scheme}${rest.slice(0, colon)}:***@${rest.slice(at + 1)}`;
  }
  const authority = /^([^/?#]*)/.exec(rest)![1];
  const colon = authority.indexOf(':');
  if (colon < 0 || /^:\d*$/.test(authority.slice(colon))) return url;
  return `${scheme}${authority.slice(0, colon)}:***${rest.slice(authority.length)}`;
}

/** `--db` as messages and hints show it: a SQLite path as given, a PostgreSQL URL without its password. */
export function shownLocation(raw: string): string {
  return POSTGRES_URL.test(raw) ? redact(raw) : raw;
}
