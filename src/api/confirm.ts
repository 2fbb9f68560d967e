import { UserError } from '../errors.js';
import type { LeaderboardRow } from '../report/leaderboard.js';
import type { SweepSpec } from '../sweep/spec.js';
import { openResults, type JsonValue } from './results.js';
import { runSweep, type RunSweepOptions, type RunSweepSummary } from './run.js';
import { readSweep } from './sweep-file.js';

export interface ConfirmOptions extends Omit<RunSweepOptions, 'extend' | 'new' | 'race' | 'retryFailed'> {
  /** How many of the best complete trials to re-run; default 5. */
  top?: number;
  /** New training seeds per trial, on the same folds; default 3. */
  repeats?: number;
}

export interface ConfirmSummary {
  /** The sweep whose winners are confirmed, and the sweep holding the confirmation. */
  source: string;
  sweep: string;
  /** The trials re-run, in their original order. */
  picked: { trialKey: string; rank: number; mean: number | null }[];
  run: RunSweepSummary;
  /** The confirmation's leaderboard over all its repeats (as `leaderboard --format json`). */
  ranking: Record<string, JsonValue>[];
}

/** The confirmation of sweep NAME is the sweep NAME-confirm. */
export const confirmName = (name: string) => `${name}-confirm`;

/**
 * Re-runs the top K complete trials of a sweep with new training seeds on the same folds: a new
 * sweep NAME-confirm with the same data, split seed, folds and engine, R repeats, and its own
 * training-seed root. Its trials have the same keys, so `compare` pairs them with the originals.
 * The ranking is over the new repeats only: the original results chose these K, so their means
 * are biased upward (the winner's curse), and fresh seeds are not.
 */
export async function confirmSweep(sweepName: string | undefined, o: ConfirmOptions = {}): Promise<ConfirmSummary> {
  const top = o.top ?? 5;
  const repeats = o.repeats ?? 3;
  if (!Number.isInteger(top) || top < 1 || top > 1000) throw new UserError(`option top: ${top} is not an integer in [1, 1000]`);
  if (!Number.isInteger(repeats) || repeats < 1 || repeats > 100) throw new UserError(`option repeats: ${repeats} is not an integer in [1, 100]`);
  const results = await openResults(o.db);
  let spec: Record<string, unknown>;
  let picked: LeaderboardRow[];
  let source: string;
  try {
    const { sweep, board } = await results.board({ sweep: sweepName });
    source = sweep.name;
    if (source.endsWith('-confirm')) throw new UserError(`sweep "${source}" is already a confirmation; confirm the sweep it came from`);
    picked = board.rows.filter((r) => r.status === 'complete').slice(0, top);
    if (picked.length === 0) throw new UserError(`sweep "${source}" has no complete trial to confirm yet`);
    const stored = JSON.parse(sweep.spec) as SweepSpec;
    if (confirmName(source).length > 64) throw new UserError(`sweep "${source}": the name ${confirmName(source)} would be longer than 64 characters`);
    spec = {
      name: confirmName(source),
      description: `top ${picked.length} complete trial(s) of ${source}, ${repeats} new training seed(s) each, on the same folds`,
      data: sweep.data,
      ...(stored.target !== undefined ? { target: stored.target } : {}),
      seed: sweep.seed,
      trainSeed: `${sweep.seed}-confirm`,
      folds: sweep.folds,
      ...(stored.split ? { split: stored.split } : {}),
      repeats,
      engine: sweep.engine,
      trials: picked.map((r) => ({
        ...(r.label ? { name: r.label } : {}),
        placement: r.placement,
        dropout: r.dropout,
        maxNorm: r.maxNorm,
        lr: r.lr,
        momentum: r.momentum,
        epochs: r.epochs,
        batchSize: r.batchSize,
        hidden: r.hidden.split('-').map(Number),
      })),
    };
    await refuseOtherConfirmation(results, source, spec, picked.length, repeats);
  } finally {
    await results.close();
  }
  const run = await runSweep(spec, o);
  let ranking: Record<string, JsonValue>[] = [];
  if (run.outcome === 'completed') {
    const after = await openResults(o.db);
    try {
      ranking = await after.leaderboard({ sweep: confirmName(source) });
    } finally {
      await after.close();
    }
  }
  return { source, sweep: confirmName(source), picked: picked.map((r) => ({ trialKey: r.trialKey, rank: r.rank ?? 0, mean: r.mean })), run, ranking };
}

/**
 * NAME-confirm already holds a confirmation of other trials or seeds (another --top or --repeats,
 * or the sweep's best changed): running this one under the same name would mix the two, and the
 * run's own refusal would point to --extend and --new, which confirm does not have. Say what is
 * stored and the ways forward instead.
 */
async function refuseOtherConfirmation(results: Awaited<ReturnType<typeof openResults>>, source: string, spec: Record<string, unknown>, top: number, repeats: number): Promise<void> {
  const name = confirmName(source);
  if (!(await results.sweeps()).some((s) => s.name === name)) return;
  const stored = await results.sweepRow(name);
  if (stored.spec_hash === readSweep(spec).specHash) return;
  const was = JSON.parse(stored.spec) as { trials?: unknown[]; repeats?: number };
  throw new UserError(
    `sweep "${name}" already holds a confirmation of ${source} (top ${was.trials?.length ?? '?'} trial(s), ${was.repeats ?? '?'} seed(s) each); this one (top ${top}, ${repeats} seed(s)) would mix with it. ` +
      `Read it with: dropsweep leaderboard --sweep ${name}; or delete it first to confirm again: dropsweep delete --sweep ${name}`,
  );
}
