import type { Command } from 'commander';
import { buildLeaderboard, type Leaderboard, type LeaderboardRow, type SortKey } from '../report/leaderboard.js';
import { LISTING_FORMATS, fixed, formatP, renderListing, round, type Column } from '../report/formats.js';
import { DEFAULT_DB, Store, type SweepRow } from '../store/store.js';
import { choiceOption, integerOption } from './options.js';
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

export function loadLeaderboard(store: Store, sweep: SweepRow, o: { where?: string; sort?: SortKey; top?: number }): Leaderboard {
  return buildLeaderboard(store.trialScores(sweep, o.where), {
    foldsPlanned: sweep.folds * sweep.repeats,
    testTrainRatio: 1 / (sweep.folds - 1),
    sort: o.sort,
    top: o.top,
  });
}

export function registerLeaderboard(program: Command): void {
  program
    .command('leaderboard')
    .description('trials ranked by mean accuracy, with confidence intervals and p-values against the best')
    .option('--db <path>', 'database file', DEFAULT_DB)
    .option('--sweep <name>', 'sweep name (default: the most recent)')
    .option('--top <n>', 'show the first N rows')
    .option('--where <expr>', "SQL filter on trial_summary columns, e.g. \"placement = 'hidden' AND dropout >= 0.2\"")
    .option('--sort <key>', 'mean|std|time', 'mean')
    .option('--format <fmt>', LISTING_FORMATS.join('|'), 'table')
    .action((flags: { db: string; sweep?: string; top?: string; where?: string; sort: string; format: string }) => {
      const format = choiceOption('--format', LISTING_FORMATS, flags.format);
      const sort = choiceOption('--sort', SORTS, flags.sort);
      const top = flags.top === undefined ? undefined : integerOption('--top', flags.top, 1);
      const store = Store.open(flags.db, { readonly: true });
      try {
        const sweep = pickSweep(store, flags.sweep, flags.db);
        const board = loadLeaderboard(store, sweep, { where: flags.where, sort, top });
        const columns = leaderboardColumns(board);
        const machine = format === 'json' || format === 'csv';
        process.stdout.write(`${renderListing(board.rows, machine ? columns : forText(columns), format)}\n`);
        if (!machine) {
          const cut = board.hidden;
          const notes = [`sweep ${sweep.name}: ${board.rows.length} rows`];
          if (cut.complete + cut.incomplete + cut.failed > 0) {
            notes.push(`${cut.complete + cut.incomplete} more trials and ${cut.failed} failed not shown (--top)`);
          }
          notes.push('p: corrected resampled t-test (Nadeau-Bengio) against the best on the same folds, Holm-adjusted; ~best: not distinguishable at 0.05');
          process.stdout.write(`${notes.join('\n')}\n`);
        }
      } finally {
        store.close();
      }
    });
}
