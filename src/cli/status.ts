import { basename } from 'node:path';
import type { Command } from 'commander';
import { chooseDb } from '../store/store.js';
import { newTable } from '../report/render.js';
import { DB_HELP, FORMATS, choiceOption, withStore } from './options.js';
import { formatDuration } from './progress.js';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('each sweep with done, running, pending and failed trials, speed and ETA')
    .option('--db <path>', DB_HELP)
    .option('--format <fmt>', 'table|json', 'table')
    .action((flags: { db?: string; format: string }) => {
      const format = choiceOption('--format', FORMATS, flags.format);
      const db = chooseDb(flags.db);
      withStore(db, (store) => {
        const rows = store.sweepCounts().map((c) => {
          const fitsTotal = c.trials * c.folds * c.repeats;
          const rate = c.run_seconds > 0 ? c.run_fits / c.run_seconds : null;
          const remaining = fitsTotal - c.fits_done;
          return {
            sweep: c.name,
            trials: c.trials,
            done: c.done ?? 0,
            running: c.running ?? 0,
            pending: c.pending ?? 0,
            failed: c.failed ?? 0,
            foldFits: c.fits_done,
            foldFitsTotal: fitsTotal,
            fitsPerSecond: rate,
            elapsedSeconds: c.run_seconds,
            etaSeconds: remaining === 0 ? 0 : rate ? remaining / rate : null,
            best: store.bestMean(c.name),
            data: c.data,
            dataSha256: c.data_sha256,
          };
        });
        if (format === 'json') {
          process.stdout.write(`${JSON.stringify(rows)}\n`);
          return;
        }
        if (rows.length === 0) {
          process.stdout.write(`no sweeps in ${db}\n`);
          return;
        }
        const table = newTable(['sweep', 'trials', 'done', 'running', 'pending', 'failed', 'fold fits', 'fits/s', 'elapsed', 'ETA', 'best %', 'data (sha256)']);
        for (const r of rows) {
          table.push([
            r.sweep,
            r.trials,
            r.done,
            r.running,
            r.pending,
            r.failed,
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
    });
}
