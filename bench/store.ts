import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openStore, type Store } from '../src/store/store.js';
import Database from 'better-sqlite3';
import { parseSweepText } from '../src/sweep/parse.js';
import { planSweep } from '../src/sweep/planner.js';
import { startPg } from '../test/store/pg-fixture.js';
import { median, row, scratchDir } from './common.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const never = () => false;
const result = { accuracy: 0.85, loss: 0.4, trainLoss: 0.01, epochsRun: 300, diverged: false, seconds: 1 };
const sweepRow = (name: string) => ({ name, spec: '{}', spec_hash: 'h', source_file: null, data: 'sonar', seed: 7, folds: 10, repeats: 1, engine: 'fused' });
const lrGrid = (n: number) => planSweep(parseSweepText(`name: s\ngrid:\n  lr: [${Array.from({ length: n }, (_, i) => 0.0001 * (i + 1)).join(', ')}]\n`, 's', ['fused'])).trials;

function grid100k() {
  const list = (n: number, f: (i: number) => number) => `[${Array.from({ length: n }, (_, i) => f(i)).join(', ')}]`;
  const text = `name: big\ngrid:\n  dropout: ${list(50, (i) => (i + 1) / 100)}\n  placement: [visible, hidden]\n  maxNorm: ${list(10, (i) => i + 1)}\n  lrMultiplier: ${list(10, (i) => i + 1)}\n  momentum: ${list(10, (i) => i / 10)}\n`;
  return planSweep(parseSweepText(text, 'big', ['fused'])).trials;
}

/** Marks the first `n` trials of a sweep done, as if runners had finished them (the claim then scans past them). */
async function finishFirst(store: Store, where: string, sweepId: number, n: number): Promise<void> {
  const text = `UPDATE trials SET state = 'done', lease_owner = NULL WHERE sweep_id = ${sweepId} AND id IN (SELECT id FROM trials WHERE sweep_id = ${sweepId} ORDER BY id LIMIT ${n})`;
  if (store.dialect === 'sqlite') {
    const db = new Database(where);
    db.exec(text);
    db.close();
  } else {
    const u = new URL(where);
    u.search = '';
    const c = new pg.Client({ connectionString: u.toString() });
    await c.connect();
    await c.query(text);
    await c.end();
  }
}

async function measure(label: string, where: string): Promise<void> {
  const store = await openStore(where);
  // One pack of 20 fits (2 trials x 10 folds), lease-checked, as a runner stores it.
  const sweep = await store.sweeps.create(sweepRow('packs'), lrGrid(200));
  const trials = await store.leases.claim({ sweepId: sweep.id, owner: 'bench', limit: 200, leaseSeconds: 60, isDead: never, fitsPerTrial: 10 });
  const packs: number[] = [];
  for (let p = 0; p < 100; p++) {
    const fits = Array.from({ length: 20 }, (_, i) => {
      const t = trials[p * 2 + Math.floor(i / 10)];
      return { trialId: t.id, token: t.token, fold: i % 10, repeat: 0, seed: 's', result };
    });
    const t0 = performance.now();
    await store.leases.storePack({ fits, backend: 'wasm-simd', engine: 'fused', fitsPerTrial: 10, owner: 'bench' });
    packs.push(performance.now() - t0);
  }
  row(`${label}: store one pack of 20 fits`, `${median(packs).toFixed(2)} ms median of 100`);

  const claims = await store.sweeps.create(sweepRow('claims'), lrGrid(1000));
  const one: number[] = [];
  const t1 = performance.now();
  for (let i = 0; i < 500; i++) {
    const t0 = performance.now();
    await store.leases.claim({ sweepId: claims.id, owner: 'bench', limit: 1, leaseSeconds: 60, isDead: never, fitsPerTrial: 10 });
    one.push(performance.now() - t0);
  }
  row(`${label}: claims, one trial each`, `${(500 / ((performance.now() - t1) / 1000)).toFixed(0)} claims/s (median ${median(one).toFixed(2)} ms)`);

  const big = grid100k();
  const t2 = performance.now();
  const bigSweep = await store.sweeps.create(sweepRow('big'), big);
  row(`${label}: write the plan of ${big.length.toLocaleString('en')} trials`, `${((performance.now() - t2) / 1000).toFixed(2)} s`);
  const latencies: string[] = [];
  for (const done of [0, 0.5, 0.9, 0.99]) {
    if (done > 0) await finishFirst(store, where, bigSweep.id, Math.round(done * big.length));
    const l: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t0 = performance.now();
      const got = await store.leases.claim({ sweepId: bigSweep.id, owner: `bench${done}`, limit: 4, leaseSeconds: 60, isDead: never, fitsPerTrial: 10 });
      l.push(performance.now() - t0);
      if (got.length === 0) break;
    }
    latencies.push(`${Math.round(done * 100)}% done: ${median(l).toFixed(2)} ms`);
  }
  row(`${label}: claim 4 trials of 100,000 as the sweep completes`, latencies.join(', '));
  await store.close();
}

function runCli(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    c.on('exit', (code) => (code === 0 ? resolve(0) : reject(new Error(`dropsweep ${args.join(' ')}: exit ${code}`))));
  });
}

/** `npm run bench -- --only store`: the PostgreSQL store against SQLite, and runners over the network. */
export async function benchStore(opts: { runs: number }): Promise<void> {
  process.stdout.write("store: SQLite (synchronous = FULL) against PostgreSQL 15 (the test fixture's local cluster: loopback, fsync off)\n");
  const server = await startPg();
  if (typeof server === 'string') {
    process.stdout.write(`  skipped: ${server}\n`);
    return;
  }
  await measure('SQLite', join(scratchDir(), 'bench.sqlite'));
  await measure('PostgreSQL', await server.database('bench'));

  const dir = scratchDir();
  const file = join(dir, 'tp.yaml');
  writeFileSync(file, `name: tp\ngrid:\n  lr: [${Array.from({ length: 20 }, (_, i) => 0.001 * (i + 1)).join(', ')}]\n`);
  for (const [runners, workers] of [
    [1, 2],
    [2, 1],
  ]) {
    const rates: number[] = [];
    for (let i = 0; i < opts.runs; i++) {
      const db = await server.database(`tp${runners}x${workers}r${i}`);
      const t0 = performance.now();
      await Promise.all(Array.from({ length: runners }, () => runCli(['run', file, '--db', db, '--workers', String(workers), '--quiet'])));
      rates.push(200 / ((performance.now() - t0) / 1000));
    }
    row(`PostgreSQL: 20 trials x 10 folds, ${runners} runner(s) x ${workers} worker(s)`, `${median(rates).toFixed(2)} fold fits/s (median of ${opts.runs}, wall incl. start-up)`);
  }
}
