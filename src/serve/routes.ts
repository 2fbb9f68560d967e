import type { Results } from '../api/results.js';
import { UserError } from '../errors.js';
import { leaderboardColumns } from '../report/leaderboard-columns.js';

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

/** How many of the top trials the fold strip plot shows. */
const STRIP_TRIALS = 10;

/**
 * The JSON API: each route calls the library API (`Results`) and returns what the page draws.
 * Every call is awaited, so a store whose methods return promises works unchanged.
 */
export function apiRoutes(results: Results): Record<string, ApiRoute> {
  return {
    '/api/status': async () => await results.status(),
    '/api/sweeps': async () => await results.sweeps(),

    /** The whole leaderboard, pending trials included; the page sorts and filters it. */
    '/api/board': async (q) => {
      const { sweep, board } = await results.board({ sweep: param(q, 'sweep'), includePending: true });
      const columns = leaderboardColumns(board).filter((c) => c.key !== 'ci95High' && c.key !== 'p');
      return {
        sweep: sweep.name,
        best: board.best,
        columns: columns.map((c) => ({ key: c.key, header: c.header })),
        rows: board.rows.map((r) => ({
          trialKey: r.trialKey,
          values: { ...Object.fromEntries(columns.map((c) => [c.key, c.value(r)])), ci95High: r.ciHigh },
          text: Object.fromEntries(columns.map((c) => [c.key, c.text ? c.text(r) : String(c.value(r) ?? '-')])),
        })),
      };
    },

    /** Provenance, counts, the dropout curve, importance and the top trials' folds. */
    '/api/overview': async (q) => {
      const input = await results.reportInput(param(q, 'sweep'));
      const effects = await results.effects(input.sweep);
      const top = input.rows.filter((r) => r.status === 'complete').slice(0, STRIP_TRIALS);
      return {
        sweep: input.sweep,
        created: input.created,
        provenance: input.provenance,
        counts: input.counts,
        curve: input.curve,
        importance: input.importance,
        effects: effects.effects,
        strip: top.map((r) => ({ trialKey: r.trialKey, name: r.label, rank: r.rank, mean: r.mean, folds: (input.foldAccuracies.get(r.trialKey) ?? []).map((a) => a * 100) })),
      };
    },

    '/api/trial': async (q) => await results.trial(param(q, 'ref', true), { sweep: param(q, 'sweep') }),
    '/api/compare': async (q) => await results.compare(param(q, 'a', true), param(q, 'b', true), { sweep: param(q, 'sweep') }),
  };
}
