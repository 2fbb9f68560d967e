/**
 * Between domain values and table rows, in one place for both dialects: a column added to a table
 * is added here (and to each dialect's SQL), never to the protocol.
 */
import type { TrainConfig } from '../../engine/model.js';
import type { PlannedTrial } from '../../sweep/planner.js';
import type { FoldScore, TrialScores } from '../../sweep/scores.js';
import { fitKey, type NewSweep, type StoredFit, type TrialSettingColumns } from '../types.js';
import { METRIC_COLUMNS, packCurve, type CurveColumns } from './curve-blobs.js';

/** A number a REAL / DOUBLE PRECISION column can hold: NaN and the infinities (and null) are stored as NULL. */
export const finite = (x: number | null | undefined): number | null => (Number.isFinite(x) ? (x as number) : null);

/** The columns of a new sweep (a sweep made before data identities has none). */
export function sweepColumns(row: NewSweep, createdAt: string): Record<string, unknown> {
  return { data_sha256: null, data_rows: null, data_columns: null, data_classes: null, race: null, ...row, created_at: createdAt };
}

/** A planned trial's columns: its configuration as JSON and as one column per setting. */
export function trialColumns(t: PlannedTrial): Record<string, unknown> {
  return {
    trial_key: t.key,
    label: t.label ?? null,
    config: JSON.stringify(t.config),
    placement: t.config.placement,
    dropout: t.config.dropout,
    max_norm: t.config.maxNorm,
    lr: t.config.lr,
    momentum: t.config.momentum,
    epochs: t.config.epochs,
    batch_size: t.config.batchSize,
    hidden: t.config.hidden.join('-'),
  };
}

/** A finished fit's columns (backend, engine and time are the pack's). One rule for both stores: a non-finite number is NULL. */
export function foldResultColumns(f: StoredFit): Record<string, unknown> {
  return {
    trial_id: f.trialId,
    fold: f.fold,
    repeat: f.repeat,
    accuracy: finite(f.result.accuracy),
    // Every other held-out metric (schema 5); NULL when the fit diverged or its engine returned none.
    balanced_accuracy: finite(f.result.metrics?.balanced_accuracy),
    macro_f1: finite(f.result.metrics?.macro_f1),
    log_loss: finite(f.result.metrics?.log_loss),
    roc_auc: finite(f.result.metrics?.roc_auc),
    loss: finite(f.result.loss),
    train_loss: finite(f.result.trainLoss),
    epochs_run: f.result.epochsRun,
    diverged: f.result.diverged ? 1 : 0,
    seconds: f.result.seconds,
    seed: f.seed,
  };
}

/** A finished fit's learning curve as a fold_curves row (only fits that returned one have a row). */
export function curveColumns(f: StoredFit & { result: { curve: NonNullable<StoredFit['result']['curve']> } }): { trial_id: number; fold: number; repeat: number } & CurveColumns {
  return { trial_id: f.trialId, fold: f.fold, repeat: f.repeat, ...packCurve(f.result.curve) };
}

/** A claimed trial as the claim statement returns it. */
export interface ClaimRow {
  id: number;
  trial_key: string;
  label: string | null;
  config: string;
  attempts: number;
  lease_token: number;
}

export const trialConfig = (json: string) => JSON.parse(json) as TrainConfig;

/** A trial with its folds as the scores statement returns it: the folds as JSON text (SQLite) or parsed (PostgreSQL). */
export interface ScoreRow extends TrialSettingColumns {
  trial_key: string;
  label: string | null;
  state: string;
  error: string | null;
  pruned_by: string | null;
  pruned_p: number | null;
  pruned_after: number | null;
  /** [fold, repeat, accuracy, diverged, seconds, balanced_accuracy, macro_f1, log_loss, roc_auc] per stored fit. */
  folds: string | [number, number, number | null, number, number, ...(number | null)[]][];
}

export function trialScores(r: ScoreRow): TrialScores {
  const folds = typeof r.folds === 'string' ? (JSON.parse(r.folds) as Exclude<ScoreRow['folds'], string>) : r.folds;
  return {
    trialKey: r.trial_key,
    label: r.label,
    state: r.state,
    error: r.error,
    placement: r.placement,
    dropout: r.dropout,
    maxNorm: r.max_norm,
    lr: r.lr,
    momentum: r.momentum,
    epochs: r.epochs,
    batchSize: r.batch_size,
    hidden: r.hidden,
    prunedBy: r.pruned_by,
    prunedP: r.pruned_p,
    prunedAfter: r.pruned_after,
    folds: new Map(
      folds.map(([fold, repeat, accuracy, diverged, seconds, ...others]) => [
        fitKey(fold, repeat),
        // A fit stored before schema 5 (or diverged) has no other metric: no `metrics` at all.
        others.some((v) => v !== null && v !== undefined)
          ? { accuracy, diverged: diverged === 1, seconds, metrics: Object.fromEntries(METRIC_COLUMNS.map((m, i) => [m, others[i] ?? null])) as FoldScore['metrics'] }
          : { accuracy, diverged: diverged === 1, seconds },
      ]),
    ),
  };
}
