import type { Results } from '../api/results.js';
import { UserError } from '../errors.js';
import { sweepChartData } from '../report/chart-data.js';
import { renderListing, type Column } from '../report/formats.js';
import { leaderboardColumns, nestedFooter } from '../report/leaderboard-columns.js';
import { orderRows } from '../report/leaderboard.js';
import type { FoldRow } from '../api/results.js';
import type { MetricName } from '../stats/metrics.js';

export type ApiRoute = (query: URLSearchParams) => Promise<unknown>;

/** A named parameter, checked: the API takes trial references and sweep names, never SQL. */
function param(q: URLSearchParams, name: string, required: true): string;
function param(q: URLSearchParams, name: string, required?: false): string | undefined;
function param(q: URLSearchParams, name: string, required = false): string | undefined {
  const v = q.get(name) ?? undefined;
  if (v === undefined || v === '') {
    if (required) throw new UserError(`parameter ${name} is required`);
    return undefined;
  }
  if (v.length > 200) throw new UserError(`parameter ${name} is too long`);
  return v;
}

/**
 * The JSON API: each route calls the library API (`Results`) and returns what the page draws.
 * Every call is awaited, so a store whose methods return promises works unchanged.
 */
export function apiRoutes(results: Results, metric?: MetricName): Record<string, ApiRoute> {
  return {
    '/api/status': async () => await results.status({ metric }),
    '/api/sweeps': async () => await results.sweeps(),

    /**
     * The whole leaderboard, pending trials included; the page sorts and filters it. `stdOrder`
     * is the trial keys in the order `--sort std` gives (the trials like the best by std, then
     * the rest by mean), so sorting by std on the page follows the CLI's rule.
     */
    '/api/board': async (q) => {
      const { sweep, board } = await results.board({ sweep: param(q, 'sweep'), includePending: true, metric });
      const columns = leaderboardColumns(board).filter((c) => c.key !== 'ci95High' && c.key !== 'p');
      const byStatus = (['complete', 'incomplete', 'pruned', 'failed'] as const).flatMap((s) => orderRows(board.rows.filter((r) => r.status === s && (s !== 'incomplete' || r.folds > 0)), 'std', board.metric));
      const notStarted = board.rows.filter((r) => r.status === 'incomplete' && r.folds === 0);
      const notes = new Map((await results.notes(sweep.name)).trials.map((n) => [n.trialKey, n.note]));
      const [meanKey, stdKey] = columns.filter((c) => c.key.startsWith('mean') || c.key.startsWith('std')).map((c) => c.key);
      return {
        sweep: sweep.name,
        /** What the rows are ranked by, with the keys of its mean and std columns (`meanPct`, or `mean_log_loss`, ...). */
        metric: board.metric,
        meanKey,
        stdKey,
        best: board.best,
        bestSet: board.bestSet ?? null,
        nested: board.nested ?? null,
        nestedLine: nestedFooter(board),
        columns: columns.map((c) => ({ key: c.key, header: c.header })),
        stdOrder: [...byStatus, ...notStarted].map((r) => r.trialKey),
        rows: board.rows.map((r) => ({
          trialKey: r.trialKey,
          values: { ...Object.fromEntries(columns.map((c) => [c.key, c.value(r)])), ci95High: r.ciHigh, note: notes.get(r.trialKey) ?? null },
          text: Object.fromEntries(columns.map((c) => [c.key, c.text ? c.text(r) : String(c.value(r) ?? '-')])),
        })),
      };
    },

    /** Provenance, counts and every chart's data (the report's, computed by the same code). */
    '/api/overview': async (q) => {
      const input = await results.reportInput(param(q, 'sweep'), { metric });
      return { sweep: input.sweep, created: input.created, note: input.notes.sweep, metric: input.metric, provenance: input.provenance, counts: input.counts, charts: sweepChartData(input) };
    },

    /**
     * Every sweep side by side: its best complete trial with the 95% CI, its design, and its
     * best-so-far curve. Sweeps compare only on the same data and folds, so each says its data.
     */
    '/api/across': async () => {
      const out = [];
      for (const s of await results.sweeps()) {
        const input = await results.reportInput(s.name, { metric });
        const charts = sweepChartData(input);
        const best = input.rows.find((r) => r.trialKey === input.board.best) ?? null;
        const up = charts.metric.higherIsBetter;
        let running = up ? -Infinity : Infinity;
        out.push({
          sweep: s.name,
          metric: input.metric,
          data: s.data,
          dataSha256: s.dataSha256,
          seed: s.seed,
          folds: s.folds,
          repeats: s.repeats,
          sampler: input.provenance.sampler,
          counts: input.counts,
          best: best && { trialKey: best.trialKey, name: best.label, mean: best.mean, ciLow: best.ciLow, ciHigh: best.ciHigh },
          bestSoFar: charts.history.map((h) => ({ x: h.index, y: (running = up ? Math.max(running, h.value) : Math.min(running, h.value)) })),
        });
      }
      return out;
    },

    '/api/trial': async (q) => await results.trial(param(q, 'ref', true), { sweep: param(q, 'sweep'), curves: param(q, 'curves') === '1', metric }),
    '/api/compare': async (q) => await results.compare(param(q, 'a', true), param(q, 'b', true), { sweep: param(q, 'sweep'), metric }),
  };
}

export interface Download {
  body: string;
  type: string;
  filename: string;
}
export type DownloadRoute = (query: URLSearchParams) => Promise<Download>;

const FOLD_COLUMNS: Column<FoldRow & { trial: string }>[] = (['fold', 'repeat', 'accuracy', 'loss', 'trainLoss', 'epochsRun', 'diverged', 'seconds', 'engine', 'backend', 'seed'] as const).map((k) => ({
  key: k,
  header: k,
  value: (r) => r[k],
}));

/** A name for a saved file: the sweep's name with anything but letters, digits, dot, dash and underscore replaced. */
const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80) || 'sweep';

/**
 * Files the pages offer to save, in the CLI's formats (`leaderboard --format csv|json`, the
 * folds of `show`): `/download/leaderboard.csv?sweep=`, `/download/folds.json?ref=SWEEP/KEY`.
 */
export function downloadRoutes(results: Results, metric?: MetricName): Record<string, DownloadRoute> {
  const leaderboard = (format: 'csv' | 'json'): DownloadRoute => async (q) => {
    const { sweep, board } = await results.board({ sweep: param(q, 'sweep'), includePending: true, metric });
    return { body: `${renderListing(board.rows, leaderboardColumns(board), format)}\n`, type: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8', filename: `${fileSafe(sweep.name)}-leaderboard.${format}` };
  };
  const folds = (format: 'csv' | 'json'): DownloadRoute => async (q) => {
    const t = await results.trial(param(q, 'ref', true), { sweep: param(q, 'sweep') });
    const rows = t.folds.map((f) => ({ ...f, trial: t.trialKey }));
    const columns: Column<FoldRow & { trial: string }>[] = [{ key: 'trial', header: 'trial', value: (r) => r.trial }, ...FOLD_COLUMNS];
    return { body: `${renderListing(rows, columns, format)}\n`, type: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8', filename: `${fileSafe(t.sweep)}-${t.trialKey.slice(0, 10)}-folds.${format}` };
  };
  return {
    '/download/leaderboard.csv': leaderboard('csv'),
    '/download/leaderboard.json': leaderboard('json'),
    '/download/folds.csv': folds('csv'),
    '/download/folds.json': folds('json'),
  };
}
