/**
 * What the charts plot: a metric's name, unit, direction and range. Charts take it as an option,
 * so a ranking metric other than accuracy (log loss: lower is better, no upper bound) draws with
 * the same code.
 */
export interface Metric {
  /** As written on axes: `accuracy`, `log loss`. */
  name: string;
  /** `%` for accuracy in percent; '' for a unitless metric. */
  unit: string;
  higherIsBetter: boolean;
  /** The values the metric can take: intervals are clipped to them (null: unbounded). */
  min: number | null;
  max: number | null;
  /** Digits after the point in labels. */
  digits: number;
}

export const ACCURACY: Metric = { name: 'accuracy', unit: '%', higherIsBetter: true, min: 0, max: 100, digits: 2 };
export const LOG_LOSS: Metric = { name: 'log loss', unit: '', higherIsBetter: false, min: 0, max: null, digits: 4 };
export const BALANCED_ACCURACY: Metric = { name: 'balanced accuracy', unit: '%', higherIsBetter: true, min: 0, max: 100, digits: 2 };
export const MACRO_F1: Metric = { name: 'macro F1', unit: '', higherIsBetter: true, min: 0, max: 1, digits: 4 };
export const ROC_AUC: Metric = { name: 'ROC AUC', unit: '', higherIsBetter: true, min: 0, max: 1, digits: 4 };

/**
 * The chart metric of a ranking metric's name (src/stats/metrics.ts METRICS; this module runs in the
 * browser too, so it holds the names as text): accuracies in percent, the others as they are.
 */
export const METRIC_BY_NAME: Readonly<Record<string, Metric>> = { accuracy: ACCURACY, balanced_accuracy: BALANCED_ACCURACY, macro_f1: MACRO_F1, log_loss: LOG_LOSS, roc_auc: ROC_AUC };
export const chartMetric = (name: string | null | undefined): Metric => METRIC_BY_NAME[name ?? 'accuracy'] ?? ACCURACY;
/** A stored value (a fraction for accuracies) in the metric's unit: percent for `%` metrics. */
export const fromFraction = (m: Metric, v: number | null | undefined): number | null => (v === null || v === undefined || !Number.isFinite(v) ? null : m.unit === '%' ? v * 100 : v);

export const metricLabel = (m: Metric, what = 'mean') => `${what} ${m.name}${m.unit ? ` ${m.unit}` : ''}`;
export const formatMetric = (m: Metric, v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '-' : `${v.toFixed(m.digits)}${m.unit}`);
export const rangeText = (m: Metric) => `${m.min ?? '-∞'}-${m.max ?? '∞'}`;
/** True when a is better than b under the metric's direction. */
export const better = (m: Metric, a: number, b: number) => (m.higherIsBetter ? a > b : a < b);
