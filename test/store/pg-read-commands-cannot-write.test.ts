import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS } from '../../src/store/postgres/migrations.js';
import { SCHEMA_VERSION } from '../../src/store/core/driver.js';
import { runCli } from '../helpers.js';
import { sweepDir, writeSweep } from '../runner/runner-fixture.js';
import { pgQuery, startPg, type PgServer } from './pg-fixture.js';

/**
 * Issue 22, items 1 and 4 on PostgreSQL: a read command runs in a session that cannot write
 * (default_transaction_read_only, a READ ONLY transaction for `query`, a statement timeout), and
 * `query` and `--where` refuse what a read-only transaction still lets act: COPY (TO PROGRAM runs
 * a shell command as the server's user), large objects, admin functions. Each refusal is one line.
 */
let server: PgServer | string = 'not started';
let db = '';
before(async () => {
  server = await startPg();
  if (typeof server === 'string') return;
  const base = await server.database('readonly');
  const u = new URL(base);
  u.searchParams.set('schema', 'ro');
  db = u.toString();
  const { dir } = sweepDir();
  const r = runCli(['run', writeSweep(dir, 'small', 2, 1), '--db', db, '--workers', '1']);
  assert.equal(r.code, 0, r.stderr);
});
const skip = (t: { skip: (m: string) => void }) => (typeof server === 'string' ? (t.skip(`no PostgreSQL: ${server}`), true) : false);

const folds = async () => (await pgQuery<{ n: number }>(db, 'SELECT count(*)::int AS n FROM fold_results'))[0].n;
const largeObjects = async () => (await pgQuery<{ n: number }>(db, 'SELECT count(*)::int AS n FROM pg_largeobject_metadata'))[0].n;

/** One line on stderr, no stack trace, the given exit code. */
function refused(r: { code: number | null; stderr: string }, code: number, what: string): void {
  assert.equal(r.code, code, `${what}: ${r.stderr}`);
  assert.equal(r.stderr.trim().split('\n').length, 1, `${what}: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /\n\s+at |Unhandled|node:events/, what);
}

test('query refuses COPY (TO PROGRAM, TO a file) before the server sees it: no command runs, no file is written', async (t) => {
  if (skip(t)) return;
  const marker = join(tmpdir(), `dropsweep-copy-${process.pid}`);
  rmSync(marker, { force: true });
  t.after(() => rmSync(marker, { force: true }));
  for (const sql of [`COPY (select 'x') TO PROGRAM 'touch ${marker}'`, `COPY (select 'x') TO '${marker}'`, `  /* c */ copy fold_results to '${marker}'`]) {
    const r = runCli(['query', '--db', db, sql]);
    refused(r, 2, sql);
    assert.match(r.stderr, /query: only statements that return rows and write nothing are allowed \(SELECT, WITH, VALUES, TABLE, SHOW\); "COPY"/);
  }
  assert.equal(existsSync(marker), false);
});

test('query and --where refuse large-object and admin functions, however they are written; no large object is made, no backend ends', async (t) => {
  if (skip(t)) return;
  const before = await largeObjects();
  for (const sql of [
    "select lo_from_bytea(0, 'x'::bytea)",
    "select pg_catalog.LO_FROM_BYTEA /* hidden */ (0, 'x'::bytea)",
    `select "lo_from_bytea"(0, 'x'::bytea)`,
    'select pg_terminate_backend(pg_backend_pid())',
    'select pg_reload_conf()',
    "select pg_read_file('/etc/passwd')",
    'select pg_advisory_lock(1)',
    "select set_config('default_transaction_read_only', 'off', false)",
    "select query_to_xml('select lo_from_bytea(0, ''x'')', true, true, '')",
    'select U&"lo\\005ffrom_bytea"(0, \'x\')',
  ]) {
    const r = runCli(['query', '--db', db, sql]);
    refused(r, 2, sql);
    assert.match(r.stderr, /^dropsweep: query: /, sql);
  }
  for (const where of ["lo_from_bytea(0,'x'::bytea) > 0", 'pg_terminate_backend(pg_backend_pid())', "(select count(*) from (select lo_import('/etc/hostname')) x) > 0"]) {
    const r = runCli(['leaderboard', '--db', db, '--where', where]);
    refused(r, 2, where);
    assert.match(r.stderr, /option --where: lo_\w+\(\) is not allowed|option --where: pg_terminate_backend\(\) is not allowed/, where);
  }
  assert.equal(await largeObjects(), before);
  assert.equal(await folds(), 2 * 10);
});

test('a write that passes the statement check is refused by the server (read-only session and transaction), and nothing changes', async (t) => {
  if (skip(t)) return;
  for (const sql of ['WITH d AS (DELETE FROM fold_results RETURNING 1) SELECT count(*) FROM d', 'select nextval(pg_get_serial_sequence(\'runs\', \'id\'))']) {
    const r = runCli(['query', '--db', db, sql]);
    refused(r, 2, sql);
    assert.match(r.stderr, /read-only transaction/);
  }
  const where = runCli(['leaderboard', '--db', db, '--where', "(select count(*) from (select nextval(pg_get_serial_sequence('runs', 'id'))) x) > 0"]);
  refused(where, 2, '--where nextval');
  assert.match(where.stderr, /option --where: cannot execute nextval\(\) in a read-only transaction/);
  assert.equal(await folds(), 2 * 10);
  const settings = runCli(['query', '--db', db, "SELECT current_setting('default_transaction_read_only') AS ro, current_setting('statement_timeout') AS timeout, current_setting('transaction_read_only') AS tx", '--format', 'json']);
  assert.equal(settings.code, 0, settings.stderr);
  assert.deepEqual(JSON.parse(settings.stdout), [{ ro: 'on', timeout: '1min', tx: 'on' }]);
});

test('a read command on an older PostgreSQL schema refuses in one line naming migrate, and changes nothing; migrate upgrades it', async (t) => {
  if (skip(t)) return;
  const u = new URL(db);
  u.searchParams.set('schema', 'old2');
  const old = u.toString();
  await pgQuery(db, 'CREATE SCHEMA old2');
  for (const v of [1, 2]) {
    await pgQuery(old, MIGRATIONS[v]);
    await pgQuery(old, v === 1 ? 'CREATE TABLE schema_version (version INTEGER NOT NULL)' : 'SELECT 1');
    await pgQuery(old, 'INSERT INTO schema_version (version) VALUES ($1)', [v]);
  }
  const version = async () => (await pgQuery<{ v: number }>(old, 'SELECT max(version) AS v FROM schema_version'))[0].v;
  for (const args of [['status'], ['leaderboard'], ['query', 'SELECT 1']]) {
    const r = runCli([...args, '--db', old]);
    refused(r, 2, args[0]);
    assert.match(r.stderr, /schema 2, made by an older dropsweep.*dropsweep migrate --db postgresql:/, args[0]);
    assert.equal(await version(), 2);
  }
  const m = runCli(['migrate', '--db', old]);
  assert.equal(m.code, 0, m.stderr);
  assert.equal(await version(), SCHEMA_VERSION);
  assert.equal(runCli(['status', '--db', old]).code, 0);
});
