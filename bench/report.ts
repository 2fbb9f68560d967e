import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import seedrandom from 'seedrandom';
import { openResults } from '../src/api/results.js';
import { leaderboardColumns } from '../src/report/leaderboard-columns.js';
import { renderListing } from '../src/report/formats.js';
import { openStore } from '../src/store/store.js';
import { parseSweepText } from '../src/sweep/parse.js';
import { planSweep } from '../src/sweep/planner.js';
import { row, scratchDir, timeRuns } from './common.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

/**
 * The leaderboard of a 10,000-trial x 10-fold sweep: one query, statistics, a rendered table;
 * the table alone at three sizes; and the whole `dropsweep leaderboard` command, start-up included.
 */
export async function benchReport(opts: { runs: number }): Promise<void> {
  process.stdout.write('leaderboard\n');
  const path = join(scratchDir(), 'lb.sqlite');
  const store = await openStore(path);
  const list = (n: number, f: (i: number) => number) => `[${Array.from({ length: n }, (_, i) => f(i)).join(', ')}]`;
  const spec = parseSweepText(`name: big\ngrid:\n  dropout: ${list(34, (i) => 0.01 * (i + 1))}\n  placement: [visible, hidden, both]\n  maxNorm: ${list(10, (i) => i + 1)}\n  lrMultiplier: ${list(10, (i) => i + 1)}\n`, 'big', ['tfjs']);
  const trials = planSweep(spec).trials.slice(0, 10_000);
  const sweep = await store.sweeps.create({ name: 'big', spec: '{}', spec_hash: 'h', source_file: null, data: 'sonar', seed: 7, folds: 10, repeats: 1, engine: 'tfjs' }, trials);
  const random = seedrandom.alea('bench');
  const claimed = await store.leases.claim({ sweepId: sweep.id, owner: 'bench', limit: trials.length, leaseSeconds: 60, isDead: () => false, fitsPerTrial: 10 });
  for (let i = 0; i < claimed.length; i += 50) {
    const fits = claimed.slice(i, i + 50).flatMap((t) =>
      Array.from({ length: 10 }, (_, fold) => ({
        trialId: t.id,
        token: t.token,
        fold,
        repeat: 0,
        seed: 's',
        result: { accuracy: Math.round((0.7 + 0.2 * random()) * 21) / 21, loss: 0.4, trainLoss: 0.01, epochsRun: 300, diverged: false, seconds: 1 },
      })),
    );
    await store.leases.storePack({ fits, backend: 'wasm', engine: 'tfjs', fitsPerTrial: 10, owner: 'bench' });
  }
  await store.close();
  const seconds = await timeRuns(opts.runs, async () => {
    const results = await openResults(path);
    const { board } = await results.board({ sweep: 'big' });
    // All rows, as `dropsweep leaderboard` prints them without --top.
    renderListing(board.rows, leaderboardColumns(board), 'table');
    await results.close();
  });
  row(`leaderboard of ${claimed.length} trials x 10 folds (query + statistics + table)`, `${seconds.toFixed(3)} s`);

  const results = await openResults(path);
  const { board } = await results.board({ sweep: 'big' });
  await results.close();
  const columns = leaderboardColumns(board);
  for (const n of [30, 1_000, 10_000]) {
    const rows = board.rows.slice(0, n);
    const cost = await timeRuns(opts.runs, () => renderListing(rows, columns, 'table'));
    row(`table of ${rows.length} leaderboard rows (render only)`, `${(cost * 1000).toFixed(1)} ms`);
  }

  const cli = await timeRuns(opts.runs, () => {
    // Piped, as when redirected to a file: no TTY, so no ANSI codes either.
    const r = spawnSync(process.execPath, [CLI, 'leaderboard', '--db', path], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`dropsweep leaderboard failed: ${r.stderr}`);
  });
  row(`dropsweep leaderboard, ${claimed.length} rows, whole CLI, piped`, `${cli.toFixed(3)} s`);
}
