// `npm run mutate [-- --stryker | --store | --sql]` (--store: the store protocol's Stryker run alone): Stryker over the pure modules (stryker.config.json) and
// the store protocol (stryker.store.json), then the SQL mutants of the protocol's statements
// (scripts/mutate-sql.js).
// The store's mutants are tried on SQLite, and those SQLite does not kill on PostgreSQL too
// (scripts/mutation-runner.js): this starts one throwaway PostgreSQL cluster for the whole run, with
// the test fixture, and names it in DROPSWEEP_TEST_PG_URL. Without PostgreSQL it says so and the
// store is mutated through SQLite alone.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

// Interrupted, still stop the cluster (the fixture stops it at exit).
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));
const step = (cmd, args, env = process.env) => spawnSync(cmd, args, { stdio: 'inherit', env }).status ?? 1;

if (step(process.execPath, [resolve('node_modules/typescript/bin/tsc'), '-p', 'tsconfig.mutate.json']) !== 0) process.exit(1);
// The store tests' databases on a tmpfs when there is one: synchronous = FULL costs an fsync per
// commit, most of a SQLite pass on a disk, and a mutant does not need durability.
const env = { ...process.env, ...(existsSync('/dev/shm') ? { TMPDIR: '/dev/shm' } : {}) };
if (!env.DROPSWEEP_TEST_PG_URL) {
  const { startPg } = await import(pathToFileURL(resolve('dist/test/store/pg-fixture.js')).href);
  const server = await startPg().catch((err) => String(err.message ?? err));
  if (typeof server === 'string') console.error(`mutate: no PostgreSQL (${server}); the store's mutants run on SQLite only`);
  else env.DROPSWEEP_TEST_PG_URL = server.url('postgres');
}
// The static mutants the watchdog of scripts/mutation-tests.js stopped (counted killed by Stryker), one line each.
mkdirSync('reports/mutation', { recursive: true });
env.DROPSWEEP_MUTATION_LOG = resolve('reports/mutation/timed-out.log');
writeFileSync(env.DROPSWEEP_MUTATION_LOG, '');
const started = Date.now();
const only = process.argv[2];
let status = 0;
/** CPU seconds of the finished child processes and theirs (Linux: cutime + cstime in /proc/self/stat), or NaN. */
const childCpu = () => {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return NaN;
  }
};
/** Runs one stage and says how long it took: wall time, the CPU time of its processes, the load. */
const timed = (name, run) => {
  const [wall, cpu] = [Date.now(), childCpu()];
  const code = run();
  const load = loadavg().map((l) => l.toFixed(1)).join(' ');
  console.error(`mutate: ${name}: ${((Date.now() - wall) / 60_000).toFixed(1)} min, ${((childCpu() - cpu) / 60).toFixed(1)} CPU min, load ${load}`);
  return code;
};
const stryker = (config) => timed(config, () => step(process.execPath, [resolve('node_modules/@stryker-mutator/core/bin/stryker.js'), 'run', config], env));
// Two runs: a store mutant costs a store suite, and the store's longer dry run would set the
// timeout of every pure module's mutant (1.5 x the dry run + 5 s) were they in one.
if (only === '--store') status = stryker('stryker.store.json');
else if (only !== '--sql') status = stryker('stryker.config.json') || stryker('stryker.store.json');
// Then the SQL of the protocol's statements, which Stryker sees as whole strings.
if (status === 0 && only !== '--stryker' && only !== '--store') status = timed('SQL mutants', () => step(process.execPath, [resolve('scripts/mutate-sql.js')], env));
console.error(`mutate: ${((Date.now() - started) / 60_000).toFixed(1)} min in all; ${readFileSync(env.DROPSWEEP_MUTATION_LOG, 'utf8').split('\n').filter(Boolean).length} mutant(s) stopped by the watchdog (reports/mutation/timed-out.log)`);
process.exit(status);
