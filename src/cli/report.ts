import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { buildLeaderboard } from '../report/leaderboard.js';
import { testTrainRatio } from '../report/statistics.js';
import { renderReport } from '../report/html.js';
import { chooseDb } from '../store/store.js';
import { DB_HELP, withStore } from './options.js';
import { dirname, join } from 'node:path';
import { pickSweep } from './select.js';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('one self-contained HTML file: leaderboard and charts (no network needed to view it)')
    .option('--out <file>', 'the HTML file to write (default: results/SWEEP.html)')
    .option('--db <path>', DB_HELP)
    .option('--sweep <name>', 'sweep name (default: the most recent)')
    .action((flags: { out?: string; db?: string; sweep?: string }) => {
      const db = chooseDb(flags.db);
      let out = flags.out;
      const html = withStore(db, (store) => {
        const sweep = pickSweep(store, flags.sweep, db);
        out ??= join('results', `${sweep.name}.html`);
        const trials = store.trialScores(sweep);
        const board = buildLeaderboard(trials, { foldsPlanned: sweep.folds * sweep.repeats, testTrainRatio: testTrainRatio(sweep.folds) });
        const foldAccuracies = new Map(
          trials.map((t) => [t.trialKey, [...t.folds.values()].filter((f) => f.accuracy !== null).map((f) => f.accuracy as number)]),
        );
        return renderReport({ sweep: sweep.name, created: sweep.created_at, rows: board.rows, foldAccuracies, foldsPlanned: sweep.folds * sweep.repeats });
      });
      try {
        mkdirSync(dirname(out!), { recursive: true });
        writeFileSync(out!, html);
      } catch (err) {
        throw new UserError(`${out}: cannot write (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
      process.stdout.write(`wrote ${out}\n`);
    });
}
