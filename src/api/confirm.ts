import { UserError } from '../errors.js';
import type { LeaderboardRow } from '../report/leaderboard.js';
import { repeatedCvInterval } from '../stats/repeated-cv.js';
import { testTrainRatio, varianceFloor } from '../stats/statistics.js';
import type { SweepSpec } from '../sweep/spec.js';
import { PERCENT } from '../report/metric-format.js';
import { METRIC_DIRECTION, type MetricName } from '../stats/metrics.js';
import { confirmationName, confirmationsOf, isConfirmation } from './confirm-names.js';
import { openResults, type JsonValue, type Results } from './results.js';
import { runSweep, type RunSweepOptions, type RunSweepSummary } from './run.js';

export interface ConfirmOptions extends Omit<RunSweepOptions, 'extend' | 'new' | 'race' | 'retryFailed'> {
  /** How many of the best complete trials to re-run; default 5. */
  top?: number;
  /** New random splits (each with new training seeds) per trial; default 3. */
  repeats?: number;
}

/**
 * A confirmed trial: its mean of the sweep's ranking metric over the new splits, with the corrected
 * repeated k-fold interval. Values are in the leaderboard's unit: percent for accuracy and
 * balanced accuracy, the metric's own value for the others (`ConfirmSummary.metric`).
 */
export interface ConfirmedTrial {
  trialKey: string;
  /** Its rank and mean in the sweep that chose it. */
  sweepRank: number;
  sweepMean: number | null;
  /** Mean over the r x k cells of the new splits; null while a cell is missing, diverged or unscored. */
  mean: number | null;
  /** 95% interval of the metric's expected value: Bouckaert & Frank's corrected repeated k-fold t. */
  low: number | null;
  high: number | null;
  /** Cells (r x k) and degrees of freedom (r k - 1) of the interval. */
  cells: number;
  df: number | null;
  /** How much worse it scored than in its sweep (points for a percent; negative: it did better): the sweep mean minus the confirmed one, negated for a lower-is-better metric. */
  drop: number | null;
}

export interface ConfirmSummary {
  /** The sweep whose winners are confirmed, and the sweep holding the confirmation. */
  source: string;
  sweep: string;
  /** What the top K were chosen by and every value of `confirmed` is of: the source sweep's metric (`metric:`, else accuracy). */
  metric: MetricName;
  /** The split seed of each new repeat. */
  splitSeeds: number[];
  /** The trials re-run, in their original order. */
  picked: { trialKey: string; rank: number; mean: number | null }[];
  run: RunSweepSummary;
  /** The confirmation's leaderboard over all its repeats (as `leaderboard --format json`), by the same metric. */
  ranking: Record<string, JsonValue>[];
  /** Each picked trial's confirmed estimate, in the sweep's order. */
  confirmed: ConfirmedTrial[];
  /** What the interval is. */
  method: string;
}

export const CONFIRM_METHOD = "Bouckaert & Frank's corrected repeated k-fold t interval (r x k cells, variance x (1/(r k) + n_test/n_train), r k - 1 df), 95%";

/** The first confirmation of sweep NAME is the sweep NAME-confirm (later ones NAME-confirm-2, ...). */
export const confirmName = (name: string) => confirmationName(name);

/**
 * The split seeds of a confirmation's R repeats: new splits, none the sweep's own, the same for
 * every confirmation of the sweep (so a confirmation with more repeats extends the splits of one
 * with fewer). 32 bits, the most numpy's RandomState (split: sklearn) takes.
 */
export function confirmSplitSeeds(seed: number, repeats: number): number[] {
  return Array.from({ length: repeats }, (_, r) => (seed + 1 + r) % 0x1_0000_0000);
}

/**
 * Re-runs the top K complete trials of a sweep on R new random splits of the same data (repeated
 * k-fold cross-validation independent of the split the selection was made on), each with new
 * training seeds: a sweep NAME-confirm with the same data, folds and engine. Its trials have the
 * same keys. Each trial is reported with its mean over the r x k new cells and Bouckaert & Frank's
 * corrected interval, beside the sweep score that chose it. The same --top and --repeats again
 * resume that confirmation; others make a new one (NAME-confirm-2, ...).
 */
export async function confirmSweep(sweepName: string | undefined, o: ConfirmOptions = {}): Promise<ConfirmSummary> {
  const top = o.top ?? 5;
  const repeats = o.repeats ?? 3;
  if (!Number.isInteger(top) || top < 1 || top > 1000) throw new UserError(`option top: ${top} is not an integer in [1, 1000]`);
  if (!Number.isInteger(repeats) || repeats < 1 || repeats > 100) throw new UserError(`option repeats: ${repeats} is not an integer in [1, 100]`);
  const results = await openResults(o.db);
  let spec: Record<string, unknown>;
  let picked: LeaderboardRow[];
  let metric: MetricName;
  let source: string;
  let name: string;
  try {
    const { sweep, board } = await results.board({ sweep: sweepName ?? (await confirmable(results)) });
    metric = board.metric;
    source = sweep.name;
    if (isConfirmation(source)) throw new UserError(`sweep "${source}" is already a confirmation; confirm the sweep it came from`);
    picked = board.rows.filter((r) => r.status === 'complete').slice(0, top);
    if (picked.length === 0) throw new UserError(`sweep "${source}" has no complete trial to confirm yet`);
    const stored = JSON.parse(sweep.spec) as SweepSpec;
    const description = `top ${picked.length} complete trial(s) of ${source}, ${repeats} new split(s) with new training seeds`;
    spec = {
      description,
      data: sweep.data,
      ...(stored.target !== undefined ? { target: stored.target } : {}),
      // The confirmation ranks by the metric the trials were chosen by (absent for accuracy: the spec stays as it was).
      ...(stored.metric !== undefined ? { metric: stored.metric } : {}),
      seed: sweep.seed,
      trainSeed: `${sweep.seed}-fresh`,
      folds: sweep.folds,
      ...(stored.split ? { split: stored.split } : {}),
      repeats,
      splitSeeds: confirmSplitSeeds(sweep.seed, repeats),
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
    name = await confirmationFor(results, source, spec);
    if (name.length > 64) throw new UserError(`sweep "${source}": the name ${name} would be longer than 64 characters`);
  } finally {
    await results.close();
  }
  const run = await runSweep({ name, ...spec }, o);
  let ranking: Record<string, JsonValue>[] = [];
  let confirmed: ConfirmedTrial[] = [];
  if (run.outcome === 'completed') {
    const after = await openResults(o.db);
    try {
      ranking = await after.leaderboard({ sweep: name, metric });
      confirmed = confirmedTrials(picked, metric, await after.foldCells(name, metric));
    } finally {
      await after.close();
    }
  }
  return { source, sweep: name, metric, splitSeeds: spec.splitSeeds as number[], picked: picked.map((r) => ({ trialKey: r.trialKey, rank: r.rank ?? 0, mean: r.mean })), run, ranking, confirmed, method: CONFIRM_METHOD };
}

/**
 * The confirmation to run: the one of the same design (description, repeats, split seeds, trial
 * count) to resume, else the next free name.
 */
async function confirmationFor(results: Awaited<ReturnType<typeof openResults>>, source: string, spec: Record<string, unknown>): Promise<string> {
  const existing = confirmationsOf(source, (await results.sweeps()).map((s) => s.name));
  const same = (stored: Record<string, unknown>) =>
    (['description', 'repeats', 'splitSeeds', 'trainSeed'] as const).every((k) => JSON.stringify(stored[k]) === JSON.stringify(spec[k])) &&
    (stored.trials as unknown[] | undefined)?.length === (spec.trials as unknown[]).length;
  for (const n of existing) {
    if (same(JSON.parse((await results.sweepRow(n)).spec) as Record<string, unknown>)) return n;
  }
  return confirmationName(source, existing.length + 1);
}

/**
 * Each picked trial's mean of the metric over the new cells with the corrected repeated k-fold
 * interval, in the leaderboard's unit (percent for accuracies). The variance floor of half a
 * held-out row squared is a step of accuracy; other metrics have none.
 */
function confirmedTrials(picked: readonly LeaderboardRow[], metric: MetricName, c: Awaited<ReturnType<Awaited<ReturnType<typeof openResults>>['foldCells']>>): ConfirmedTrial[] {
  const byKey = new Map(c.trials.map((t) => [t.trialKey, t.cells]));
  const floor = metric === 'accuracy' ? varianceFloor(c.heldOutRows ?? 0) : 0;
  const options = { testTrainRatio: testTrainRatio(c.sweep.folds), splits: 'fresh' as const, minVariance: floor };
  const scale = PERCENT.has(metric) ? 100 : 1;
  const worse = METRIC_DIRECTION[metric] === 'lower' ? -1 : 1;
  return picked.map((r) => {
    const cells = byKey.get(r.trialKey) ?? [];
    const n = c.sweep.folds * c.sweep.repeats;
    const complete = cells.length === c.sweep.repeats && cells.every((row) => row.every((x) => x !== null));
    const e = complete ? repeatedCvInterval(cells as number[][], options) : null;
    const scaled = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? null : scale * x);
    const mean = scaled(e?.mean);
    return {
      trialKey: r.trialKey,
      sweepRank: r.rank ?? 0,
      sweepMean: r.mean,
      mean,
      low: scaled(e?.low),
      high: scaled(e?.high),
      cells: n,
      df: e ? e.df : null,
      drop: mean === null || r.mean === null ? null : worse * (r.mean - mean),
    };
  });
}

/**
 * The sweep `confirm` takes when none is named: the most recent one a user ran, not a confirmation
 * or an inner sweep of nested cross-validation (after one confirmation, the most recent sweep is
 * the confirmation itself). Undefined when there is none: the board's own message then says so.
 */
async function confirmable(results: Results): Promise<string | undefined> {
  const names = (await results.sweeps()).map((s) => s.name);
  for (let i = names.length - 1; i >= 0; i--) {
    if (isConfirmation(names[i])) continue;
    if ((JSON.parse((await results.sweepRow(names[i])).spec) as SweepSpec).outer) continue;
    return names[i];
  }
  return undefined;
}
