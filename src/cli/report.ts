import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { buildLeaderboard } from '../report/leaderboard.js';
import { renderReport } from '../report/html.js';
import { DEFAULT_DB, Store } from '../store/store.js';
import { pickSweep } from './select.js';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('one self-contained HTML file: leaderboard and charts (no network needed to view it)')
    .requiredOption('--out <file>', 'the HTML file to write')
    .option('--db <path>', 'database file', DEFAULT_DB)
    .option('--sweep <name>', 'sweep name (default: the most recent)')
    .action((flags: { out: string; db: string; sweep?: string }) => {
      const store = Store.open(flags.db, { readonly: true });
      let html: string;
      try {
        const sweep = pickSweep(store, flags.sweep, flags.db);
        const trials = store.trialScores(sweep);
        const board = buildLeaderboard(trials, { foldsPlanned: sweep.folds * sweep.repeats, testTrainRatio: 1 / (sweep.folds - 1) });
        const foldAccuracies = new Map(
          trials.map((t) => [t.trialKey, [...t.folds.values()].filter((f) => f.accuracy !== null).map((f) => f.accuracy as number)]),
        );
        html = renderReport({ sweep: sweep.name, created: sweep.created_at, rows: board.rows, foldAccuracies, foldsPlanned: sweep.folds * sweep.repeats });
      } finally {
        store.close();
      }
      try {
        writeFileSync(flags.out, html);
      } catch (err) {
        throw new UserError(`${flags.out}: cannot write (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
      process.stderr.write(`wrote ${flags.out}\n`);
    });
}
