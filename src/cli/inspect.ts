import type { Command } from 'commander';
import { chooseDb, type FoldResultRow } from '../store/store.js';
import { LISTING_FORMATS, fixed, formatP, renderListing, round, type Column } from '../report/formats.js';
import { dimensionEffects, dropoutPivot, type EffectRow } from '../report/effects.js';
import { correctedPairedTTest, mean, populationStd, testTrainRatio } from '../report/statistics.js';
import { UserError } from '../errors.js';
import { fitKey } from '../store/store.js';
import { DB_HELP, FORMATS, choiceOption, withStore } from './options.js';
import { loadLeaderboard } from './leaderboard.js';
import { pickSweep, pickTrial } from './select.js';

const iso = (t: number | null) => (t === null ? null : new Date(t * 1000).toISOString());

const foldColumns: Column<FoldResultRow>[] = [
  { key: 'fold', header: 'fold', value: (r) => r.fold },
  { key: 'repeat', header: 'repeat', value: (r) => r.repeat },
  { key: 'accuracy', header: 'accuracy %', value: (r) => r.accuracy, text: (r) => fixed(2)(r.accuracy === null ? null : r.accuracy * 100) },
  { key: 'loss', header: 'held-out loss', value: (r) => r.loss, text: (r) => fixed(4)(r.loss) },
  { key: 'trainLoss', header: 'train loss', value: (r) => r.train_loss, text: (r) => fixed(4)(r.train_loss) },
  { key: 'epochsRun', header: 'epochs', value: (r) => r.epochs_run },
  { key: 'diverged', header: 'diverged', value: (r) => r.diverged === 1, text: (r) => (r.diverged ? 'yes' : 'no') },
  { key: 'seconds', header: 'seconds', value: (r) => r.seconds, text: (r) => fixed(2)(r.seconds) },
  { key: 'engine', header: 'engine', value: (r) => r.engine },
  { key: 'backend', header: 'backend', value: (r) => r.backend },
  { key: 'seed', header: 'seed', value: (r) => r.seed },
];

export function registerInspect(program: Command): void {
  program
    .command('show')
    .description('one trial: its configuration, every fold and its timings')
    .argument('<trial>', 'trial key or a unique prefix of it')
    .option('--db <path>', DB_HELP)
    .option('--sweep <name>', 'look only in this sweep')
    .option('--format <fmt>', 'table|json', 'table')
    .action((prefix: string, flags: { db?: string; sweep?: string; format: string }) => {
      const format = choiceOption('--format', FORMATS, flags.format);
      withStore(chooseDb(flags.db), (store) => {
        const t = pickTrial(store, prefix, flags.sweep);
        const folds = store.foldResults(t.id);
        const scores = folds.filter((f) => f.accuracy !== null).map((f) => f.accuracy as number);
        const summary = {
          sweep: t.sweep,
          trialKey: t.trial_key,
          name: t.label,
          config: JSON.parse(t.config),
          state: t.state,
          attempts: t.attempts,
          error: t.error,
          startedAt: iso(t.started_at),
          finishedAt: iso(t.finished_at),
          foldsDone: folds.length,
          foldsPlanned: t.folds * t.repeats,
          meanAccuracy: scores.length ? mean(scores) : null,
          stdAccuracy: scores.length ? populationStd(scores) : null,
          trainingSeconds: folds.reduce((s, f) => s + f.seconds, 0),
          data: t.data,
          dataSha256: t.data_sha256,
          seed: t.sweep_seed,
        };
        if (format === 'json') {
          const fold = (r: FoldResultRow) => Object.fromEntries(foldColumns.map((c) => [c.key, c.value(r)]));
          process.stdout.write(`${JSON.stringify({ ...summary, folds: folds.map(fold) })}\n`);
          return;
        }
        const c = summary.config;
        process.stdout.write(
          `trial ${t.trial_key}${t.label ? ` (${t.label})` : ''} in sweep ${t.sweep}: ${t.state}, ${t.attempts} failed attempt(s)\n` +
            `  placement ${c.placement}, dropout ${c.dropout}, max-norm ${c.maxNorm ?? 'none'}, lr ${c.lr}, momentum ${c.momentum}, ` +
            `epochs ${c.epochs}, batch ${c.batchSize}, hidden ${c.hidden.join('-')}\n` +
            `  started ${summary.startedAt ?? '-'}, finished ${summary.finishedAt ?? '-'}, training ${summary.trainingSeconds.toFixed(1)} s\n` +
            `  data ${t.data} (sha256 ${t.data_sha256 ?? 'not recorded'}), split seed ${t.sweep_seed}, ${t.folds} folds x ${t.repeats} repeat(s)\n` +
            (t.error ? `  last error: ${t.error}\n` : '') +
            `${renderListing(folds, foldColumns, 'table')}\n` +
            `accuracy ${fixed(2)(summary.meanAccuracy === null ? null : summary.meanAccuracy * 100)}% (${fixed(2)(summary.stdAccuracy === null ? null : summary.stdAccuracy * 100)}%) over ${scores.length} scored of ${summary.foldsPlanned} folds\n`,
        );
      });
    });

  program
    .command('compare')
    .description('two trials fold by fold, with the corrected paired t-test')
    .argument('<a>', 'trial key or prefix')
    .argument('<b>', 'trial key or prefix')
    .option('--db <path>', DB_HELP)
    .option('--sweep <name>', 'look only in this sweep')
    .option('--format <fmt>', 'table|json', 'table')
    .action((a: string, b: string, flags: { db?: string; sweep?: string; format: string }) => {
      const format = choiceOption('--format', FORMATS, flags.format);
      withStore(chooseDb(flags.db), (store) => {
        const ta = pickTrial(store, a, flags.sweep);
        const tb = pickTrial(store, b, flags.sweep);
        if (ta.sweep_id !== tb.sweep_id) {
          // Two sweeps share their folds only when the split's inputs are the same: data, seed, folds.
          const sa = store.sweep(ta.sweep)!;
          const sb = store.sweep(tb.sweep)!;
          const differs = (['data_sha256', 'seed', 'folds'] as const).filter((k) => sa[k] === null || sa[k] !== sb[k]);
          if (differs.length) {
            throw new UserError(
              `trials ${ta.sweep}/${ta.trial_key} and ${tb.sweep}/${tb.trial_key} cannot be paired fold by fold: their sweeps differ in ${differs.map((k) => (k === 'data_sha256' ? 'data' : k)).join(', ')}, so their folds are not the same rows`,
            );
          }
        }
        const fb = new Map(store.foldResults(tb.id).map((r) => [fitKey(r.fold, r.repeat), r]));
        const pairs = store
          .foldResults(ta.id)
          .filter((r) => r.accuracy !== null && fb.get(fitKey(r.fold, r.repeat))?.accuracy != null)
          .map((r) => ({ fold: r.fold, repeat: r.repeat, a: r.accuracy as number, b: fb.get(fitKey(r.fold, r.repeat))!.accuracy as number }));
        const diffs = pairs.map((p) => p.a - p.b);
        const test = correctedPairedTTest(diffs, testTrainRatio(ta.folds), 1);
        const out = {
          a: ta.trial_key,
          b: tb.trial_key,
          pairs: pairs.map((p) => ({ ...p, difference: p.a - p.b })),
          meanDifference: diffs.length ? mean(diffs) : null,
          t: Number.isFinite(test.t) ? test.t : null,
          df: test.df,
          p: Number.isNaN(test.p) ? null : test.p,
        };
        if (format === 'json') {
          process.stdout.write(`${JSON.stringify(out)}\n`);
          return;
        }
        const columns: Column<(typeof out.pairs)[number]>[] = [
          { key: 'fold', header: 'fold', value: (p) => p.fold },
          { key: 'repeat', header: 'repeat', value: (p) => p.repeat },
          { key: 'a', header: `${ta.label ?? ta.trial_key.slice(0, 10)} %`, value: (p) => p.a, text: (p) => (p.a * 100).toFixed(2) },
          { key: 'b', header: `${tb.label ?? tb.trial_key.slice(0, 10)} %`, value: (p) => p.b, text: (p) => (p.b * 100).toFixed(2) },
          { key: 'difference', header: 'a - b', value: (p) => p.difference, text: (p) => (p.difference * 100).toFixed(2) },
        ];
        process.stdout.write(
          `${renderListing(out.pairs, columns, 'table')}\n` +
            `mean difference ${fixed(2)(out.meanDifference === null ? null : out.meanDifference * 100)} points over ${pairs.length} paired folds; ` +
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
    .action((flags: { db?: string; sweep?: string; format: string }) => {
      const format = choiceOption('--format', LISTING_FORMATS, flags.format);
      withStore(chooseDb(flags.db), (store) => {
        const sweep = pickSweep(store, flags.sweep, chooseDb(flags.db));
        const rows = loadLeaderboard(store, sweep, {}).rows;
        const effects = dimensionEffects(rows);
        const pivot = dropoutPivot(rows);
        if (format === 'json') {
          process.stdout.write(`${JSON.stringify({ sweep: sweep.name, effects, pivot })}\n`);
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
        type PivotRow = { rate: number; cells: (number | null)[] };
        const pivotRows: PivotRow[] = pivot.rows.map((rate, i) => ({ rate, cells: pivot.cells[i] }));
        const pivotColumns: Column<PivotRow>[] = [
          { key: 'dropout', header: 'dropout \\ placement', value: (r) => r.rate },
          ...pivot.columns.map((p, j) => ({ key: p, header: p, value: (r: PivotRow) => r.cells[j], text: (r: PivotRow) => fixed(2)(r.cells[j]) })),
        ];
        process.stdout.write(`\nmean accuracy % by dropout rate and placement (complete trials of ${sweep.name})\n${renderListing(pivotRows, pivotColumns, format)}\n`);
      });
    });

  program
    .command('query')
    .description('read-only SQL on the database (see README for the schema)')
    .argument('<sql>', 'a SELECT (or WITH / PRAGMA) statement')
    .option('--db <path>', DB_HELP)
    .option('--format <fmt>', LISTING_FORMATS.join('|'), 'table')
    .action((text: string, flags: { db?: string; format: string }) => {
      const format = choiceOption('--format', LISTING_FORMATS, flags.format);
      withStore(chooseDb(flags.db), (store) => {
        const { columns, rows } = store.userQuery(text);
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
    .action((flags: { db?: string; sweep?: string; format: string }) => {
      const format = choiceOption('--format', ['csv', 'json'] as const, flags.format);
      withStore(chooseDb(flags.db), (store) => {
        const sweep = pickSweep(store, flags.sweep, chooseDb(flags.db));
        const rows = [...store.exportRows(sweep.id)];
        const keys = rows.length ? Object.keys(rows[0]) : [];
        const cols: Column<Record<string, unknown>>[] = keys.map((k) => ({ key: k, header: k, value: (r) => r[k] as string | number | null }));
        process.stdout.write(`${rows.length || format === 'json' ? renderListing(rows, cols, format) : ''}\n`);
      });
    });
}
