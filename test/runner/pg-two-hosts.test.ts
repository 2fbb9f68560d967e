import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { CLI } from '../helpers.js';
import { startPg, type PgServer } from '../store/pg-fixture.js';
import { countStored, startRun, sweepDir, waitFor, writeSweep } from './runner-fixture.js';
import { assertWorkAddsUp } from './work-counts.js';

/**
 * Two hosts: runner B lives in a network namespace of its own, joined to the root namespace by a
 * veth pair (10.203.0.1 here, 10.203.0.2 there); PostgreSQL listens on the root end. Only these
 * addresses and links are made, and they are removed afterwards.
 */
const ns = `dsw${process.pid}`;
const hostEnd = `dswh${process.pid % 100000}`;
const nsEnd = `dswn${process.pid % 100000}`;
const HOST_IP = '10.203.0.1';

function ip(...args: string[]): { ok: boolean; err: string } {
  const r = spawnSync('ip', args, { encoding: 'utf8', timeout: 10_000 });
  return { ok: r.status === 0, err: (r.stderr || r.error?.message || '').trim() };
}

function teardown(): void {
  ip('link', 'del', hostEnd);
  ip('netns', 'del', ns);
}

/** Why namespaces cannot be made here, or null once they are. */
function setUp(): string | null {
  const made = ip('netns', 'add', ns);
  if (!made.ok) return `cannot create a network namespace (ip netns add: ${made.err})`;
  process.on('exit', teardown);
  for (const step of [
    ['link', 'add', hostEnd, 'type', 'veth', 'peer', 'name', nsEnd],
    ['link', 'set', nsEnd, 'netns', ns],
    ['addr', 'add', `${HOST_IP}/24`, 'dev', hostEnd],
    ['link', 'set', hostEnd, 'up'],
    ['netns', 'exec', ns, 'ip', 'addr', 'add', '10.203.0.2/24', 'dev', nsEnd],
    ['netns', 'exec', ns, 'ip', 'link', 'set', nsEnd, 'up'],
    ['netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up'],
  ]) {
    const r = ip(...step);
    if (!r.ok) throw new Error(`ip ${step.join(' ')}: ${r.err}`);
  }
  return null;
}

let why: string | null = 'not set up';
let server: PgServer | string = 'not started';
let db = '';
before(async () => {
  why = setUp();
  if (why) return;
  server = await startPg({ listen: [HOST_IP] });
  if (typeof server !== 'string') db = `${await server.database('hosts')}?schema=hosts`;
});
after(teardown);

const count = () => countStored(db);

test('two hosts: one host cut off mid-sweep loses its trials after the lease; when its link returns its late writes are fenced', async (t) => {
  // In CI (root, PostgreSQL installed) every prerequisite is there: missing, the test fails.
  const missing = why ?? (typeof server === 'string' ? `no PostgreSQL: ${server}` : !server.owned ? 'DROPSWEEP_TEST_PG_URL is set: the server must listen on the namespace link' : null);
  if (missing) {
    if (process.env.CI) assert.fail(missing);
    return t.skip(missing);
  }
  const { dir } = sweepDir();
  const file = writeSweep(dir, 'hosts', 12, 300, '', '[60, 30]');
  const remote = new URL(db);
  remote.hostname = HOST_IP;
  const lease = ['--lease-seconds', '3'];
  // Host B: the same CLI, inside the namespace, reaching the server over the veth link.
  const b = spawn('ip', ['netns', 'exec', ns, process.execPath, CLI, 'run', file, '--db', remote.toString(), '--workers', '1', '--pack', '2', ...lease], { stdio: ['ignore', 'pipe', 'pipe'] });
  let bErr = '';
  b.stderr!.on('data', (d) => (bErr += d));
  const bDone = new Promise<number | null>((resolve) => b.on('exit', (code) => resolve(code)));
  await waitFor(async () => (await count()) >= 4 || (b.exitCode !== null && assert.fail(`host B exited (${b.exitCode}): ${bErr}`)), 60_000, '4 fits stored by host B');
  assert.ok(ip('link', 'set', hostEnd, 'down').ok, 'cut the link');
  const cutAt = Date.now();
  const a = await startRun([file, '--db', db, '--workers', '2', '--pack', '4', ...lease]).done;
  assert.equal(a.code, 0, a.stderr);
  assert.equal(await count(), 120, 'host A took the cut-off trials over after their lease and finished the sweep');
  assert.ok(Date.now() - cutAt >= 3_000, 'not before the lease ran out');
  assert.ok(ip('link', 'set', hostEnd, 'up').ok, 'restore the link');
  const code = await bDone;
  assert.equal(code, 0, bErr);
  // A short cut only stalls B's connection (TCP retransmits once the link is back); a long one
  // fails its statements, and B reconnects: either way its late results meet the fence.
  assert.match(bErr, /lost the lease on trial [0-9a-f]{16}/);
  assert.equal(await count(), 120, 'nothing stored twice');
  // Cut off, B cannot learn of the takeover: what it trained for a lost trial until its leases
  // lapsed (a lease time without a heartbeat) is refused, never more than the trial's 10 fits.
  const runs = await assertWorkAddsUp(db, { fits: 120, packSize: 4, runs: [{ stderr: bErr, fencedPerLostLease: 10 }, { stderr: a.stderr }] });
  assert.ok(runs[0].fits_fenced > 0, `host B's late results were refused: ${JSON.stringify(runs)}`);
});
