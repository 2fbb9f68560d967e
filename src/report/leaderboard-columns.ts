import type { Leaderboard, LeaderboardRow } from './leaderboard.js';
import { fixed, formatP, round, type Column } from './formats.js';
import { METRIC_DIRECTION, type MetricName } from '../stats/metrics.js';
import { PERCENT } from './metric-format.js';
import { NESTED_METHOD, nestedLine } from './nested.js';

/**
 * The leaderboard's columns, defined once: `value` is what json and csv carry (numbers as
 * numbers), `text` what the terminal table, markdown and the HTML report show.
 */
export function leaderboardColumns(board: Leaderboard): Column<LeaderboardRow>[] {
  const m = metricColumns(board.metric ?? 'accuracy');
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
    { key: m.mean, header: m.meanHeader, value: (r) => round(r.mean, 4), text: (r) => (r.status === 'pruned' && r.mean !== null ? `${m.fixed(r.mean)}*` : m.fixed(r.mean)) },
    { key: m.std, header: m.stdHeader, value: (r) => round(r.std, 4), text: (r) => m.fixed(r.std) },
    { key: 'ci95Low', header: '95% CI', value: (r) => round(r.ciLow, 4), text: (r) => intervalText(r.ciLow, r.ciHigh, m.bound) },
    { key: 'ci95High', header: '', value: (r) => round(r.ciHigh, 4), text: () => '' },
    { key: 'folds', header: 'folds', value: (r) => r.folds, text: (r) => `${r.folds}/${r.foldsPlanned}` },
    { key: 'diverged', header: 'diverged', value: (r) => r.diverged },
    { key: 'seconds', header: 'seconds', value: (r) => round(r.seconds, 3), text: (r) => fixed(1)(r.seconds) },
    { key: 'p', header: 'p', value: (r) => r.p },
    { key: 'pMcs', header: 'p (MCS)', value: (r) => r.pMcs, text: (r) => formatP(r.pMcs) },
    { key: 'likeBest', header: '~best', value: (r) => r.likeBest, text: (r) => (r.likeBest ? 'yes' : r.likeBest === false ? 'no' : '-') },
    { key: 'status', header: 'status', value: (r) => r.status, text: (r) => statusText(r) },
  );
  if (board.confirmedBy) columns.splice(columns.findIndex((c) => c.key === 'status'), 0, { key: m.confirmed, header: m.confirmedHeader, value: (r) => round(r.confirmed, 4), text: (r) => m.fixed(r.confirmed) });
  return columns;
}

/**
 * The nested estimate as json and csv carry it (the text forms print it under the table): on the
 * rank 1 row, the trial the procedure it estimates would pick; null on the others. Absent without
 * a stored nested run.
 */
export function nestedColumns(board: Leaderboard): Column<LeaderboardRow>[] {
  const n = board.nested;
  if (!n?.estimate) return [];
  const e = n.estimate;
  const on = <T>(v: T) => (r: LeaderboardRow) => (r.rank === 1 ? v : null);
  return [
    { key: 'nestedEstimate', header: 'nested estimate', value: on(round(e.mean, 4)) },
    { key: 'nestedLow', header: 'nested 95% low', value: on(round(e.low, 4)) },
    { key: 'nestedHigh', header: 'nested 95% high', value: on(round(e.high, 4)) },
    { key: 'nestedMetric', header: 'nested metric', value: on(n.metric) },
    { key: 'nestedOuter', header: 'outer folds', value: on(n.outer) },
    { key: 'nestedMethod', header: 'nested method', value: on(NESTED_METHOD) },
  ];
}

/** The nested estimate's line under a leaderboard (report, dashboard): beside the rank 1 trial's score when both are of one metric. Null without a stored nested run. */
export function nestedFooter(board: Leaderboard): string | null {
  const n = board.nested;
  if (!n) return null;
  const top = n.metric === board.metric ? (board.rows.find((r) => r.rank === 1)?.mean ?? null) : null;
  return nestedLine(n, top);
}

export function statusText(r: LeaderboardRow): string {
  if (r.status === 'failed') return `failed: ${(r.error ?? '').slice(0, 60)}`;
  if (r.status === 'complete') return '';
  if (r.status === 'pruned') {
    const after = `pruned after ${r.prunedAfter ?? r.folds}/${r.foldsPlanned} folds`;
    if (r.prunedP === null) return `${after}: a fold diverged`;
    return `${after}, p = ${r.prunedP < 0.001 ? r.prunedP.toExponential(1) : r.prunedP.toFixed(3)} vs ${(r.prunedBy ?? '?').slice(0, 10)}`;
  }
  if (r.folds === 0) return 'not started';
  const parts = [];
  if (r.folds < r.foldsPlanned) parts.push(`${r.foldsPlanned - r.folds} folds missing`);
  if (r.diverged) parts.push(`${r.diverged} diverged`);
  return parts.join(', ');
}


/**
 * The mean and std columns of the ranking metric: accuracy keeps its `meanPct`/`stdPct` keys; another
 * metric's are `mean_NAME`/`std_NAME` (trial_summary's names), its header says the metric and direction.
 */
function metricColumns(metric: MetricName) {
  if (metric === 'accuracy') return { mean: 'meanPct', std: 'stdPct', meanHeader: 'mean %', stdHeader: 'std %', confirmed: 'confirmedPct', confirmedHeader: 'confirmed %', fixed: fixed(2), bound: 100 };
  const unit = PERCENT.has(metric) ? ' %' : '';
  const arrow = METRIC_DIRECTION[metric] === 'lower' ? ' (lower better)' : '';
  return {
    mean: `mean_${metric}`,
    std: `std_${metric}`,
    meanHeader: `${metric}${unit}${arrow}`,
    stdHeader: `std${unit}`,
    confirmed: `confirmed_${metric}`,
    confirmedHeader: `confirmed${unit}`,
    fixed: fixed(PERCENT.has(metric) ? 2 : 4),
    bound: PERCENT.has(metric) ? 100 : metric === 'log_loss' ? Infinity : 1,
  };
}

/**
 * An interval as printed: the corrected t interval is symmetric and can run past 0-100 (or the
 * metric's `bound`), which no accuracy can; the text stops at the bound and says so (json and csv
 * keep the numbers). Every metric is at least 0.
 */
export function intervalText(low: number | null, high: number | null, bound = 100): string {
  if (low === null || high === null) return '-';
  const lo = low < 0 ? 0 : low;
  const hi = high > bound ? bound : high;
  const digits = bound === 100 ? 1 : 3;
  return `${lo.toFixed(digits)}-${hi.toFixed(digits)}${low < 0 || high > bound ? ' (clipped)' : ''}`;
}
