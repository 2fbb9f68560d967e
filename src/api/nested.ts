/**
 * Nested cross-validation (Varma & Simon 2006): what "run the sweep, take its winner" scores on
 * rows the search never saw. The data is split into K outer folds (the sweep's split method and
 * seed); for each, the whole sweep runs on the outer training rows as an ordinary stored sweep,
 * NAME-outer-i (resumable, fenced, on either store), and its winner by the sweep's ranking metric
 * (leaderboard rank 1) is trained on all those rows and scored on the outer test fold. That outer
 * fit is stored (outer_fits, schema 7) with the inner sweep, so a resumed run trains only the
 * missing ones. The mean of the K outer scores, with the corrected k-fold interval over them
 * (report/nested.ts), is the honest estimate; the mean of the inner winners' sweep scores is the
 * optimistic one a sweep prints.
 */
import { foldCache, type FoldData } from '../data/fold-data.js';
import { splitFolds } from '../data/folds.js';
import type { Dataset } from '../data/dataset.js';
import { resolveDataset } from '../data/registry.js';
import { chooseKernel, type KernelName } from '../engine/fused/kernels.js';
import type { TrainConfig } from '../engine/model.js';
import { modelSeed } from '../engine/seeds.js';
import { trainFits, type EngineName } from '../engine/train.js';
import { UserError } from '../errors.js';
import { nestedResult, NESTED_METHOD, type NestedResult, type OuterFoldInput } from '../report/nested.js';
import { PERCENT } from '../report/metric-format.js';
import { METRIC_DIRECTION, METRICS, type MetricName } from '../stats/metrics.js';
import { chooseDb, openStore, shownLocation, type NewOuterFit, type Store } from '../store/store.js';
import { planSweep } from '../sweep/planner.js';
import { divergedScore } from '../sweep/scores.js';
import { rankingMetric, type SweepSpec } from '../sweep/spec.js';
import { locatedFault, withLocatedFaults } from './located.js';
import { outerFoldOf } from './nested-stored.js';
import { openResults } from './results.js';
import { runSweep, type RunSweepOptions, type RunSweepSummary } from './run.js';
import { waitingOutLocks } from './start-up-store.js';
import { readSweep } from './sweep-file.js';

export { NESTED_METHOD };
export type { NestedResult, OuterFold } from '../report/nested.js';

export interface NestedOptions extends RunSweepOptions {
  /** Outer folds K; default 5. */
  outer?: number;
}

export interface NestedSummary extends NestedResult {
  /** 'completed', or how the inner run that stopped ended (its summary in `stoppedRun`). */
  outcome: string;
  stoppedRun?: RunSweepSummary;
  /** Outer fits trained by this call, and those found stored (a resumed run trains only the missing ones). */
  outerFitsTrained: number;
  outerFitsReused: number;
}

export const outerName = (name: string, i: number) => `${name}-outer-${i + 1}`;

/** Checks the outer count and the sweep file before any database is touched. */
function checkNested(k: number, file: string, spec: SweepSpec): void {
  if (!Number.isInteger(k) || k < 2 || k > 100) throw new UserError(`option outer: ${k} is not an integer in [2, 100]`);
  if (spec.outer) throw new UserError(`${file}: sweep "${spec.name}" is already an inner sweep of nested cross-validation`);
  if (outerName(spec.name, k - 1).length > 64) throw new UserError(`${file}: the name ${outerName(spec.name, k - 1)} would be longer than 64 characters`);
}

/** Runs (or resumes) the K inner sweeps, then scores each winner on its outer test fold (or reuses the stored score). */
export async function nestedSweep(specOrPath: string | Record<string, unknown>, o: NestedOptions = {}): Promise<NestedSummary> {
  const { outer: outerOption, ...runOptions } = o;
  const k = outerOption ?? 5;
  const read = readSweep(specOrPath);
  const { spec } = read;
  checkNested(k, read.file, spec);
  const metric = rankingMetric(spec);
  const whole = await resolveDataset(read.dataPath, { target: spec.target, maxDataMb: o.maxDataMb });
  const folds = foldCache(whole, splitFolds(whole.labels, k, spec.seed, spec.split, whole.source, whole.classes));
  const configs = new Map(planSweep(spec).trials.map((t) => [t.key, t.config]));
  const done: OuterFoldInput[] = [];
  const counts = { outerFitsTrained: 0, outerFitsReused: 0 };
  const summary = (outcome: string, stoppedRun?: RunSweepSummary): NestedSummary => ({ ...nestedResult(spec.name, k, metric, done), outcome, ...(stoppedRun ? { stoppedRun } : {}), ...counts });
  let store: Store | undefined;
  try {
    for (let i = 0; i < k; i++) {
      const name = outerName(spec.name, i);
      const run = await runSweep({ ...JSON.parse(read.specJson), name, data: read.dataPath, outer: { folds: k, fold: i, seed: spec.seed } }, runOptions);
      if (run.outcome !== 'completed') return summary(run.outcome, run);
      store ??= await openWriting(o);
      const winner = await innerWinner(run.db, name, store);
      const stored = (await store.results.outerFits(spec.name)).find((r) => r.sweep === name && r.outer_folds === k && r.winner_key === winner.key && r.metric === metric);
      if (stored) {
        counts.outerFitsReused++;
        done.push(outerFoldOf(stored));
        continue;
      }
      const fit = await outerFit({ o, spec, metric, whole, folds, config: configs.get(winner.key)!, fold: i, winner: winner.key, engine: winner.engine, backends: winner.backends, name });
      counts.outerFitsTrained++;
      const row: NewOuterFit = { ...fit, sweep_id: winner.sweepId, nested: spec.name, outer_folds: k, metric, inner_score: winner.innerScore(metric) };
      const s = store;
      await waitingOutLocks(() => s.outerFits.save(row), { seconds: o.storeTimeoutSeconds ?? 30, signal: o.signal, location: s.location, onNotice: o.onNotice });
      done.push(outerFoldOf({ ...row, sweep: name, created_at: 0 }));
    }
  } finally {
    await store?.close();
  }
  return summary('completed');
}

async function openWriting(o: NestedOptions): Promise<Store> {
  const chosen = chooseDb(o.db);
  const store = await openStore(chosen).catch((err: unknown) => Promise.reject(locatedFault(err, shownLocation(chosen))));
  return withLocatedFaults(store);
}

/** The inner sweep's winner (leaderboard rank 1 by the sweep's ranking metric), its engine and kernel builds. */
async function innerWinner(db: string, name: string, store: Store) {
  const results = await openResults(db);
  try {
    const { sweep, board } = await results.board({ sweep: name });
    const row = board.rows.find((r) => r.status === 'complete' && r.rank === 1);
    if (!row) throw new UserError(`sweep "${name}" has no complete trial: nested cross-validation needs a winner in every outer fold`);
    const backends = (await store.results.sweepBackends(sweep.id)).map((b) => b.backend);
    // The board shows accuracies in percent; the store keeps the metric's own units.
    const innerScore = (metric: MetricName) => (PERCENT.has(metric) ? row.mean! / 100 : row.mean!);
    return { key: row.trialKey, sweepId: sweep.id, engine: sweep.engine as EngineName, backends, innerScore };
  } finally {
    await results.close();
  }
}

interface OuterFitInput {
  o: NestedOptions;
  spec: SweepSpec;
  metric: MetricName;
  whole: Dataset;
  folds: (fold: number) => FoldData;
  config: TrainConfig;
  fold: number;
  winner: string;
  engine: EngineName;
  backends: string[];
  name: string;
}

/** Trains the winner on outer fold `fold`'s training rows with the inner sweep's engine and kernel, and scores it on its test rows. */
async function outerFit(x: OuterFitInput) {
  const { o, spec, metric, whole, config, fold, winner, engine } = x;
  const backend =
    engine === 'tfjs'
      ? await (await import('../engine/backend.js')).selectBackend(o.backend)
      : chooseKernel(o.kernel ?? process.env.DROPSWEEP_KERNEL, o.kernel !== undefined ? 'option kernel' : 'DROPSWEEP_KERNEL', [{ inputs: whole.columns, config, classes: whole.classes.length }], { name: x.name, storedBackends: x.backends });
  const seed = modelSeed(`${spec.seed}-outer`, winner, fold, 0);
  const [fit] = await trainFits(engine, [{ config, fold, seed }], x.folds, engine === 'tfjs' ? {} : { kernel: backend as KernelName });
  const testY = x.folds(fold).testY;
  const metrics = Object.fromEntries(METRICS.map((m) => [m, fit.diverged ? null : m === 'accuracy' ? fit.accuracy : (fit.metrics?.[m] ?? null)])) as Record<MetricName, number | null>;
  // A diverged winner scores what a model that learned nothing scores: the majority class with full confidence.
  const oriented = divergedScore(metric, testY);
  const outerScore = fit.diverged ? (METRIC_DIRECTION[metric] === 'lower' ? -oriented : oriented) : metrics[metric];
  return {
    outer_fold: fold,
    winner_key: winner,
    outer_score: outerScore,
    test_rows: testY.length,
    ...metrics,
    diverged: fit.diverged ? 1 : 0,
    epochs_run: fit.epochsRun,
    seconds: fit.seconds,
    engine,
    backend: String(backend),
    seed: String(seed),
  };
}
