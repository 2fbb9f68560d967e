import type { Command } from 'commander';
import { DEFAULT_DB, Store } from '../store/store.js';
import { newTable } from '../report/render.js';
import { FORMATS, choiceOption } from './options.js';
import { formatDuration } from './progress.js';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('each sweep with done, running, pending and failed trials, speed and ETA')
    .option('--db <path>', 'database file', DEFAULT_DB)
    .option('--format <fmt>', 'table|json', 'table')
    .action((flags: { db: string; format: string }) => {
      const format = choiceOption('--format', FORMATS, flags.format);
      const store = Store.open(flags.db, { readonly: true });
      try {
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
          };
        });
        if (format === 'json') {
          process.stdout.write(`${JSON.stringify(rows)}\n`);
          return;
        }
        if (rows.length === 0) {
          process.stdout.write(`no sweeps in ${flags.db}\n`);
          return;
        }
        const table = newTable(['sweep', 'trials', 'done', 'running', 'pending', 'failed', 'fold fits', 'fits/s', 'elapsed', 'ETA', 'best %']);
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
          ]);
        }
        process.stdout.write(`${table.toString()}\n`);
      } finally {
        store.close();
      }
    });
}
