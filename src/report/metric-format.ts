import { METRICS, METRIC_DIRECTION, type MetricName } from '../stats/metrics.js';
import { newTable } from './render.js';

/** A held-out metric over the folds: mean and population std (ddof 0, as the tutorial reports) of the folds that scored it. */
export interface MetricSummary {
  /** null when no fold scored it. */
  mean: number | null;
  std: number | null;
  /** Each fold's value: null when the fold diverged, the metric is undefined on it (ROC AUC with a class absent), or the engine did not return it. */
  folds: (number | null)[];
}

/** Proportions people read as percentages; the others as plain numbers. */
export const PERCENT: ReadonlySet<MetricName> = new Set(['accuracy', 'balanced_accuracy']);

/** The column header of a metric, with its unit. */
export function metricHeader(name: MetricName): string {
  return PERCENT.has(name) ? `${name} %` : name;
}

/** A metric's value as the tables print it: 85.10 (percent) for accuracies, 0.3521 for the rest; - when there is none. */
export function formatMetric(name: MetricName, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '-';
  return PERCENT.has(name) ? (value * 100).toFixed(2) : value.toFixed(4);
}

/** `85.10%` or `0.3521`: a value with its unit, for prose lines. */
export function formatMetricWithUnit(name: MetricName, value: number): string {
  return `${formatMetric(name, value)}${PERCENT.has(name) ? '%' : ''}`;
}

/**
 * Every metric's mean and std over the folds as a table, the headlined one marked, with how many
 * folds scored it (a diverged fold scores nothing; ROC AUC is undefined on a fold missing a class).
 */
export function metricSummaryTable(metrics: Record<MetricName, MetricSummary>, headline: MetricName, stream?: NodeJS.WriteStream): string {
  const table = newTable(['metric', 'better', 'mean over folds', 'std over folds', 'folds scored'], stream);
  for (const name of METRICS) {
    const m = metrics[name];
    const scored = m.folds.filter((v) => v !== null).length;
    table.push([`${metricHeader(name)}${name === headline ? ' (headline)' : ''}`, METRIC_DIRECTION[name], formatMetric(name, m.mean), formatMetric(name, m.std), `${scored} of ${m.folds.length}`]);
  }
  return table.toString();
}
