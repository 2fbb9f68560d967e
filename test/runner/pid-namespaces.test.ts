import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { test, type TestContext } from 'node:test';
import { CLI } from '../helpers.js';
import { query, sweepDir, waitFor, writeSweep } from './runner-fixture.js';

/**
 * Two runners with one hostname in two PID namespaces (containers with a shared hostname or
 * `--network host`): each one's pid means nothing in the other's namespace. `unshare` needs root;
 * under CI this test must run, so a missing privilege fails it there.
 */
function namespacesUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'not root';
  const r = spawnSync('unshare', ['--pid', '--fork', '--mount-proc', 'true'], { encoding: 'utf8' });
  return r.status === 0 ? null : `unshare --pid failed: ${(r.stderr || String(r.error)).trim()}`;
}

function skipped(t: TestContext): boolean {
  const why = namespacesUnavailable();
  if (why === null) return false;
  if (process.env.CI) throw new Error(`this test needs PID namespaces (run as root with unshare): ${why}`);
  t.skip(why);
  return true;
}

interface NsRun {
  /** The `unshare` process: SIGKILL to it kills the namespace's init, and with it every process inside. */
  kill: () => void;
  output: () => string;
  done: Promise<{ code: number | null; stderr: string }>;
}

/**
 * `dropsweep run` in a fresh PID namespace (same hostname, same files). `padding` short-lived
 * processes start first, so the runner's pid differs between the namespaces: pid 2 in one, 4 in
 * the other. Each then looks absent (ESRCH) from the other namespace.
 */
function runInNamespace(args: string[], padding: number): NsRun {
  const script = `${'/bin/true; '.repeat(padding)}"$0" "$@"; exit $?`;
  const child = spawn('unshare', ['--pid', '--fork', '--mount-proc', '--kill-child', 'sh', '-c', script, process.execPath, CLI, 'run', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  return {
    kill: () => child.kill('SIGKILL'),
    output: () => stderr,
    done: new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr }))),
  };
}

/** A count, or 0 while the runner has not made the database yet. */
function countOf(db: string, sql: string): number {
  try {
    return query<{ n: number }>(db, sql)[0].n;
  } catch {
    return 0;
  }
}

const ownerParts = (owner: string) => /^(.*):(\d+):[0-9a-f]+:(pidns=\d+):boot=[0-9a-f-]{36}$/.exec(owner);

test('two runners with one hostname in two PID namespaces share a sweep without taking each other\'s leases', async (t) => {
  if (skipped(t)) return;
  const { dir, db } = sweepDir();
  const file = writeSweep(dir, 'shared', 16, 150, '', '[60, 30]');
  const flags = [file, '--db', db, '--workers', '1', '--pack', '5', '--quiet'];
  const a = runInNamespace(flags, 0);
  t.after(a.kill);
  await waitFor(() => countOf(db, "SELECT count(*) AS n FROM trials WHERE state = 'running'") > 0, 60_000, 'the first runner to hold a lease');
  const b = runInNamespace(flags, 2);
  t.after(b.kill);
  const [ra, rb] = await Promise.all([a.done, b.done]);
  assert.equal(ra.code, 0, ra.stderr);
  assert.equal(rb.code, 0, rb.stderr);
  assert.doesNotMatch(ra.stderr + rb.stderr, /lost the lease/);

  const runs = query<{ owner: string; fits_done: number; fits_fenced: number }>(db, 'SELECT owner, fits_done, fits_fenced FROM runs ORDER BY id');
  assert.equal(runs.length, 2);
  const [pa, pb] = runs.map((r) => ownerParts(r.owner));
  assert.ok(pa && pb, `owners carry host:pid and their PID namespace: ${runs.map((r) => r.owner).join(', ')}`);
  assert.equal(pa[1], pb[1], 'one hostname');
  assert.notEqual(pa[2], pb[2], 'different pids, each absent from the other namespace');
  assert.notEqual(pa[3], pb[3], 'two PID namespaces');
  assert.ok(runs.every((r) => r.fits_done > 0), `both runners worked on the sweep: ${JSON.stringify(runs)}`);
  assert.equal(runs[0].fits_fenced + runs[1].fits_fenced, 0, 'no fit was computed by one runner and refused');
  assert.equal(runs[0].fits_done + runs[1].fits_done, 160, 'every fold fit was computed once');
  const folds = query<{ n: number; distinct_folds: number }>(db, "SELECT count(*) AS n, count(DISTINCT trial_id || '/' || fold) AS distinct_folds FROM fold_results")[0];
  assert.deepEqual(folds, { n: 160, distinct_folds: 160 });
});

test('a runner SIGKILLed in another PID namespace loses its trials when its lease expires, not before', async (t) => {
  if (skipped(t)) return;
  const { dir, db } = sweepDir();
  const lease = 4;
  const file = writeSweep(dir, 'takeover', 4, 200, '', '[60, 30]');
  const flags = [file, '--db', db, '--workers', '1', '--pack', '5', '--lease-seconds', String(lease), '--quiet'];
  const a = runInNamespace(flags, 0);
  t.after(a.kill);
  const held = () => query<{ id: number; lease_owner: string; heartbeat_at: number }>(db, "SELECT id, lease_owner, heartbeat_at FROM trials WHERE state = 'running'");
  await waitFor(() => countOf(db, 'SELECT count(*) AS n FROM fold_results') > 0 && held().length > 0, 60_000, 'the first runner to store a fit and hold a lease');
  a.kill();
  await a.done;
  const orphans = held();
  assert.ok(orphans.length > 0, 'the killed runner left leases behind');
  const owner = orphans[0].lease_owner;
  // The lease runs out on the store's clock: the last heartbeat plus the lease.
  const expires = Math.max(...orphans.map((o) => o.heartbeat_at)) + lease;

  const b = runInNamespace(flags, 2);
  t.after(b.kill);
  const ownerOf = (id: number) => query<{ lease_owner: string | null; state: string }>(db, 'SELECT lease_owner, state FROM trials WHERE id = ?', id)[0];
  // Until the lease has expired (less a margin for the clock's reading here), the dead runner's
  // trials stay its own, however often the second runner claims.
  while (Date.now() / 1000 < expires - 0.5) {
    for (const { id } of orphans) {
      const now = ownerOf(id);
      assert.ok(now.state === 'running' && now.lease_owner === owner, `trial ${id} was taken over ${(expires - Date.now() / 1000).toFixed(1)} s before its lease expired: ${JSON.stringify(now)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await waitFor(() => orphans.every(({ id }) => ownerOf(id).lease_owner !== owner), 60_000, 'the second runner to take the expired leases over');
  const rb = await b.done;
  assert.equal(rb.code, 0, rb.stderr);
  const folds = query<{ n: number; distinct_folds: number }>(db, "SELECT count(*) AS n, count(DISTINCT trial_id || '/' || fold) AS distinct_folds FROM fold_results")[0];
  assert.deepEqual(folds, { n: 40, distinct_folds: 40 }, 'the sweep finished, each fold stored once');
});
