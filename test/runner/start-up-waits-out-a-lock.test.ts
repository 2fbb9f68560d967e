import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { query, startRun, sweepDir, waitFor, writeSweep } from './runner-fixture.js';

const require = createRequire(import.meta.url);

/**
 * Issue 22, item 7: a lock held at start-up was waited out for 1 s (the busy timeout), then the
 * run stopped with exit 3. Creating or extending a sweep now waits like the run does, up to
 * --store-timeout, and says so naming the file.
 */

/** Another process holding the database's write lock until `release()` (or its own end). */
function lockHolder(db: string, begin = 'BEGIN IMMEDIATE'): { locked: Promise<void>; release: () => Promise<void> } {
  const script = `
    const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
    const d = new Database(${JSON.stringify(db)});
    d.exec('${begin}');
    process.stdout.write('locked\\n');
    process.stdin.on('data', () => { d.exec('COMMIT'); d.close(); process.exit(0); });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const locked = new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    locked,
    release: async () => {
      child.stdin!.end('go\n');
      await exited;
    },
  };
}

test('a new sweep started while another process holds the write lock waits, says so naming the file, and starts once the lock is let go', async (t) => {
  const { dir, db } = sweepDir();
  assert.equal((await startRun([writeSweep(dir, 'first', 1, 1), '--db', db, '--quiet']).done).code, 0);
  const lock = lockHolder(db);
  t.after(() => lock.release());
  await lock.locked;
  const run = startRun([writeSweep(dir, 'second', 2, 1), '--db', db, '--quiet', '--store-timeout', '600']);
  await waitFor(() => /locked by another process; waiting up to 600 s \(--store-timeout\) to start/.test(run.output().stderr), 120_000, 'the run to say it waits for the lock', [run]);
  assert.ok(run.output().stderr.includes(`${db}: locked by another process`), run.output().stderr);
  assert.equal(query<{ n: number }>(db, "SELECT count(*) AS n FROM sweeps WHERE name = 'second'")[0].n, 0, 'nothing written while locked');
  await lock.release();
  const r = await run.done;
  assert.equal(r.code, 0, r.stderr);
  assert.equal(query<{ n: number }>(db, "SELECT count(*) AS n FROM fold_results r JOIN trials t ON t.id = r.trial_id JOIN sweeps s ON s.id = t.sweep_id WHERE s.name = 'second'")[0].n, 20);
});

test('a lock held past --store-timeout at start-up stops the run with one line naming the file, exit 3, nothing written', async (t) => {
  const { dir, db } = sweepDir();
  assert.equal((await startRun([writeSweep(dir, 'first', 1, 1), '--db', db, '--quiet']).done).code, 0);
  const lock = lockHolder(db);
  t.after(() => lock.release());
  await lock.locked;
  const r = await startRun([writeSweep(dir, 'second', 2, 1), '--db', db, '--quiet', '--store-timeout', '2']).done;
  assert.equal(r.code, 3, r.stderr);
  const failures = r.stderr.trim().split('\n').filter((l) => /stayed locked/.test(l));
  assert.equal(failures.length, 1, r.stderr);
  assert.match(failures[0], new RegExp(`^dropsweep: ${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the database stayed locked by another process \\(SQLITE_BUSY`));
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  await lock.release();
  assert.equal(query<{ n: number }>(db, "SELECT count(*) AS n FROM sweeps WHERE name = 'second'")[0].n, 0);
});

test('a run that starts on a new database file another process is still making waits for it, and never removes it', async (t) => {
  const { dir, db } = sweepDir();
  // The other process made the file a moment ago and holds it exclusively (as a runner does while
  // it switches a new file to WAL): the run finds it locked at its first statement.
  const lock = lockHolder(db, 'BEGIN EXCLUSIVE; CREATE TABLE other (x); ');
  t.after(() => lock.release());
  await lock.locked;
  const run = startRun([writeSweep(dir, 'first', 1, 1), '--db', db, '--quiet', '--store-timeout', '600']);
  await waitFor(() => /locked by another process; waiting up to 600 s/.test(run.output().stderr), 120_000, 'the run to say it waits for the lock', [run]);
  await lock.release();
  const r = await run.done;
  // The file is the other process's (a table of its own): refused as not ours, and still there.
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /not a dropsweep database|foreign|other tables|not ours/i);
  assert.deepEqual(query(db, "SELECT name FROM sqlite_master WHERE name = 'other'"), [{ name: 'other' }], 'the other process\'s file is kept');
});
