import type { Command } from 'commander';
import { openResults, type FoldRow, type Results } from '../api/results.js';
import type { EffectRow } from '../report/effects.js';
import { LISTING_FORMATS, fixed, formatP, renderListing, round, type Column } from '../report/formats.js';
import { DB_HELP, FORMATS, choiceOption } from './options.js';

const foldColumns: Column<FoldRow>[] = [
  { key: 'fold', header: 'fold', value: (r) => r.fold },
  { key: 'repeat', header: 'repeat', value: (r) => r.repeat },
  { key: 'accuracy', header: 'accuracy %', value: (r) => r.accuracy, text: (r) => fixed(2)(r.accuracy === null ? null : r.accuracy * 100) },
  { key: 'loss', header: 'held-out loss', value: (r) => r.loss, text: (r) => fixed(4)(r.loss) },
  { key: 'trainLoss', header: 'train loss', value: (r) => r.trainLoss, text: (r) => fixed(4)(r.trainLoss) },
  { key: 'epochsRun', header: 'epochs', value: (r) => r.epochsRun },
  { key: 'diverged', header: 'diverged', value: (r) => r.diverged, text: (r) => (r.diverged ? 'yes' : 'no') },
  { key: 'seconds', header: 'seconds', value: (r) => r.seconds, text: (r) => fixed(2)(r.seconds) },
  { key: 'engine', header: 'engine', value: (r) => r.engine },
  { key: 'backend', header: 'backend', value: (r) => r.backend },
  { key: 'seed', header: 'seed', value: (r) => r.seed },
];

/** Runs one read command over the results database and always closes it. */
async function reading(db: string | undefined, body: (results: Results) => Promise<void>): Promise<void> {
  const results = await openResults(db);
  try {
    await body(results);
  } finally {
    await results.close();
  }
}

const pct = (v: number | null) => fixed(2)(v === null ? null : v * 100);

export function registerInspect(program: Command): void {
  program
    .command('show')
    .description('one trial: its configuration, every fold and its timings')
    .argument('<trial>', 'trial key, a unique prefix of it, or SWEEP/KEY')
    .option('--db <path>', DB_HELP)
    .option('--sweep <name>', 'look only in this sweep')
    .option('--format <fmt>', 'table|json', 'table')
    .action(async (ref: string, flags: { db?: string; sweep?: string; format: string }) => {
      const format = choiceOption('--format', FORMATS, flags.format);
      await reading(flags.db, async (results) => {
        const t = await results.trial(ref, { sweep: flags.sweep });
        if (format === 'json') {
          process.stdout.write(`${JSON.stringify(t)}\n`);
          return;
        }
        const c = t.config;
        process.stdout.write(
          `trial ${t.trialKey}${t.name ? ` (${t.name})` : ''} in sweep ${t.sweep}: ${t.state}, ${t.attempts} failed attempt(s)\n` +
            `  placement ${c.placement}, dropout ${c.dropout}, max-norm ${c.maxNorm ?? 'none'}, lr ${c.lr}, momentum ${c.momentum}, ` +
            `epochs ${c.epochs}, batch ${c.batchSize}, hidden ${c.hidden.join('-')}\n` +
            `  started ${t.startedAt ?? '-'}, finished ${t.finishedAt ?? '-'}, training ${t.trainingSeconds.toFixed(1)} s\n` +
            `  data ${t.data} (sha256 ${t.dataSha256 ?? 'not recorded'}), split seed ${t.seed}, ${t.foldsPlanned} fold fits planned\n` +
            (t.error ? `  last error: ${t.error}\n` : '') +
            `${renderListing(t.folds, foldColumns, 'table')}\n` +
            `accuracy ${pct(t.meanAccuracy)}% (${pct(t.stdAccuracy)}%) over ${t.folds.filter((f) => f.accuracy !== null).length} scored of ${t.foldsPlanned} folds\n`,
        );
      });
    });

  program
    .command('compare')
    .description('two trials fold by fold: paired differences and the corrected resampled t-test')
    .argument('<a>', 'trial key, prefix or SWEEP/KEY')
    .argument('<b>', 'trial key, prefix or SWEEP/KEY (another sweep works when data, seed and folds are the same)')
    .option('--db <path>', DB_HELP)
    .option('--sweep <name>', 'look only in this sweep')
    .option('--format <fmt>', 'table|json', 'table')
    .action(async (a: string, b: string, flags: { db?: string; sweep?: string; format: string }) => {
      const format = choiceOption('--format', FORMATS, flags.format);
      await reading(flags.db, async (results) => {
        const out = await results.compare(a, b, { sweep: flags.sweep });
        if (format === 'json') {
          process.stdout.write(`${JSON.stringify(out)}\n`);
          return;
        }
        const columns: Column<(typeof out.pairs)[number]>[] = [
          { key: 'fold', header: 'fold', value: (p) => p.fold },
          { key: 'repeat', header: 'repeat', value: (p) => p.repeat },
          { key: 'a', header: `${out.aName ?? out.a.slice(0, 10)} %`, value: (p) => p.a, text: (p) => (p.a * 100).toFixed(2) },
          { key: 'b', header: `${out.bName ?? out.b.slice(0, 10)} %`, value: (p) => p.b, text: (p) => (p.b * 100).toFixed(2) },
          { key: 'difference', header: 'a - b', value: (p) => p.difference, text: (p) => (p.difference * 100).toFixed(2) },
        ];
        process.stdout.write(
          `${renderListing(out.pairs, columns, 'table')}\n` +
            `mean difference ${pct(out.meanDifference)} points over ${out.pairs.length} paired folds; ` +
            `corrected resampled t = ${fixed(3)(out.t)}, df = ${out.df}, p = ${formatP(out.p)}\n`,
        );
      });
    });

  program
    .command('effects')
    .description('mean accuracy per value of each swept dimension, and dropout rate by placement')
    .option('--db <path>', DB_HELP)
    .option('--sweep <name>', 'sweep name (default: the most recent)')
    .option('--format <fmt>', LISTING_FORMATS.join('|'), 'table')
    .action(async (flags: { db?: string; sweep?: string; format: string }) => {
      const format = choiceOption('--format', LISTING_FORMATS, flags.format);
      await reading(flags.db, async (results) => {
        const all = await results.effects(flags.sweep);
        const { sweep, binning, effects, pivot } = all;
        if (format === 'json') {
          process.stdout.write(`${JSON.stringify(all)}\n`);
          return;
        }
        const columns: Column<EffectRow>[] = [
          { key: 'dimension', header: 'dimension', value: (r) => r.dimension },
          { key: 'value', header: 'value', value: (r) => r.value, text: (r) => (r.value === null ? 'none' : String(r.value)) },
          { key: 'mean', header: 'mean accuracy %', value: (r) => round(r.mean, 4), text: (r) => r.mean.toFixed(2) },
          { key: 'best', header: 'best trial %', value: (r) => round(r.best, 4), text: (r) => r.best.toFixed(2) },
          { key: 'bestTrial', header: 'best trial', value: (r) => r.bestTrial, text: (r) => r.bestTrial.slice(0, 10) },
          { key: 'trials', header: 'trials', value: (r) => r.trials },
        ];
        process.stdout.write(`${renderListing(effects, columns, format)}\n`);
        if (format === 'csv') return;
        // A blank line first: markdown would read a line right under a table as one more row.
        if (binning) process.stdout.write(`\nbinned (drawn from ranges, one row per drawn value would be noise): ${binning}\n`);
        type PivotRow = { rate: number | string; cells: (number | null)[] };
        const pivotRows: PivotRow[] = pivot.rows.map((rate, i) => ({ rate, cells: pivot.cells[i] }));
        const pivotColumns: Column<PivotRow>[] = [
          { key: 'dropout', header: 'dropout \\ placement', value: (r) => r.rate },
          ...pivot.columns.map((p, j) => ({ key: p, header: p, value: (r: PivotRow) => r.cells[j], text: (r: PivotRow) => fixed(2)(r.cells[j]) })),
        ];
        process.stdout.write(`\nmean accuracy % by dropout rate and placement (complete trials of ${sweep})\n${renderListing(pivotRows, pivotColumns, format)}\n`);
      });
    });

  program
    .command('query')
    .description('read-only SQL on the database, in a read-only transaction on PostgreSQL (see README for the schema)')
    .argument('<sql>', 'a SELECT (or WITH / PRAGMA) statement')
    .option('--db <path>', DB_HELP)
    .option('--format <fmt>', LISTING_FORMATS.join('|'), 'table')
    .action(async (text: string, flags: { db?: string; format: string }) => {
      const format = choiceOption('--format', LISTING_FORMATS, flags.format);
      await reading(flags.db, async (results) => {
        const { columns, rows } = await results.query(text);
        const cols: Column<Record<string, unknown>>[] = columns.map((name) => ({
          key: name,
          header: name,
          value: (r) => {
            const v = r[name];
            return v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : typeof v === 'bigint' ? Number(v) : String(v);
          },
        }));
        process.stdout.write(`${renderListing(rows, cols, format)}\n`);
      });
    });

  program
    .command('export')
    .description('every fold result of a sweep with its configuration')
    .option('--db <path>', DB_HELP)
    .option('--sweep <name>', 'sweep name (default: the most recent)')
    .option('--format <fmt>', 'csv|json', 'csv')
    .action(async (flags: { db?: string; sweep?: string; format: string }) => {
      const format = choiceOption('--format', ['csv', 'json'] as const, flags.format);
      await reading(flags.db, async (results) => {
        const rows = await results.exportRows(flags.sweep);
        const keys = rows.length ? Object.keys(rows[0]) : [];
        const cols: Column<Record<string, unknown>>[] = keys.map((k) => ({ key: k, header: k, value: (r) => r[k] as string | number | null }));
        process.stdout.write(`${rows.length || format === 'json' ? renderListing(rows, cols, format) : ''}\n`);
      });
    });
}
