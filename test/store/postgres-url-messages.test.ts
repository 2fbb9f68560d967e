import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { runCli } from '../helpers.js';
import { startRun, sweepDir, waitFor, writeSlowSweep, writeSweep } from '../runner/runner-fixture.js';
import { pgQuery, startPg, type PgServer } from './pg-fixture.js';

let server: PgServer | string = 'not started';
let base = '';
before(async () => {
  server = await startPg();
  if (typeof server !== 'string') base = await server.database('urls');
});
const skip = (t: { skip: (m: string) => void }) => (typeof server === 'string' ? (t.skip(`no PostgreSQL: ${server}`), true) : false);

/** The test cluster trusts every login, so a password is accepted and every message path can be walked with it. */
const withPassword = (password: string, schema: string) => {
  const u = new URL(base);
  return `${u.protocol}//postgres:${password}@${u.host}${u.pathname}?schema=${schema}`;
};
/** No form of the password may appear: as given, decoded, encoded, or the part after an unescaped @. */
const LEAK = /Zebra9|p@ss|p%40ss|ssZebra/;

test('the password of a PostgreSQL URL is printed by no command, in no form: start line, leaderboard hints, resume hint, errors', async (t) => {
  if (skip(t)) return;
  const { dir } = sweepDir();
  const small = writeSweep(dir, 'small', 2, 1);
  for (const password of ['Zebra9secret', 'p@ssZebra9', 'p%40ssZebra9']) {
    const db = withPassword(password, `s${password.length}${password.includes('@') ? 'a' : 'b'}`);
    const run = runCli(['run', small, '--db', db, '--workers', '1']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /db postgresql:\/\/postgres:\*\*\*@/);
    assert.match(run.stdout, /--db postgresql:\/\/postgres:\*\*\*@/, 'the hints after the leaderboard');
    for (const args of [['status'], ['leaderboard'], ['show', 'small/x'], ['leaderboard', '--sweep', 'nope']]) {
      const r = runCli([...args, '--db', db]);
      assert.doesNotMatch(r.stdout + r.stderr, LEAK, `${args.join(' ')} with ${password}`);
    }
    assert.doesNotMatch(run.stdout + run.stderr, LEAK, `run with ${password}`);
  }
  // Interrupted: the resume hint names the database.
  const slow = writeSlowSweep(dir, 'slow');
  const db = withPassword('p@ssZebra9', 'slow');
  const interrupted = startRun([slow, '--db', db, '--workers', '1', '--pack', '1']);
  t.after(() => interrupted.child.kill('SIGKILL'));
  await waitFor(() => /\d+\/80 fits/.test(interrupted.output().stderr) || interrupted.child.exitCode !== null, 120_000, 'the slow run to report progress');
  interrupted.child.kill('SIGINT');
  const r = await interrupted.done;
  assert.equal(r.code, 130, r.stderr);
  assert.match(r.stderr, /Resume with: .* --db postgresql:\/\/postgres:\*\*\*@/);
  assert.doesNotMatch(r.stderr, LEAK);
  // Unreachable server, bad port, forgotten host.
  for (const url of ['postgresql://postgres:p@ssZebra9@127.0.0.1:1/x', 'postgresql://postgres:Zebra9@127.0.0.1:99999/x', 'postgresql://postgres:Zebra9/x']) {
    const e = runCli(['status', '--db', url]);
    assert.ok(e.code === 2 || e.code === 3, e.stderr);
    assert.equal(e.stderr.trim().split('\n').length, 1, e.stderr);
    assert.doesNotMatch(e.stderr, LEAK, url);
  }
});

test('sslmode=require against a server without SSL: one line, exit 2, nothing made', async (t) => {
  if (skip(t)) return;
  const db = `${base}?schema=ssl_needed&sslmode=require`;
  for (const args of [['status'], ['run', writeSweep(sweepDir().dir, 'ssl', 1, 1), '--quiet']]) {
    const r = runCli([...args, '--db', db]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr, `dropsweep: ${db}: SSL: The server does not support SSL connections; change sslmode in the URL (disable, verify-full, no-verify) or the server's SSL setup\n`);
  }
  assert.deepEqual(await pgQuery(base, "SELECT 1 FROM information_schema.schemata WHERE schema_name = 'ssl_needed'"), []);
});

test('a schema name with capitals and an options= parameter are refused before connecting: one line, exit 2', async (t) => {
  if (skip(t)) return;
  const upper = runCli(['status', '--db', `${base}?schema=Upper`]);
  assert.equal(upper.code, 2);
  assert.match(upper.stderr, /^dropsweep: --db .*: schema "Upper" is not a lower-case SQL name .*\n$/);
  const options = runCli(['status', '--db', `${base}?options=-c%20search_path%3Dpublic`]);
  assert.equal(options.code, 2);
  assert.match(options.stderr, /^dropsweep: --db .*: parameter "options" is not accepted \(only schema, sslmode, application_name\); parameters that change the connection's settings are refused\n$/);
  assert.deepEqual(await pgQuery(base, "SELECT 1 FROM information_schema.schemata WHERE schema_name IN ('Upper', 'upper')"), []);
});
