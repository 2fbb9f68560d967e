/**
 * dropsweep as a library: the same operations as the CLI, typed, returning the objects the CLI's
 * `--format json` prints. Mistakes in the input throw `UserError` (with `exitCode` 2) and name
 * the option, file or key; nothing is written before the input has been checked.
 */
export { crossValidate, type CvConfig, type CvOptions, type CvResult, type MetricSummary } from './api/cross-validate.js';
export { planSweep, type PlanSummary } from './api/plan.js';
export { confirmSweep, confirmName, type ConfirmOptions, type ConfirmSummary } from './api/confirm.js';
export { runSweep, type RunSweepOptions, type RunSweepSummary, type RunStart, type StartUpStop, type SweepProgress, type SweepTotals } from './api/run.js';
export {
  openResults,
  Results,
  type Comparison,
  type FoldRow,
  type LeaderboardQuery,
  type StatusRow,
  type SweepInfo,
  type TrialDetail,
} from './api/results.js';
export { startDashboard, type Dashboard, type DashboardOptions } from './serve/server.js';
export { UserError } from './errors.js';
export { EXIT_STORE_FAULT } from './store/faults.js';
export type { Leaderboard, LeaderboardRow, SortKey } from './report/leaderboard.js';
export type { CurvePoint, EffectRow, Pivot } from './report/effects.js';
export type { Importance, ImportanceResult } from './report/importance.js';
export type { Design } from './report/design.js';
export type { Provenance, ReportInput, TrialCounts } from './report/html.js';
export type { SweepSpec, CurveSettings } from './sweep/spec.js';
export { METRICS, METRIC_DIRECTION, DEFAULT_METRIC, type MetricName, type FoldMetrics } from './stats/metrics.js';
export type { PlannedTrial } from './sweep/planner.js';
export type { TrainConfig, Placement, FitResult, LearningCurve } from './engine/model.js';
