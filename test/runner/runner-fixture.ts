import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CLI, tempDir } from '../helpers.js';
import { pgQuery } from '../store/pg-fixture.js';

const require = createRequire(import.meta.url);

/** A small sweep: `trials` learning rates x 10 folds, few epochs, so a run takes seconds. */
export function writeSweep(dir: string, name: string, trials = 6, epochs = 3, extra = '', hidden = '[20, 10]'): string {
  const file = join(dir, `${name}.yaml`);
  const lrs = Array.from({ length: trials }, (_, i) => 0.01 * (i + 1));
  writeFileSync(file, `name: ${name}\nprotocol:\n  epochs: ${epochs}\n  hidden: ${hidden}\ngrid:\n  lr: [${lrs.join(', ')}]\n${extra}`);
  return file;
}

/** A sweep that takes several seconds on one worker (80 tutorial-sized fits), to interrupt. */
export function writeSlowSweep(dir: string, name: string): string {
  return writeSweep(dir, name, 8, 300, '', '[60, 30]');
}

export function sweepDir(): { dir: string; db: string } {
  const dir = tempDir('dropsweep-run-');
  return { dir, db: join(dir, 'r.sqlite') };
}

export function startRun(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): { child: ChildProcess; output: () => { stderr: string; stdout: string }; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; stdout: string }> } {
  const child = spawn(process.execPath, [CLI, 'run', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (d) => (stderr += d));
  child.stdout!.on('data', (d) => (stdout += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; stdout: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr, stdout })),
  );
  return { child, output: () => ({ stderr, stdout }), done };
}

export function query<T>(db: string, sql: string, ...params: unknown[]): T[] {
  const d = new Database(db, { readonly: true, fileMustExist: true });
  d.pragma('busy_timeout = 5000');
  try {
    return d.prepare(sql).all(...params) as T[];
  } finally {
    d.close();
  }
}

/** One count from a SQLite database: 0 while the file or its tables do not exist yet (a run still starting); any other error is thrown. */
export function countWhenReady(db: string, sql: string): number {
  if (!existsSync(db)) return 0;
  try {
    return query<{ n: number }>(db, sql)[0].n;
  } catch (err) {
    if (/no such table/.test((err as Error).message)) return 0;
    throw err;
  }
}

/** Fold results stored so far (0 while the run is still making the database). */
export const countResults = (db: string) => countWhenReady(db, 'SELECT count(*) AS n FROM fold_results');

/** Fold results stored so far in a SQLite file or a PostgreSQL schema (by the location's form), as countResults. */
export async function countStored(db: string): Promise<number> {
  if (!/^postgres(ql)?:/.test(db)) return countResults(db);
  try {
    return (await pgQuery<{ n: number }>(db, 'SELECT count(*)::int AS n FROM fold_results'))[0].n;
  } catch (err) {
    // 42P01: no such table yet.
    if ((err as { code?: string }).code === '42P01') return 0;
    throw err;
  }
}

type Run = ReturnType<typeof startRun>;

/**
 * Polls until `check` holds, and fails saying what it waited for: after `ms`, or as soon as one of
 * `runs` has exited without it holding (with that run's exit and last lines). An error thrown by
 * `check` fails the wait at once.
 */
export async function waitFor(check: () => boolean | Promise<boolean>, ms = 60_000, what = 'condition', runs: Run[] = []): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    const gone = runs.find((r) => r.child.exitCode !== null || r.child.signalCode !== null);
    if (gone && !(await check())) {
      const tail = gone.output().stderr.trim().split('\n').slice(-3).join(' | ');
      throw new Error(`waiting for ${what}: the run exited first (${gone.child.exitCode ?? gone.child.signalCode}): ${tail}`);
    }
    if (Date.now() > until) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * SIGSTOPs a SQLite runner at a moment it holds no write lock: stopped inside a write transaction,
 * it would keep every other runner from writing until their store timeout, which is another test
 * (waits-while-locked). Waits on state: the process stopped (/proc/PID/stat says T), then none of
 * its POSIX locks in /proc/locks a write lock (WAL's writer, checkpointer or recovery byte);
 * otherwise it is continued and stopped again a moment later.
 */
export async function pauseOutsideWrite(run: Run, ms = 30_000): Promise<void> {
  const pid = String(run.child.pid);
  const stopped = () => readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').startsWith('T');
  const writing = () =>
    readFileSync('/proc/locks', 'utf8')
      .split('\n')
      .some((line) => {
        const f = line.trim().split(/\s+/);
        return f[3] === 'WRITE' && f[4] === pid;
      });
  await waitFor(
    async () => {
      run.child.kill('SIGSTOP');
      await waitFor(stopped, 5_000, `runner ${pid} stopped`);
      if (!writing()) return true;
      run.child.kill('SIGCONT');
      await new Promise((r) => setTimeout(r, 20));
      return false;
    },
    ms,
    `runner ${pid} stopped outside a write transaction`,
  );
}

/** Waits until `n` fold results are stored (SQLite or PostgreSQL), failing if `run` exits first. */
export function waitForStored(db: string, n: number, run?: Run, ms = 120_000): Promise<void> {
  return waitFor(async () => (await countStored(db)) >= n, ms, `${n} stored fold results in ${db}`, run ? [run] : []);
}

/** Another process that takes the database's write lock and keeps it for `ms`; resolves when it has let go. */
export function holdWriteLock(db: string, ms: number): { locked: Promise<void>; released: Promise<void> } {
  const script = `
    const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
    const d = new Database(${JSON.stringify(db)});
    d.exec('BEGIN IMMEDIATE');
    process.stdout.write('locked\\n');
    setTimeout(() => { d.exec('COMMIT'); d.close(); }, ${ms});`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const locked = new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  const released = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { locked, released };
}

export function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** The last line a run printed on stderr. */
export const lastLine = (text: string) => text.trim().split('\n').at(-1) ?? '';

/**
 * A sweep whose trials reach clearly different accuracies in well under a second each: lr from
 * 0.0005 (a one-class model, 53.4%) to 0.1, momentum 0.9, 40 epochs, hidden [20, 10].
 */
export function writeGradedSweep(dir: string, name: string, extra = '', lrs = [0.0005, 0.003, 0.01, 0.03, 0.1]): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, `name: ${name}\nprotocol:\n  epochs: 40\n  hidden: [20, 10]\n  momentum: 0.9\ngrid:\n  lr: [${lrs.join(', ')}]\n${extra}`);
  return file;
}
