import type { Command } from 'commander';
import { buildLeaderboard, type Leaderboard, type LeaderboardRow, type SortKey } from '../report/leaderboard.js';
import { LISTING_FORMATS, fixed, formatP, renderListing, round, type Column } from '../report/formats.js';
import { UserError } from '../errors.js';
import { chooseDb, type Store, type SweepRow } from '../store/store.js';
import { testTrainRatio } from '../report/statistics.js';
import { choiceOption, integerOption, invocation, withStore } from './options.js';
import { pickSweep } from './select.js';

const SORTS: readonly SortKey[] = ['mean', 'std', 'time'];

export function leaderboardColumns(board: Leaderboard): Column<LeaderboardRow>[] {
  const columns: Column<LeaderboardRow>[] = [
    { key: 'rank', header: 'rank', value: (r) => r.rank },
    { key: 'trialKey', header: 'trial', value: (r) => r.trialKey, text: (r) => r.trialKey.slice(0, 10) },
    { key: 'name', header: 'name', value: (r) => r.label },
    { key: 'placement', header: 'placement', value: (r) => r.placement },
    { key: 'dropout', header: 'dropout', value: (r) => r.dropout },
    { key: 'maxNorm', header: 'max-norm', value: (r) => r.maxNorm, text: (r) => (r.maxNorm === null ? 'none' : String(r.maxNorm)) },
    { key: 'lr', header: 'lr', value: (r) => r.lr },
    { key: 'momentum', header: 'momentum', value: (r) => r.momentum },
  ];
  if (board.varying.includes('epochs')) columns.push({ key: 'epochs', header: 'epochs', value: (r) => r.epochs });
  if (board.varying.includes('batchSize')) columns.push({ key: 'batchSize', header: 'batch', value: (r) => r.batchSize });
  if (board.varying.includes('hidden')) columns.push({ key: 'hidden', header: 'hidden', value: (r) => r.hidden });
  columns.push(
    { key: 'meanPct', header: 'mean %', value: (r) => round(r.mean, 4), text: (r) => fixed(2)(r.mean) },
    { key: 'stdPct', header: 'std %', value: (r) => round(r.std, 4), text: (r) => fixed(2)(r.std) },
    { key: 'ci95Low', header: '95% CI', value: (r) => round(r.ciLow, 4), text: (r) => (r.ciLow === null ? '-' : `${r.ciLow.toFixed(1)}-${r.ciHigh!.toFixed(1)}`) },
    { key: 'ci95High', header: '', value: (r) => round(r.ciHigh, 4), text: () => '' },
    { key: 'folds', header: 'folds', value: (r) => r.folds, text: (r) => `${r.folds}/${r.foldsPlanned}` },
    { key: 'diverged', header: 'diverged', value: (r) => r.diverged },
    { key: 'seconds', header: 'seconds', value: (r) => round(r.seconds, 3), text: (r) => fixed(1)(r.seconds) },
    { key: 'p', header: 'p', value: (r) => r.p },
    { key: 'pHolm', header: 'p vs best (Holm)', value: (r) => r.pHolm, text: (r) => formatP(r.pHolm) },
    { key: 'likeBest', header: '~best', value: (r) => r.likeBest, text: (r) => (r.likeBest ? 'yes' : r.likeBest === false ? 'no' : '-') },
    { key: 'status', header: 'status', value: (r) => r.status, text: (r) => statusText(r) },
  );
  return columns;
}

function statusText(r: LeaderboardRow): string {
  if (r.status === 'failed') return `failed: ${(r.error ?? '').slice(0, 60)}`;
  if (r.status === 'complete') return '';
  const parts = [];
  if (r.folds < r.foldsPlanned) parts.push(`${r.foldsPlanned - r.folds} folds missing`);
  if (r.diverged) parts.push(`${r.diverged} diverged`);
  return parts.join(', ');
}

/** The table without its p column (raw p stays in json/csv) and the CI's second half. */
function forText(columns: Column<LeaderboardRow>[]): Column<LeaderboardRow>[] {
  return columns.filter((c) => c.key !== 'p' && c.key !== 'ci95High');
}

/** Columns a narrow terminal drops first; rank, trial, mean, CI and ~best always stay. */
const DROP_ORDER = ['seconds', 'diverged', 'status', 'epochs', 'batchSize', 'hidden', 'folds', 'stdPct', 'pHolm', 'name', 'maxNorm', 'momentum', 'lr', 'dropout', 'placement'];

/** The text columns that fit `width` terminal columns, and how many were dropped. */
export function fitColumns(rows: LeaderboardRow[], columns: Column<LeaderboardRow>[], width: number): { columns: Column<LeaderboardRow>[]; dropped: number } {
  const widthOf = (c: Column<LeaderboardRow>) => rows.reduce((w, r) => Math.max(w, (c.text ? c.text(r) : String(c.value(r) ?? '-')).length), c.header.length);
  const widths = new Map(columns.map((c) => [c.key, widthOf(c)]));
  let kept = [...columns];
  const total = () => kept.reduce((n, c) => n + widths.get(c.key)! + 3, 1);
  for (const key of DROP_ORDER) {
    if (total() <= width) break;
    kept = kept.filter((c) => c.key !== key);
  }
  return { columns: kept, dropped: columns.length - kept.length };
}

/** An unquoted placement value is read by SQL as a column name (`hidden` is the layer widths), never as text. */
function checkWhere(where: string): void {
  const m = /\bplacement\s*(?:=|==|!=|<>)\s*(none|visible|hidden|both)\b/i.exec(where);
  if (m) throw new UserError(`option --where: put text values in quotes: placement = '${m[1]}' (unquoted, ${m[1]} would be read as a column name)`);
}

export function loadLeaderboard(store: Store, sweep: SweepRow, o: { where?: string; sort?: SortKey; top?: number; includePending?: boolean }): Leaderboard {
  if (o.where) checkWhere(o.where);
  return buildLeaderboard(store.trialScores(sweep, o.where), {
    foldsPlanned: sweep.folds * sweep.repeats,
    testTrainRatio: testTrainRatio(sweep.folds),
    sort: o.sort,
    top: o.top,
    includePending: o.includePending,
  });
}

/** The lines under a leaderboard table: what is shown, what is not, and how to read the p-values. */
function footer(board: Leaderboard, sweep: SweepRow, where: string | undefined, dropped: number): string[] {
  const notes = [`sweep ${sweep.name}: ${board.rows.length} rows`];
  const cut = board.cut;
  if (cut.complete + cut.incomplete + cut.failed > 0) notes.push(`${cut.complete + cut.incomplete} more trials and ${cut.failed} failed not shown (--top)`);
  if (board.pending) notes.push(`${board.pending} trials not started yet (--all lists them)`);
  if (dropped) notes.push(`${dropped} columns left out to fit the terminal (--wide shows all)`);
  if (where && board.best) notes.push(`p-values are against ${board.best.slice(0, 10)}, the best of the rows matching --where, not of the whole sweep`);
  notes.push('p: corrected resampled t-test (Nadeau-Bengio) against the best on the same folds, Holm-adjusted; ~best: not distinguishable at 0.05');
  return notes;
}

/** What `run` prints at the end: the top five and the commands to try next. */
export function printTopOfLeaderboard(store: Store, sweep: SweepRow, dbFlag: string | undefined): void {
  const board = loadLeaderboard(store, sweep, { top: 5 });
  const { columns } = fitColumns(board.rows, forText(leaderboardColumns(board)), process.stdout.isTTY ? (process.stdout.columns || 80) : 120);
  const db = dbFlag ? ` --db ${dbFlag}` : '';
  const cli = invocation();
  const next = [
    [`${cli} leaderboard --sweep ${sweep.name}${db}`, 'every trial, with p-values against the best'],
    [`${cli} show ${sweep.name}/${board.best ?? board.rows[0]?.trialKey ?? 'KEY'}${db}`, 'the best trial, fold by fold'],
    [`${cli} effects --sweep ${sweep.name}${db}`, 'mean accuracy per value of each setting'],
    [`${cli} report --sweep ${sweep.name}${db}`, 'an HTML report with charts'],
  ];
  const width = Math.max(...next.map(([c]) => c.length));
  process.stdout.write(
    `${renderListing(board.rows, columns, 'table')}\n` + next.map(([c, what], i) => `${i === 0 ? 'next:' : '     '} ${c.padEnd(width)}  ${what}\n`).join(''),
  );
}

export function registerLeaderboard(program: Command): void {
  program
    .command('leaderboard')
    .description('trials ranked by mean accuracy, with confidence intervals and p-values against the best')
    .option('--db <path>', 'database file (default: $DROPSWEEP_DB, else results/dropsweep.sqlite)')
    .option('--sweep <name>', 'sweep name (default: the most recent)')
    .option('--top <n>', 'show the first N rows')
    .option('--where <expr>', "SQL filter on trial_summary columns, e.g. \"placement = 'hidden' AND mean_pct > 85\"")
    .option('--sort <key>', 'mean|std|time (std: the trials like the best, steadiest first)', 'mean')
    .option('--all', 'also list trials that have not started')
    .option('--wide', 'every column, however wide the terminal')
    .option('--format <fmt>', LISTING_FORMATS.join('|'), 'table')
    .action((flags: { db?: string; sweep?: string; top?: string; where?: string; sort: string; format: string; all?: boolean; wide?: boolean }) => {
      const format = choiceOption('--format', LISTING_FORMATS, flags.format);
      const sort = choiceOption('--sort', SORTS, flags.sort);
      const top = flags.top === undefined ? undefined : integerOption('--top', flags.top, 1);
      const db = chooseDb(flags.db);
      withStore(db, (store) => {
        const sweep = pickSweep(store, flags.sweep, db);
        const board = loadLeaderboard(store, sweep, { where: flags.where, sort, top, includePending: flags.all || format === 'json' || format === 'csv' });
        const columns = leaderboardColumns(board);
        if (format === 'json' || format === 'csv') {
          process.stdout.write(`${renderListing(board.rows, columns, format)}\n`);
          return;
        }
        if (board.rows.length === 0) {
          process.stdout.write(`0 rows matched${flags.where ? ` --where ${flags.where}` : ''} in sweep ${sweep.name}\n`);
          return;
        }
        const narrow = format === 'table' && !flags.wide && process.stdout.isTTY;
        const fitted = narrow ? fitColumns(board.rows, forText(columns), process.stdout.columns || 80) : { columns: forText(columns), dropped: 0 };
        process.stdout.write(`${renderListing(board.rows, fitted.columns, format)}\n${footer(board, sweep, flags.where, fitted.dropped).join('\n')}\n`);
      });
    });
}
