/** A trial and its stored fold scores, as analysis reads them: plain values, no I/O. */
import { METRIC_DIRECTION, type MetricName } from '../stats/metrics.js';

/** A trial's configuration as its own columns (hidden widths joined: `60-30`). */
export interface TrialSettings {
  placement: string;
  dropout: number;
  maxNorm: number | null;
  lr: number;
  momentum: number;
  epochs: number;
  batchSize: number;
  hidden: string;
}

/** One trial with its stored fold results, as the store reads them. */
export interface TrialScores extends TrialSettings {
  trialKey: string;
  label: string | null;
  state: string;
  error: string | null;
  /** For a pruned trial: the reference trial's key, the p-value and the folds it had. */
  prunedBy?: string | null;
  prunedP?: number | null;
  prunedAfter?: number | null;
  /** Fold results keyed by `fold/repeat`. */
  folds: Map<string, FoldScore>;
}

/** One stored fit as analysis reads it. */
export interface FoldScore {
  accuracy: number | null;
  diverged: boolean;
  seconds: number;
  /** The other held-out metrics (schema 5): null for a fit stored before, diverged, or where undefined (ROC AUC with a class absent). */
  metrics?: Partial<Record<Exclude<MetricName, 'accuracy'>, number | null>>;
}

/** A fold's value of `metric` (accuracy or one of the others), null when it has none. */
export function foldMetric(f: FoldScore, metric: MetricName): number | null {
  return metric === 'accuracy' ? f.accuracy : (f.metrics?.[metric] ?? null);
}

/**
 * The trials with each fold's score replaced by `metric`'s value oriented so that larger is better
 * (a lower-is-better metric such as log loss negated): ranking, tests and racing read `accuracy`
 * and stay written once. Accuracy itself returns the trials untouched.
 */
export function orientedBy(trials: TrialScores[], metric: MetricName): TrialScores[] {
  if (metric === 'accuracy') return trials;
  const sign = METRIC_DIRECTION[metric] === 'lower' ? -1 : 1;
  return trials.map((t) => ({
    ...t,
    folds: new Map(
      [...t.folds].map(([k, f]) => {
        const v = foldMetric(f, metric);
        return [k, { ...f, accuracy: v === null ? null : sign * v }];
      }),
    ),
  }));
}

/**
 * What a diverged fold scores when racing ranks by `metric`, oriented larger-is-better: what a model
 * that predicts the majority class with full confidence scores (a diverged network's dead relus do
 * just that, see DIVERGED_LOSS in src/engine/model.ts). Accuracy: the majority share; balanced
 * accuracy: 1/K; macro F1: the majority class's F1, 2p / (1 + p), over K; ROC AUC: 0.5 (all ties);
 * log loss: the wrong rows at Keras's clipped -ln(1e-7) each, negated.
 */
export function divergedScore(metric: MetricName, labels: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) counts.set(labels[i], (counts.get(labels[i]) ?? 0) + 1);
  const k = Math.max(2, counts.size);
  const p = labels.length ? Math.max(...counts.values()) / labels.length : 0;
  switch (metric) {
    case 'accuracy':
      return p;
    case 'balanced_accuracy':
      return 1 / k;
    case 'macro_f1':
      return (2 * p) / (1 + p) / k;
    case 'roc_auc':
      return 0.5;
    case 'log_loss':
      return -(1 - p) * -Math.log(1e-7);
  }
}
