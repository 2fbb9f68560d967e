import type { Command } from 'commander';
import type { Results } from '../api/results.js';
import { LEADERBOARD_OPTIONS } from '../api/options/results.js';
import type { Leaderboard, LeaderboardRow } from '../report/leaderboard.js';
import { leaderboardColumns, nestedColumns, nestedFooter } from '../report/leaderboard-columns.js';
import { renderListing, type Column } from '../report/formats.js';
import { displayWidth } from '../report/render.js';
import { shownLocation } from '../store/location.js';
import type { SweepRow } from '../store/types.js';
import { addOptions, libraryPart, readFlags } from './flags.js';
import { invocation } from './options.js';
import { METRICS } from '../stats/metrics.js';
import { reading, underTable } from './reading.js';

/** The table without its p column (raw p stays in json/csv) and the CI's second half. */
function forText(columns: Column<LeaderboardRow>[]): Column<LeaderboardRow>[] {
  return columns.filter((c) => c.key !== 'p' && c.key !== 'ci95High');
}

/** Columns a narrow terminal drops first; rank, trial, mean, CI and ~best always stay. */
const DROP_ORDER = ['seconds', 'diverged', 'status', 'epochs', 'batchSize', 'hidden', 'folds', 'stdPct', ...METRICS.map((m) => `std_${m}`), 'pMcs', 'name', 'maxNorm', 'momentum', 'lr', 'dropout', 'placement'];

/** The text columns that fit `width` terminal columns, and how many were dropped. */
export function fitColumns(rows: LeaderboardRow[], columns: Column<LeaderboardRow>[], width: number): { columns: Column<LeaderboardRow>[]; dropped: number } {
  const widthOf = (c: Column<LeaderboardRow>) => rows.reduce((w, r) => Math.max(w, displayWidth(c.text ? c.text(r) : String(c.value(r) ?? '-'))), displayWidth(c.header));
  const widths = new Map(columns.map((c) => [c.key, widthOf(c)]));
  let kept = [...columns];
  const total = () => kept.reduce((n, c) => n + widths.get(c.key)! + 3, 1);
  for (const key of DROP_ORDER) {
    if (total() <= width) break;
    kept = kept.filter((c) => c.key !== key);
  }
  return { columns: kept, dropped: columns.length - kept.length };
}

/** The lines under a leaderboard table: what is shown, what is not, and how to read the p-values. */
function footer(board: Leaderboard, sweep: SweepRow, where: string | undefined, dropped: number): string[] {
  const notes = [`sweep ${sweep.name}: ${board.rows.length} rows`];
  const cut = board.cut;
  if (cut.complete + cut.incomplete + cut.pruned + cut.failed > 0) notes.push(`${cut.complete + cut.incomplete + cut.pruned} more trials and ${cut.failed} failed not shown (--top)`);
  if (board.racing.pruned) {
    const partial = board.rows.some((r) => r.status === 'pruned' && r.mean !== null);
    notes.push(`racing pruned ${board.racing.pruned} trials and saved ${board.racing.fitsSaved} fold fits; pruned trials are listed after the others, unranked${partial ? ' (* a partial mean over the folds run before pruning)' : ' (--include-pruned shows their partial means)'}`);
  }
  if (board.pending) notes.push(`${board.pending} trials not started yet (--all lists them)`);
  if (dropped) notes.push(`${dropped} columns left out to fit the terminal (--wide shows all)`);
  if (where && board.best) notes.push(`p-values are against ${board.best.slice(0, 10)}, the best of the rows matching --where, not of the whole sweep`);
  if (board.confirmedBy) notes.push(`${board.metric === 'accuracy' ? 'confirmed %' : `confirmed ${board.metric}`}: mean over the re-runs of sweep ${board.confirmedBy} (dropsweep confirm: new training seeds, on new splits unless it was made before confirm used them)`);
  if (board.bestSet) {
    notes.push(
      `~best: ${board.bestSet.size} of ${board.bestSet.complete} complete trials could be the best (a ${Math.round(board.bestSet.level * 100)}% model confidence set on the corrected variance; p (MCS) below ${(1 - board.bestSet.level).toFixed(2)}: out of it; docs/statistics.md)`,
    );
  }
  const nested = nestedFooter(board);
  if (nested) notes.push(nested);
  return notes;
}

/** The trials a cut leaderboard leaves out, by what they are (`run` shows the top five). */
export function notShown(board: Leaderboard): { count: number; what: string } | null {
  const { complete, incomplete, pruned, failed } = board.cut;
  const parts: [number, string][] = [
    [complete, 'complete'],
    [incomplete, 'partly run'],
    [pruned, 'pruned'],
    [failed, 'failed'],
    [board.pending, 'not started'],
  ];
  const count = parts.reduce((n, [k]) => n + k, 0);
  if (count === 0) return null;
  return { count, what: parts.filter(([k]) => k > 0).map(([k, what]) => `${k} ${what}`).join(', ') };
}

/** What `run` prints at the end: the top five and the commands to try next. */
export async function printTopOfLeaderboard(results: Results, sweepName: string, dbFlag: string | undefined): Promise<void> {
  const { board } = await results.board({ sweep: sweepName, top: 5 });
  const { columns } = fitColumns(board.rows, forText(leaderboardColumns(board)), process.stdout.isTTY ? (process.stdout.columns || 80) : 120);
  const db = dbFlag ? ` --db ${shownLocation(dbFlag)}` : '';
  const cli = invocation();
  const next = [
    [`${cli} leaderboard --sweep ${sweepName}${db}`, 'every trial, with p-values against the best'],
    [`${cli} show ${sweepName}/${board.best ?? board.rows[0]?.trialKey ?? 'KEY'}${db}`, 'the best trial, fold by fold'],
    [`${cli} effects --sweep ${sweepName}${db}`, 'mean accuracy per value of each setting'],
    [`${cli} report --sweep ${sweepName}${db}`, 'an HTML report with charts'],
  ];
  const width = Math.max(...next.map(([c]) => c.length));
  const more = notShown(board);
  process.stdout.write(
    `${renderListing(board.rows, columns, 'table')}\n` +
      (more ? `showing ${board.rows.length} of ${board.rows.length + more.count} trials (not shown: ${more.what}); the first command below lists them all\n` : '') +
      next.map(([c, what], i) => `${i === 0 ? 'next:' : '     '} ${c.padEnd(width)}  ${what}\n`).join(''),
  );
}

export function registerLeaderboard(program: Command): void {
  const command = program.command('leaderboard').description('trials ranked by mean accuracy, with confidence intervals and p-values against the best');
  addOptions(command, LEADERBOARD_OPTIONS).action(async (raw: Record<string, unknown>) => {
    const flags = readFlags(LEADERBOARD_OPTIONS, raw);
    const { format } = flags;
    await reading(flags.db, async (results) => {
      const query = libraryPart(LEADERBOARD_OPTIONS, flags);
      if (format === 'json' || format === 'csv') {
        const { board } = await results.board({ ...query, includePending: true });
        process.stdout.write(`${renderListing(board.rows, [...leaderboardColumns(board), ...nestedColumns(board)], format)}\n`);
        return;
      }
      const { sweep, board } = await results.board(query);
      if (board.rows.length === 0) {
        process.stdout.write(`0 rows matched${flags.where ? ` --where ${flags.where}` : ''} in sweep ${sweep.name}\n`);
        return;
      }
      const columns = forText(leaderboardColumns(board));
      const narrow = format === 'table' && !flags.wide && process.stdout.isTTY;
      const fitted = narrow ? fitColumns(board.rows, columns, process.stdout.columns || 80) : { columns, dropped: 0 };
      process.stdout.write(`${renderListing(board.rows, fitted.columns, format)}\n${underTable(format, footer(board, sweep, flags.where, fitted.dropped))}`);
    });
  });
}
