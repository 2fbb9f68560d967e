/**
 * Nested cross-validation (Varma & Simon 2006): what "run the sweep, take its winner" scores on
 * rows the search never saw. The data is split into K outer folds (the sweep's split method and
 * seed); for each, the whole sweep runs on the outer training rows as an ordinary stored sweep,
 * NAME-outer-i (resumable, fenced, on either store), and its winner (leaderboard rank 1) is
 * trained on all those rows and scored on the outer test fold. The mean of the K outer scores,
 * with the corrected k-fold interval over them (nestedCvEstimate), is the honest estimate; the
 * mean of the inner winners' sweep scores is the optimistic one a sweep prints.
 */
import { foldCache } from '../data/fold-data.js';
import { splitFolds } from '../data/folds.js';
import { resolveDataset } from '../data/registry.js';
import { chooseKernel } from '../engine/fused/kernels.js';
import { modelSeed } from '../engine/seeds.js';
import { trainFits, type EngineName } from '../engine/train.js';
import { UserError } from '../errors.js';
import { nestedCvEstimate } from '../stats/repeated-cv.js';
import { mean, testTrainRatio, varianceFloor } from '../stats/statistics.js';
import { planSweep } from '../sweep/planner.js';
import { openResults } from './results.js';
import { runSweep, type RunSweepOptions, type RunSweepSummary } from './run.js';
import { readSweep } from './sweep-file.js';

export interface NestedOptions extends RunSweepOptions {
  /** Outer folds K; default 5. */
  outer?: number;
}

export interface OuterResult {
  /** The inner sweep (NAME-outer-i, i from 1). */
  sweep: string;
  /** Outer test rows. */
  testRows: number;
  /** The inner sweep's winner and its score there (percent): the optimistic number. */
  winner: string;
  innerMeanPct: number;
  /** The winner trained on the outer training rows, scored on the outer test rows (percent); null: it diverged. */
  outerPct: number | null;
}

export interface NestedSummary {
  sweep: string;
  outer: number;
  /** The outer folds run so far, in order; all K when `outcome` is 'completed'. */
  folds: OuterResult[];
  /** 'completed', or how the inner run that stopped ended (its summary in `stoppedRun`). */
  outcome: string;
  stoppedRun?: RunSweepSummary;
  /** The nested estimate (percent) with its 95% interval; null until every outer fold is done. */
  estimate: { meanPct: number; lowPct: number; highPct: number; df: number } | null;
  /** Mean of the inner winners' sweep scores (percent): the selected, optimistic number. */
  optimisticPct: number | null;
  method: string;
}

export const NESTED_METHOD = "nested cross-validation (Varma & Simon 2006); interval: Nadeau & Bengio's corrected k-fold t over the K outer scores (variance x (1/K + 1/(K-1)), K - 1 df), 95%";

export const outerName = (name: string, i: number) => `${name}-outer-${i + 1}`;

/** Runs (or resumes) the K inner sweeps, then scores each winner on its outer test fold. */
export async function nestedSweep(specOrPath: string | Record<string, unknown>, o: NestedOptions = {}): Promise<NestedSummary> {
  const { outer: outerOption, ...runOptions } = o;
  const k = outerOption ?? 5;
  if (!Number.isInteger(k) || k < 2 || k > 100) throw new UserError(`option outer: ${k} is not an integer in [2, 100]`);
  const read = readSweep(specOrPath);
  const { spec } = read;
  if (spec.outer) throw new UserError(`${read.file}: sweep "${spec.name}" is already an inner sweep of nested cross-validation`);
  if (outerName(spec.name, k - 1).length > 64) throw new UserError(`${read.file}: the name ${outerName(spec.name, k - 1)} would be longer than 64 characters`);
  const summary: NestedSummary = { sweep: spec.name, outer: k, folds: [], outcome: 'completed', estimate: null, optimisticPct: null, method: NESTED_METHOD };
  const whole = await resolveDataset(read.dataPath, { target: spec.target, maxDataMb: o.maxDataMb });
  const outerFoldOf = splitFolds(whole.labels, k, spec.seed, spec.split, whole.source, whole.classes);
  const folds = foldCache(whole, outerFoldOf);
  const configs = new Map(planSweep(spec).trials.map((t) => [t.key, t.config]));
  for (let i = 0; i < k; i++) {
    const name = outerName(spec.name, i);
    const run = await runSweep({ ...JSON.parse(read.specJson), name, data: read.dataPath, outer: { folds: k, fold: i, seed: spec.seed } }, runOptions);
    if (run.outcome !== 'completed') return { ...summary, outcome: run.outcome, stoppedRun: run };
    const results = await openResults(run.db);
    let winner;
    let engine;
    try {
      const { sweep, board } = await results.board({ sweep: name });
      winner = board.rows.find((r) => r.status === 'complete' && r.rank === 1);
      engine = sweep.engine as EngineName;
    } finally {
      await results.close();
    }
    if (!winner) throw new UserError(`sweep "${name}" has no complete trial: nested cross-validation needs a winner in every outer fold`);
    const config = configs.get(winner.trialKey)!;
    const kernel = engine === 'tfjs' ? undefined : chooseKernel(o.kernel ?? process.env.DROPSWEEP_KERNEL, o.kernel !== undefined ? 'option kernel' : 'DROPSWEEP_KERNEL', [{ inputs: whole.columns, config, classes: whole.classes.length }]);
    const [fit] = await trainFits(engine, [{ config, fold: i, seed: modelSeed(`${spec.seed}-outer`, winner.trialKey, i, 0) }], folds, kernel ? { kernel } : {});
    summary.folds.push({ sweep: name, testRows: folds(i).testY.length, winner: winner.trialKey, innerMeanPct: winner.mean!, outerPct: fit.accuracy === null ? null : 100 * fit.accuracy });
  }
  // A diverged winner scores what a model that learned nothing scores: the majority rate of its test rows.
  const scores = summary.folds.map((f, i) => (f.outerPct !== null ? f.outerPct / 100 : majorityShare(folds(i).testY)));
  const e = nestedCvEstimate([scores], { testTrainRatio: testTrainRatio(k), minVariance: varianceFloor(Math.floor(whole.rows / k)) });
  summary.estimate = { meanPct: 100 * e.mean, lowPct: 100 * e.low, highPct: 100 * e.high, df: e.df };
  summary.optimisticPct = mean(summary.folds.map((f) => f.innerMeanPct));
  return summary;
}

function majorityShare(labels: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) counts.set(labels[i], (counts.get(labels[i]) ?? 0) + 1);
  return labels.length ? Math.max(...counts.values()) / labels.length : 0;
}
