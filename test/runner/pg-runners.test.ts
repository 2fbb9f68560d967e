import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { runCli } from '../helpers.js';
import { pgQuery, startPg, type PgServer } from '../store/pg-fixture.js';
import { countStored, startRun, sweepDir, waitFor, waitForStored, writeSlowSweep, writeSweep } from './runner-fixture.js';
import { assertWorkAddsUp, endsInRowOrder } from './work-counts.js';

/** Runners as real child processes of the CLI on one PostgreSQL database, each test on a schema of its own. */
let server: PgServer | string = 'not started';
let base = '';
before(async () => {
  server = await startPg();
  if (typeof server !== 'string') base = await server.database('runners');
});
const skip = (t: { skip: (m: string) => void }) => (typeof server === 'string' ? (t.skip(`no PostgreSQL: ${server}`), true) : false);
const at = (schema: string) => `${base}?schema=${schema}`;
const count = countStored;

test('3 runners x 12 trials on PostgreSQL: exact counts, no fold stored twice, each runner trained what it stored; read commands take the URL', async (t) => {
  if (skip(t)) return;
  const { dir } = sweepDir();
  const db = at('many');
  const file = writeSweep(dir, 'many', 12, 20);
  const started = [0, 1, 2].map(() => startRun([file, '--db', db, '--workers', '1', '--pack', '4']));
  const done = await Promise.all(started.map((r) => r.done));
  for (const r of done) assert.equal(r.code, 0, r.stderr);
  const rows = await pgQuery<{ trial_id: number; fold: number }>(db, 'SELECT trial_id, fold FROM fold_results');
  assert.equal(rows.length, 120);
  assert.equal(new Set(rows.map((r) => `${r.trial_id}/${r.fold}`)).size, 120);
  const work = await assertWorkAddsUp(db, { fits: 120, packSize: 4, runs: await endsInRowOrder(db, started, done) });
  assert.equal(work.reduce((n, r) => n + r.fits_trained, 0), 120, 'nothing trained twice');
  assert.ok(work.every((r) => r.outcome === 'completed'));
  const status = runCli(['status', '--db', db, '--format', 'json']);
  assert.equal(status.code, 0, status.stderr);
  assert.deepEqual(JSON.parse(status.stdout).map((s: { sweep: string; done: number; foldFits: number }) => [s.sweep, s.done, s.foldFits]), [['many', 12, 120]]);
  const board = runCli(['leaderboard', '--db', db, '--format', 'json']);
  assert.equal(JSON.parse(board.stdout).length, 12);
  const q = runCli(['query', 'DELETE FROM trials RETURNING id', '--db', db]);
  assert.equal(q.code, 2);
  assert.match(q.stderr, /^dropsweep: query: only statements that return rows/);
});

test('a runner SIGKILLed mid-sweep: its trials are taken over at once (dead pid on this host) and the sweep completes', async (t) => {
  if (skip(t)) return;
  const { dir } = sweepDir();
  const db = at('killed');
  const file = writeSlowSweep(dir, 'killed');
  const a = startRun([file, '--db', db, '--workers', '1', '--pack', '2', '--quiet']);
  await waitForStored(db, 4, a);
  a.child.kill('SIGKILL');
  await a.done;
  const held = await pgQuery<{ n: number }>(db, "SELECT count(*)::int AS n FROM trials WHERE state = 'running'");
  assert.ok(held[0].n > 0, 'the killed runner left leases behind');
  // With an hour's lease, the only way B can finish is to see that A's process is gone: no clock
  // is involved, so a slow machine cannot make this pass or fail.
  const b = await startRun([file, '--db', db, '--workers', '2', '--pack', '5', '--lease-seconds', '3600']).done;
  assert.equal(b.code, 0, b.stderr);
  assert.doesNotMatch(b.stderr, /waiting: /, 'it never waited for a lease');
  assert.equal(await count(db), 80);
  await assertWorkAddsUp(db, { fits: 80, packSize: 5, runs: [{ killedWithAtMost: 4 }, { stderr: b.stderr }] });
  assert.equal((await pgQuery<{ n: number }>(db, "SELECT count(*)::int AS n FROM trials WHERE state != 'done'"))[0].n, 0);
});

test('a runner SIGSTOPped past its lease is fenced: its late results are refused and it says it lost the lease', async (t) => {
  if (skip(t)) return;
  const { dir } = sweepDir();
  const db = at('paused');
  const file = writeSlowSweep(dir, 'paused');
  const lease = ['--lease-seconds', '3'];
  const a = startRun([file, '--db', db, '--workers', '1', '--pack', '2', ...lease]);
  await waitForStored(db, 4, a);
  a.child.kill('SIGSTOP');
  const b = await startRun([file, '--db', db, '--workers', '1', '--pack', '2', ...lease]).done;
  assert.equal(b.code, 0, b.stderr);
  assert.equal(await count(db), 80, 'B took the stale leases over and finished');
  a.child.kill('SIGCONT');
  const r = await a.done;
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /dropsweep: lost the lease on trial [0-9a-f]{16} \(another runner took it over while this one was stalled\)/);
  assert.equal(await count(db), 80, 'nothing stored twice');
  await assertWorkAddsUp(db, { fits: 80, packSize: 2, runs: [{ stderr: r.stderr }, { stderr: b.stderr }] });
});

test('PostgreSQL stopped and started mid-sweep: every runner notices, waits, reconnects and finishes, nothing lost or stored twice', async (t) => {
  if (skip(t)) return;
  if (!(server as PgServer).owned) return t.skip('DROPSWEEP_TEST_PG_URL is set: the test cannot restart that server');
  const { dir } = sweepDir();
  const db = at('restarted');
  const file = writeSlowSweep(dir, 'restarted');
  const runners = [0, 1].map(() => startRun([file, '--db', db, '--workers', '1', '--pack', '2']));
  await waitForStored(db, 6);
  // Down until both runners have said so: what is tested is the outage, not whether a restart
  // happened to fall between two of their store calls.
  (server as PgServer).stop();
  const unreachable = /the database server cannot be reached .*results wait in memory, reconnecting/;
  await waitFor(() => runners.every((r) => unreachable.test(r.output().stderr)), 60_000, 'both runners to report the server unreachable');
  (server as PgServer).start();
  const done = await Promise.all(runners.map((r) => r.done));
  for (const r of done) {
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /the database answers again after [0-9.]+ s/);
    assert.doesNotMatch(r.stderr, /Unhandled|node:events|^\s+at /m);
  }
  assert.equal(await count(db), 80);
  await assertWorkAddsUp(db, { fits: 80, packSize: 2, runs: await endsInRowOrder(db, runners, done) });
  assert.equal((await pgQuery<{ n: number }>(db, "SELECT count(*)::int AS n FROM trials WHERE state != 'done'"))[0].n, 0);
});

test('a server that is down past --store-timeout, or at the start: one line and exit 3; a bad --db: one line and exit 2', async (t) => {
  if (skip(t)) return;
  const { dir } = sweepDir();
  const file = writeSweep(dir, 'down', 2, 2);
  const nobody = 'postgresql://postgres@127.0.0.1:1/none';
  const r = runCli(['run', file, '--db', nobody, '--quiet']);
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /^dropsweep: postgresql:\/\/postgres@127\.0\.0\.1:1\/none: cannot connect to the database server \(ECONNREFUSED/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  const bad = runCli(['status', '--db', 'postgresql://u:secret@127.0.0.1:1/x?schema=no-dash']);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, 'dropsweep: --db postgresql://u:***@127.0.0.1:1/x?schema=no-dash: schema "no-dash" is not a lower-case SQL name (a-z, 0-9 and _, at most 63, not starting with a digit)\n');
});
