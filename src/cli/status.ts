import type { Command } from 'commander';
import { basename } from 'node:path';
import { openResults } from '../api/results.js';
import { newTable } from '../report/render.js';
import { DB_HELP, FORMATS, choiceOption } from './options.js';
import { formatDuration } from './progress.js';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('each sweep with done, running, pending and failed trials, speed and ETA')
    .option('--db <path>', DB_HELP)
    .option('--format <fmt>', 'table|json', 'table')
    .action(async (flags: { db?: string; format: string }) => {
      const format = choiceOption('--format', FORMATS, flags.format);
      const results = await openResults(flags.db);
      let rows;
      try {
        rows = await results.status();
      } finally {
        await results.close();
      }
      if (format === 'json') {
        process.stdout.write(`${JSON.stringify(rows)}\n`);
        return;
      }
      if (rows.length === 0) {
        process.stdout.write(`no sweeps in ${results.db}\n`);
        return;
      }
      // The racing columns appear only when some sweep raced, so the plain table stays as it was.
      const raced = rows.some((r) => r.pruned > 0);
      const table = newTable(['sweep', 'trials', 'done', 'running', 'pending', 'failed', ...(raced ? ['pruned', 'fits saved'] : []), 'fold fits', 'fits/s', 'elapsed', 'ETA', 'best %', 'data (sha256)']);
      for (const r of rows) {
        table.push([
          r.sweep,
          r.trials,
          r.done,
          r.running,
          r.pending,
          r.failed,
          ...(raced ? [r.pruned, r.fitsSaved] : []),
          `${r.foldFits}/${r.foldFitsTotal}`,
          r.fitsPerSecond === null ? '-' : r.fitsPerSecond.toFixed(2),
          formatDuration(r.elapsedSeconds),
          r.etaSeconds === null ? '-' : formatDuration(r.etaSeconds),
          r.best === null ? '-' : (r.best * 100).toFixed(2),
          `${r.data === 'sonar' ? 'sonar' : basename(r.data)} (${r.dataSha256 ? r.dataSha256.slice(0, 12) : '-'})`,
        ]);
      }
      process.stdout.write(`${table.toString()}\n`);
    });
}
