/**
 * dropsweep as a library: the same operations as the CLI, typed, returning the objects the CLI's
 * `--format json` prints. Every function checks its arguments as the CLI checks its flags (the
 * options are declared once, in src/api/options/): an unknown key, a wrong type or a value out of
 * range throws `UserError` (with `exitCode` 2) naming the option, file or key, before anything is
 * written. docs/library.md has every function with an example.
 */
export { crossValidate, type CvConfig, type CvOptions, type CvResult, type MetricSummary } from './api/cross-validate.js';
export { planSweep, type PlanOptions, type PlanSummary } from './api/plan.js';
export { nestedSweep, outerName, NESTED_METHOD, type NestedOptions, type NestedSummary, type OuterFold, type NestedResult } from './api/nested.js';
export { confirmSweep, confirmName, confirmSplitSeeds, CONFIRM_METHOD, type ConfirmOptions, type ConfirmSummary, type ConfirmedTrial } from './api/confirm.js';
export { runSweepChecked as runSweep, type RunSweepOptions, type RunSweepSummary, type RunStart, type StartUpStop, type SweepProgress, type SweepTotals } from './api/run.js';
export {
  openResults,
  Results,
  type Comparison,
  type Effects,
  type FoldRow,
  type JsonValue,
  type LeaderboardQuery,
  type LeaderboardRow,
  type StatusRow,
  type SweepInfo,
  type SweepNotes,
  type TrialDetail,
} from './api/results.js';
export { migrateDatabase, type MigrateSummary } from './api/migrate.js';
export { deleteSweep, renameSweep, setNote, type DeleteOptions, type DeleteSummary, type NoteOptions, type NoteSummary, type RenameOptions, type RenameSummary } from './api/manage.js';
export { startDashboard, type Dashboard, type DashboardOptions } from './serve/server.js';
export { UserError } from './errors.js';
export { EXIT_STORE_FAULT } from './store/faults.js';
export type { Leaderboard, LeaderboardRow as RankedTrial, SortKey, TrialStatus } from './report/leaderboard.js';
export type { CurvePoint, EffectRow, Pivot } from './report/effects.js';
export type { Importance, ImportanceResult } from './report/importance.js';
export type { Design } from './report/design.js';
export type { Provenance, ReportInput, TrialCounts } from './report/html.js';
export type { SweepSpec, CurveSettings } from './sweep/spec.js';
export type { RaceSettings } from './sweep/racing.js';
export { METRICS, METRIC_DIRECTION, DEFAULT_METRIC, type MetricName, type FoldMetrics } from './stats/metrics.js';
export type { PlannedTrial } from './sweep/planner.js';
export type { TrainConfig, Placement, FitResult, LearningCurve } from './engine/model.js';
