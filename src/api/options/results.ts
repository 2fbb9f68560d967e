import { cliOnly, choice, custom, flag, integer, text } from './declare.js';
import { db, format, listingFormat, sweep, sweepFilter } from './common.js';
import { checkMetric } from './cv.js';
import { METRICS, parseMetric, type MetricName } from '../../stats/metrics.js';

/** `--metric NAME` on a read command: what trials are ranked and compared by, instead of the sweep file's `metric:`. */
export const rankMetric = custom<MetricName, { arg: string; help: string; defaultText: string }>((raw) => ({ value: (parseMetric(raw) ?? raw) as MetricName }), checkMetric, {
  arg: '<name>',
  help: `rank and compare by this held-out metric: ${METRICS.join('|')} (log_loss: lower is better)`,
  defaultText: "the sweep's metric, else accuracy",
});

/** The sort orders of a leaderboard. */
export const SORTS = ['mean', 'std', 'time'] as const;

const dbFlag = cliOnly(db);

export const STATUS_OPTIONS = { db: dbFlag, metric: rankMetric, format };

/** `Results.leaderboard()` / `board()` queries and the leaderboard command's flags. */
export const LEADERBOARD_OPTIONS = {
  db: dbFlag,
  sweep,
  top: integer(1, Number.MAX_SAFE_INTEGER, { arg: '<n>', help: 'show the first N rows' }),
  where: text({ arg: '<expr>', help: "SQL filter on trial_summary columns, e.g. \"placement = 'hidden' AND mean_pct > 85\"" }),
  sort: choice(SORTS, { arg: '<key>', help: 'mean|std|time (std: the trials like the best, steadiest first)', default: 'mean' as (typeof SORTS)[number] }),
  includePending: flag({ flag: '--all', help: 'also list trials that have not started (json and csv always do)' }),
  includePruned: flag({ help: "show pruned trials' partial means (marked *), never ranked" }),
  metric: rankMetric,
  wide: cliOnly(flag({ help: 'every column (notes included), however wide the terminal' })),
  format: listingFormat,
};

/** `Results.trial()` / `compare()` options and the show and compare commands' flags. */
export const TRIAL_OPTIONS = { db: dbFlag, sweep: sweepFilter, metric: rankMetric, format };

/** `Results.trial()` options and the show command's flags: a trial's folds, and its learning curves on request. */
export const SHOW_OPTIONS = { ...TRIAL_OPTIONS, curves: flag({ help: 'the mean learning curve over folds: training loss, held-out loss and metric per checkpoint' }) };

export const EFFECTS_OPTIONS = { db: dbFlag, sweep, metric: rankMetric, format: listingFormat };

export const QUERY_OPTIONS = { db: dbFlag, format: listingFormat };

export const EXPORT_OPTIONS = {
  db: dbFlag,
  sweep,
  format: cliOnly(choice(['csv', 'json'] as const, { arg: '<fmt>', help: 'csv|json', default: 'csv' as 'csv' | 'json' })),
};

export const REPORT_OPTIONS = {
  out: cliOnly(text({ arg: '<file>', help: 'the HTML file to write', defaultText: 'results/SWEEP.html' })),
  db: dbFlag,
  sweep,
  metric: rankMetric,
};
