import { UserError } from '../../errors.js';

/**
 * What a read command accepts from the user on PostgreSQL (`query`, `--where`), checked before
 * the text is sent. The server is the first guard (a READ ONLY transaction in a session whose
 * default_transaction_read_only is on, with a statement timeout), but a read-only transaction
 * still lets COPY ... TO PROGRAM run a shell command as the server's user, COPY ... TO write server
 * files, large-object and admin functions act, and advisory locks outlive the statement. So:
 *
 * - `query` takes one statement of a kind that only reads: SELECT, WITH, VALUES, TABLE, SHOW.
 * - Neither takes a call of a function that acts outside the transaction: large objects (lo_*),
 *   backends and the server (pg_terminate_backend, pg_reload_conf, ...), files (pg_read_file,
 *   pg_ls_dir), locks (pg_advisory_*), notifications, settings (set_config), or one that runs a
 *   query given as text (query_to_xml, ts_stat, dblink), which would hide a call from this check.
 *
 * The check reads names, not meaning: a listed name inside a string literal is refused too (say
 * it another way). A Unicode-escaped identifier (U&"...") is refused, as it could spell any name.
 */
const STATEMENT_KINDS = ['select', 'with', 'values', 'table', 'show'];

const ACTING_FUNCTIONS = [
  'lo_\\w+',
  'lo(?:read|write|open|close|creat|seek|seek64|tell|tell64|truncate|truncate64|unlink|import|export|get|put)',
  'pg_(?:terminate|cancel|signal)_backend',
  'pg_reload_conf',
  'pg_rotate_logfile\\w*',
  'pg_promote',
  'pg_log_\\w+',
  'pg_switch_\\w+',
  'pg_create_\\w+',
  'pg_drop_\\w+',
  'pg_copy_\\w+',
  'pg_replication_\\w+',
  'pg_logical_\\w+',
  'pg_(?:start|stop|backup)_\\w+',
  'pg_wal_\\w+',
  'pg_read_\\w+',
  'pg_ls_\\w+',
  'pg_stat_file',
  'pg_stat_reset\\w*',
  'pg_(?:try_)?advisory_\\w+',
  'pg_notify',
  'pg_file_\\w+',
  'pg_import_\\w+',
  'pg_export_snapshot',
  'set_config',
  'dblink\\w*',
  'query_to_xml\\w*',
  'cursor_to_xml\\w*',
  'ts_stat',
];

/** A listed name (bare, schema-qualified or quoted), then blanks or comments, then "(". */
const CALL = new RegExp(`(?:^|[^\\w$])"?(${ACTING_FUNCTIONS.join('|')})"?(?:\\s|/\\*[\\s\\S]*?\\*/|--[^\\n]*(?:\\n|$))*\\(`, 'i');

/** The first keyword of a statement, past blanks, comments and opening parentheses. */
function firstKeyword(text: string): string {
  const rest = text.replace(/^(?:\s|\(|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/, '');
  return (/^[a-z]+/i.exec(rest)?.[0] ?? '').toLowerCase();
}

/** Refuses what `query` must not run (`what`: "query" or "option --where"). */
export function checkUserSql(text: string, what: 'query' | 'option --where'): void {
  if (what === 'query') {
    const kind = firstKeyword(text);
    if (!STATEMENT_KINDS.includes(kind)) {
      throw new UserError(`query: only statements that return rows and write nothing are allowed (${STATEMENT_KINDS.map((k) => k.toUpperCase()).join(', ')}); "${kind.toUpperCase() || text.slice(0, 20)}" is not one of them`);
    }
  }
  if (/u&"/i.test(text)) throw new UserError(`${what}: Unicode-escaped identifiers (U&"...") are not accepted in a read command`);
  const call = CALL.exec(text);
  if (call) {
    throw new UserError(`${what}: ${call[1]}() is not allowed in a read command (large-object, server, file, lock and settings functions act outside the read-only transaction)`);
  }
}
