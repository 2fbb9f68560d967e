import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { spawn } from 'node:child_process';
import pg from 'pg';
import { CLI, runCli } from '../helpers.js';
import { pgQuery, startPg, type PgServer } from '../store/pg-fixture.js';
import { countStored, startRun, sweepDir, waitFor, waitForStored, writeGradedSweep, writeSlowSweep } from './runner-fixture.js';

/**
 * Issue 22, acceptance: the server's backends killed (pg_terminate_backend, 57P01) at each stage
 * of a run: start-up, claim, store, heartbeat, racing lock, and under a read command. Each stage is
 * reached by state, not time: the test holds a lock the stage's statement needs, waits until a
 * dropsweep backend is blocked on it running that statement, terminates it (and any other
 * dropsweep backend blocked meanwhile), then lets go. Each ends in a reconnect (exit 0) or a clean
 * stop (one line, exit 3), never a stack trace, and nothing stored is lost.
 */
let server: PgServer | string = 'not started';
let base = '';
before(async () => {
  server = await startPg();
  if (typeof server !== 'string') base = await server.database('killed');
});
const skip = (t: { skip: (m: string) => void }) => (typeof server === 'string' ? (t.skip(`no PostgreSQL: ${server}`), true) : false);
const at = (schema: string) => `${base}?schema=${schema}`;
type Run = ReturnType<typeof startRun>;

/** A session of the test's own on `db`'s schema, holding `lock` (run inside a transaction) until `release`. */
async function holding(db: string, lock: string): Promise<{ release: () => Promise<void> }> {
  const u = new URL(db);
  const schema = u.searchParams.get('schema')!;
  u.searchParams.delete('schema');
  const c = new pg.Client({ connectionString: u.toString(), options: `-c search_path=${schema}`, application_name: 'holder' });
  await c.connect();
  await c.query('BEGIN');
  await c.query(lock);
  return {
    release: async () => {
      await c.query('COMMIT');
      await c.end();
    },
  };
}

/**
 * Terminates dropsweep's backends that wait on a lock until one of them was running a statement
 * that `stage` matches; returns the statements whose backends were ended.
 */
async function killWhileWaiting(db: string, stage: RegExp, what: string, runs: Run[]): Promise<string[]> {
  const ended: string[] = [];
  await waitFor(
    async () => {
      const rows = await pgQuery<{ query: string }>(
        db,
        // OFFSET 0 keeps the filter from being merged with the call: only the rows chosen are ended.
        "SELECT query FROM (SELECT pid, query FROM pg_stat_activity WHERE application_name = 'dropsweep' AND wait_event_type = 'Lock' OFFSET 0) w WHERE pg_terminate_backend(pid)",
      );
      ended.push(...rows.map((r) => r.query));
      return ended.some((q) => stage.test(q));
    },
    180_000,
    `a dropsweep backend blocked at ${what}`,
    runs,
  );
  return ended;
}

const CLEAN = /\n\s+at |Unhandled|node:events|Emitted 'error'/;

/** A run's end: exit 0 after reconnecting, or exit 3 with one line saying the server went away. */
function endedCleanly(r: { code: number | null; stderr: string }, what: string): void {
  assert.ok(r.code === 0 || r.code === 3, `${what}: exit ${r.code}: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, CLEAN, what);
  if (r.code === 3) assert.equal(r.stderr.trim().split('\n').filter((l) => /^dropsweep: .*(could not be reached|cannot be reached)/.test(l)).length, 1, `${what}: ${r.stderr}`);
}

/** Runs the sweep again until it has every fit (a stopped run is resumed): nothing stored before was lost. */
async function finish(file: string, db: string, fits: number, storedBefore: number): Promise<void> {
  const r = runCli(['run', file, '--db', db, '--workers', '1', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  const stored = await countStored(db);
  assert.equal(stored, fits);
  assert.ok(stored >= storedBefore);
  assert.equal((await pgQuery<{ n: number }>(db, 'SELECT count(*)::int AS n FROM (SELECT trial_id, fold, repeat FROM fold_results GROUP BY 1, 2, 3 HAVING count(*) > 1) d'))[0].n, 0, 'no fold stored twice');
}

test('backends killed at start-up (reading the sweep: it reconnects), then at a claim, a store and a heartbeat: reconnect or clean stop, nothing lost', async (t) => {
  if (skip(t)) return;
  const { dir } = sweepDir();
  const db = at('stages');
  let file = writeSlowSweep(dir, 'stages');
  assert.equal(runCli(['migrate', '--db', db]).code, 0);

  // Start-up: the sweep's row is read under an exclusive lock of the test's.
  let lock = await holding(db, 'LOCK TABLE sweeps IN ACCESS EXCLUSIVE MODE');
  let run = startRun([file, '--db', db, '--workers', '1', '--pack', '2', '--store-timeout', '600']);
  t.after(() => run.child.kill('SIGKILL'));
  await killWhileWaiting(db, /FROM sweeps WHERE name/, 'start-up', [run]);
  await lock.release();
  let r = await run.done;
  endedCleanly(r, 'start-up');
  assert.equal(r.code, 0, `start-up waits out a lost connection as the run does: ${r.stderr}`);
  assert.match(r.stderr, /the database server cannot be reached \(57P01/);
  await finish(file, db, 80, 80);

  // Claim, store, heartbeat: each under a lock on trials (fold_results for the store), one after another in one run of another sweep.
  file = writeSlowSweep(dir, 'stages2');
  run = startRun([file, '--db', db, '--workers', '1', '--pack', '2', '--store-timeout', '600', '--lease-seconds', '8']);
  const stages: [string, string, RegExp][] = [
    ['a claim', 'LOCK TABLE trials IN EXCLUSIVE MODE', /SKIP LOCKED/],
    ['a store', 'LOCK TABLE fold_results IN EXCLUSIVE MODE', /INSERT INTO fold_results/],
    ['a heartbeat', 'LOCK TABLE trials IN EXCLUSIVE MODE', /SET heartbeat_at/],
  ];
  for (const [what, statement, stage] of stages) {
    const stored = await countStored(db);
    await waitForStored(db, stored + 2, run);
    lock = await holding(db, statement);
    t.diagnostic(`${what}: ended ${(await killWhileWaiting(db, stage, what, [run])).map((q) => q.trim().split(/\s+/).slice(0, 4).join(' ')).join(' | ')}`);
    await lock.release();
  }
  r = await run.done;
  endedCleanly(r, 'claim, store, heartbeat');
  t.diagnostic(`claim, store, heartbeat: exit ${r.code}`);
  if (r.code === 0) assert.match(r.stderr, /the database answers again after/);
  await finish(file, db, 160, await countStored(db));
});

test('a backend killed while it waits for the racing lock: reconnect or clean stop, decisions and folds kept', async (t) => {
  if (skip(t)) return;
  const { dir } = sweepDir();
  const db = at('raced');
  const file = writeGradedSweep(dir, 'raced', 'race: { minFolds: 4, alpha: 0.05 }\n');
  const run = startRun([file, '--db', db, '--workers', '1', '--pack', '2', '--store-timeout', '600']);
  t.after(() => run.child.kill('SIGKILL'));
  await waitForStored(db, 2, run);
  const [{ id }] = await pgQuery<{ id: number }>(db, "SELECT id FROM sweeps WHERE name = 'raced'");
  const lock = await holding(db, `SELECT pg_advisory_xact_lock(hashtext('dropsweep race ' || ${id}::text))`);
  await killWhileWaiting(db, /dropsweep race/, 'the racing lock', [run]);
  await lock.release();
  const r = await run.done;
  endedCleanly(r, 'racing lock');
  t.diagnostic(`racing lock: exit ${r.code}`);
  const r2 = runCli(['run', file, '--db', db, '--workers', '1', '--quiet']);
  assert.equal(r2.code, 0, r2.stderr);
  const trials = await pgQuery<{ state: string }>(db, "SELECT state FROM trials WHERE state NOT IN ('done', 'pruned')");
  assert.deepEqual(trials, [], 'every trial done or pruned');
});

test('a read command whose backend is killed ends in one line, exit 3, no stack trace', async (t) => {
  if (skip(t)) return;
  const { dir } = sweepDir();
  const db = at('reader');
  assert.equal(runCli(['run', writeGradedSweep(dir, 'read', '', [0.01, 0.1]), '--db', db, '--workers', '1', '--quiet']).code, 0);
  for (const args of [['status'], ['leaderboard'], ['query', 'SELECT count(*) FROM trials']]) {
    const lock = await holding(db, 'LOCK TABLE trials IN ACCESS EXCLUSIVE MODE');
    const child = spawn(process.execPath, [CLI, ...args, '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const fake = { child, output: () => ({ stderr, stdout: '' }), done: done.then((code) => ({ code, signal: null, stderr, stdout: '' })) } as unknown as Run;
    await killWhileWaiting(db, /trials/, args[0], [fake]);
    await lock.release();
    const code = await done;
    assert.equal(code, 3, `${args[0]}: ${stderr}`);
    assert.equal(stderr.trim().split('\n').length, 1, `${args[0]}: ${stderr}`);
    assert.match(stderr, /^dropsweep: (postgresql:\/\/\S+: the database server could not be reached|query: the server ended this connection) \(57P01/, args[0]);
    assert.doesNotMatch(stderr, CLEAN, args[0]);
  }
});
