/**
 * Nested cross-validation's result as every reader shows it (the `nested` command, leaderboard's
 * footer and json, the HTML report, the dashboard): the outer folds and the estimate over them.
 * Pure: the outer folds in, the estimate out (src/stats/repeated-cv.ts nestedCvEstimate).
 */
import { METRIC_DIRECTION, type MetricName } from '../stats/metrics.js';
import { nestedCvEstimate } from '../stats/repeated-cv.js';
import { mean, testTrainRatio, varianceFloor } from '../stats/statistics.js';
import { PERCENT } from './metric-format.js';

export const NESTED_METHOD = "nested cross-validation (Varma & Simon 2006); interval: Nadeau & Bengio's corrected k-fold t over the K outer scores (variance x (1/K + 1/(K-1)), K - 1 df), 95%";

/** The method in short, for one-line displays. */
export const NESTED_METHOD_SHORT = "nested cross-validation, Varma & Simon 2006; interval: Nadeau & Bengio's corrected t, K - 1 df";

/** What the nested estimate estimates, in the words every reader prints. */
export const NESTED_ESTIMATES = 'what "run the sweep, take its top trial" scores on rows the search never saw';

/** One outer fold as stored: scores in the metric's own units (accuracies as fractions). */
export interface OuterFoldInput {
  /** The inner sweep, NAME-outer-i. */
  sweep: string;
  /** 0-based. */
  outerFold: number;
  winner: string;
  /** The winner's mean of the ranking metric over its inner folds. */
  innerScore: number;
  /** Its ranking metric on the outer test fold (a diverged fit: the majority-class model's); null where undefined. */
  outerScore: number | null;
  testRows: number;
  diverged: boolean;
  /** Every held-out metric of the outer fit (null: diverged, or undefined on the fold). */
  metrics: Record<MetricName, number | null>;
  engine: string;
  /** The fused kernel build, or the tfjs backend. */
  backend: string;
}

/** One outer fold as shown: `innerScore` and `outerScore` in the leaderboard's units (percent for accuracies). */
export type OuterFold = OuterFoldInput;

export interface NestedEstimate {
  mean: number;
  low: number;
  high: number;
  se: number;
  df: number;
  /** The outer folds the estimate is over (those whose metric is defined). */
  cells: number;
}

export interface NestedResult {
  /** The sweep whose procedure is estimated (its inner sweeps are NAME-outer-i). */
  sweep: string;
  outer: number;
  /** The ranking metric: it picks each inner winner and is what the estimate is of. */
  metric: MetricName;
  /** Whether `innerScore`, `outerScore`, `estimate` and `optimistic` are percent (accuracies) or the metric's own values. */
  percent: boolean;
  folds: OuterFold[];
  /** The nested estimate with its 95% interval; null until every outer fold is scored (or with fewer than 2 scores). */
  estimate: NestedEstimate | null;
  /** Mean of the inner winners' sweep scores: the selected, optimistic number a sweep prints. */
  optimistic: number | null;
  estimates: string;
  method: string;
}

/** The estimate over the outer folds given (all K of them when complete). */
export function nestedResult(sweep: string, outer: number, metric: MetricName, folds: OuterFoldInput[]): NestedResult {
  const scale = PERCENT.has(metric) ? 100 : 1;
  const shown = folds.map((f) => ({ ...f, innerScore: f.innerScore * scale, outerScore: f.outerScore === null ? null : f.outerScore * scale }));
  const result: NestedResult = { sweep, outer, metric, percent: scale === 100, folds: shown, estimate: null, optimistic: null, estimates: NESTED_ESTIMATES, method: NESTED_METHOD };
  if (folds.length < outer) return result;
  const scores = folds.map((f) => f.outerScore).filter((x): x is number => x !== null);
  result.optimistic = mean(shown.map((f) => f.innerScore));
  if (scores.length < 2) return result;
  // Accuracy moves in steps of one test row: no interval rests on less than half a step squared.
  const floor = metric === 'accuracy' ? varianceFloor(Math.min(...folds.map((f) => f.testRows))) : 0;
  const e = nestedCvEstimate([scores], { testTrainRatio: testTrainRatio(outer), minVariance: floor });
  result.estimate = { mean: e.mean * scale, low: e.low * scale, high: e.high * scale, se: e.se * scale, df: e.df, cells: e.cells };
  return result;
}

/** A score in the result's units: 85.12% or 0.3521. */
export function nestedValue(n: Pick<NestedResult, 'percent'>, v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '-';
  return n.percent ? `${v.toFixed(2)}%` : v.toFixed(4);
}

/**
 * The interval as printed: the corrected t interval is symmetric and can run past what the metric
 * can take (below 0; above 100% or 1); the text stops at the bound and says so (json keeps the numbers).
 */
export function nestedInterval(n: Pick<NestedResult, 'percent' | 'metric'>, e: Pick<NestedEstimate, 'low' | 'high'>): string {
  const bound = n.percent ? 100 : n.metric === 'log_loss' ? Infinity : 1;
  const digits = n.percent ? 2 : 4;
  const lo = Math.max(0, e.low);
  const hi = Math.min(bound, e.high);
  return `${lo.toFixed(digits)} to ${hi.toFixed(digits)}${lo !== e.low || hi !== e.high ? ' (clipped)' : ''}`;
}

/**
 * The line under a leaderboard (and in the report and dashboard): the estimate, its interval and
 * method beside the sweep's top score. Null while the nested run is not complete.
 */
export function nestedLine(n: NestedResult, topScore: number | null): string | null {
  const e = n.estimate;
  if (!e) return null;
  const top = topScore === null ? '' : `, beside this sweep's top score ${nestedValue(n, topScore)}`;
  const metric = n.metric === 'accuracy' ? '' : ` ${n.metric}${METRIC_DIRECTION[n.metric] === 'lower' ? ' (lower better)' : ''}`;
  return `nested estimate${metric} (${NESTED_ESTIMATES}): ${nestedValue(n, e.mean)}, 95% interval ${nestedInterval(n, e)} over ${n.outer} outer folds${top} (${NESTED_METHOD_SHORT})`;
}
