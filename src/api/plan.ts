import { availableParallelism } from 'node:os';
import { resolveDataset } from '../data/registry.js';
import { layerSizes, type TrainConfig } from '../engine/model.js';
import { DEFAULT_ENGINE } from '../engine/train.js';
import { chooseDb, openStore, parseLocation, type Store } from '../store/store.js';
import type { PlannedTrial } from '../sweep/planner.js';
import { resolveOptions, type LibraryValues } from './options/declare.js';
import { PLAN_OPTIONS } from './options/run.js';
import { checkSweepArgument, loadSweep } from './sweep-file.js';

/**
 * Multiply-adds of one fold fit, the unit the estimate scales by: rows x epochs x (weights of
 * every layer, the output layer's K units for K > 2 classes included), three passes (forward,
 * two backward products).
 */
export function fitWork(config: TrainConfig, inputs: number, rows: number, classes = 2): number {
  const sizes = layerSizes(inputs, config, classes);
  let weights = 0;
  for (let l = 0; l + 1 < sizes.length; l++) weights += sizes[l] * sizes[l + 1];
  // Measured on the fused kernel (lr 0.1, momentum 0.9, max-norm 3, against the baseline):
  // dropout on one level costs about 1.1x a fit without, on both levels 1.2x. The hidden-level
  // ratio is the one `npm run bench -- --only fused` prints.
  const regularized = config.dropout > 0 && config.placement !== 'none' ? (config.placement === 'both' ? 1.2 : 1.1) : 1;
  return 3 * weights * rows * config.epochs * regularized;
}

/** Seconds per baseline fold fit (Sonar, tutorial model) on one core of this project's machine (npm run bench; README). */
const MEASURED_SECONDS_PER_BASELINE_FIT: Record<string, number> = { fused: 0.044, tfjs: 1.1 };
const BASELINE_CONFIG: TrainConfig = { hidden: [60, 30], placement: 'none', dropout: 0, maxNorm: null, lr: 0.01, momentum: 0.8, epochs: 300, batchSize: 16 };
const BASELINE_WORK = fitWork(BASELINE_CONFIG, 60, 187);

/** `planSweep`'s options (src/api/options/run.ts): workers to estimate for, the database to read measured speed from. */
export type PlanOptions = LibraryValues<typeof PLAN_OPTIONS>;

export interface PlanSummary {
  sweep: string;
  sampler: 'grid' | 'random';
  /** Grid points crossed, or random draws made. */
  gridPoints: number;
  explicitTrials: number;
  /** Distinct trials after equivalent configurations collapsed. */
  trials: number;
  collapsed: number;
  foldFits: number;
  folds: number;
  repeats: number;
  workers: number;
  engine: string;
  /** The data the estimate is sized by. */
  dataRows: number;
  dataColumns: number;
  estimatedSeconds: number;
  /** Where the speed came from: runs stored in the database, or this machine's benchmark. */
  speedFrom: 'database' | 'benchmark';
  /** The cost of `nested --outer K`, when `outer` was given. */
  nested?: NestedCost;
}

/**
 * What `dropsweep nested FILE --outer K` trains: K inner sweeps of the whole plan, each on (K-1)/K
 * of the rows, then one outer fit per outer fold (its winner on those rows). The time is estimated
 * as the run's, with the outer fit's work taken as the plan's mean trial (the winner is not known
 * before the run). With racing, the inner fits are an upper bound.
 */
export interface NestedCost {
  outer: number;
  innerSweeps: number;
  fitsPerInnerSweep: number;
  outerFits: number;
  fits: number;
  estimatedSeconds: number;
}

/**
 * Counts a sweep's trials and fold fits and estimates its duration, running nothing. The estimate
 * scales a measured speed by each trial's work on the actual data (rows and features).
 */
export async function planSweep(specOrPath: string | Record<string, unknown>, options: PlanOptions = {}): Promise<PlanSummary & { plannedTrials: PlannedTrial[] }> {
  checkSweepArgument('planSweep', specOrPath);
  const o = resolveOptions('planSweep', PLAN_OPTIONS, options);
  const { spec, plan, dataPath } = loadSweep(specOrPath);
  const data = await resolveDataset(dataPath, { target: spec.target, maxDataMb: o.maxDataMb });
  const workers = o.workers ?? availableParallelism();
  const trainRows = data.rows * (1 - 1 / spec.folds);
  const work = plan.trials.reduce((s, t) => s + fitWork(t.config, data.columns, trainRows, data.classes.length), 0) * spec.folds * spec.repeats;
  const engine = spec.engine ?? DEFAULT_ENGINE;
  const stored = await measuredSpeed(chooseDb(o.db), engine);
  const secondsPerUnit = stored ?? MEASURED_SECONDS_PER_BASELINE_FIT[engine] / BASELINE_WORK;
  const workOn = (rows: number) => plan.trials.reduce((s, t) => s + fitWork(t.config, data.columns, rows, data.classes.length), 0);
  let nested: NestedCost | undefined;
  if (o.outer !== undefined) {
    const k = o.outer;
    const outerTrainRows = data.rows * (1 - 1 / k);
    // The outer fits train one at a time, on one worker each.
    const innerWork = k * workOn(outerTrainRows * (1 - 1 / spec.folds)) * spec.folds * spec.repeats;
    const outerWork = plan.trials.length ? (k * workOn(outerTrainRows)) / plan.trials.length : 0;
    nested = { outer: k, innerSweeps: k, fitsPerInnerSweep: plan.foldFits, outerFits: k, fits: k * plan.foldFits + k, estimatedSeconds: Math.round((innerWork * secondsPerUnit) / workers + outerWork * secondsPerUnit) };
  }
  return {
    sweep: spec.name,
    sampler: spec.sampler ?? 'grid',
    gridPoints: plan.gridPoints,
    explicitTrials: plan.explicitTrials,
    trials: plan.trials.length,
    collapsed: plan.collapsed,
    foldFits: plan.foldFits,
    folds: spec.folds,
    repeats: spec.repeats,
    workers,
    engine,
    dataRows: data.rows,
    dataColumns: data.columns,
    estimatedSeconds: Math.round((work * secondsPerUnit) / workers),
    speedFrom: stored === null ? 'benchmark' : 'database',
    ...(nested ? { nested } : {}),
    plannedTrials: plan.trials,
  };
}

/** Seconds per unit of work over every finished fit of this engine in the database, when there are any. */
async function measuredSpeed(db: string, engine: string): Promise<number | null> {
  // A --db that can only be a mistake is refused; a database that is missing or unreachable just has no speed.
  parseLocation(db);
  let store: Store;
  try {
    store = await openStore(db, { readonly: true, connectTimeoutMs: 3_000 });
  } catch {
    return null;
  }
  try {
    let seconds = 0;
    let work = 0;
    for (const t of await store.results.fitTimings(engine)) {
      seconds += t.seconds;
      work += t.fits * fitWork(t.config, t.columns, t.rows * (1 - 1 / t.folds));
    }
    return work > 0 ? seconds / work : null;
  } finally {
    await store.close();
  }
}
