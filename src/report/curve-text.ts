import type { LearningCurve } from '../engine/model.js';
import { METRICS, type MetricName } from '../stats/metrics.js';
import { formatMetric, metricHeader } from './metric-format.js';
import { newTable } from './render.js';

/**
 * Learning curves as text, for `dropsweep show --curves`: a small table of checkpoints and one
 * sparkline per series. Pure: curves in, strings out.
 */

/** A learning curve as the text renderers read it: one fold's LearningCurve, or the mean over folds. */
export interface CurveSeries {
  /** Training loss of each epoch, epoch 1 first (NaN where no fold has a value). */
  trainLoss: ArrayLike<number>;
  /** The epochs (1-based, ascending) at which the held-out rows were scored. */
  epochs: ArrayLike<number>;
  /** Held-out metrics at those epochs, one array per metric (NaN where undefined or diverged). */
  heldOut: Record<MetricName, ArrayLike<number>>;
  /** For a mean over folds: how many folds ran each epoch (a diverged fold stops early). */
  trainFolds?: ArrayLike<number>;
}

/**
 * The mean curve over folds, epoch by epoch: the training loss over the folds that ran that epoch,
 * each held-out metric over the folds scored at that checkpoint (NaN values left out). Folds
 * stopped by divergence run fewer epochs; `trainFolds` says how many folds each epoch's mean is of.
 */
export function meanCurve(curves: readonly LearningCurve[]): CurveSeries {
  const length = Math.max(0, ...curves.map((c) => c.trainLoss.length));
  const trainLoss = new Float64Array(length);
  const trainFolds = new Int32Array(length);
  for (let e = 0; e < length; e++) {
    const values = curves.map((c) => (e < c.trainLoss.length ? c.trainLoss[e] : NaN)).filter(Number.isFinite);
    trainFolds[e] = curves.filter((c) => e < c.trainLoss.length).length;
    trainLoss[e] = values.length ? values.reduce((s, v) => s + v, 0) / values.length : NaN;
  }
  const epochs = [...new Set(curves.flatMap((c) => Array.from(c.epochs)))].sort((a, b) => a - b);
  const heldOut = Object.fromEntries(
    METRICS.map((m) => {
      const means = epochs.map((epoch) => {
        const values = curves.flatMap((c) => {
          const i = c.epochs.indexOf(epoch);
          return i >= 0 && Number.isFinite(c.heldOut[m][i]) ? [c.heldOut[m][i]] : [];
        });
        return values.length ? values.reduce((s, v) => s + v, 0) / values.length : NaN;
      });
      return [m, Float64Array.from(means)];
    }),
  ) as Record<MetricName, Float64Array>;
  return { trainLoss, epochs: Int32Array.from(epochs), heldOut, trainFolds };
}

/** At most `count` of `n` indices, evenly spread, always the first and the last. */
function spreadIndices(n: number, count: number): number[] {
  if (n <= count) return Array.from({ length: n }, (_, i) => i);
  if (count <= 1) return [n - 1];
  return [...new Set(Array.from({ length: count }, (_, i) => Math.round((i * (n - 1)) / (count - 1))))];
}

const loss = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : '-');

/**
 * A small table: epoch, training loss, held-out loss and the held-out ranking metric, at no more
 * than `maxRows` checkpoints (evenly spread, the first and the last always shown).
 */
export function curveTable(curve: CurveSeries, metric: MetricName, maxRows = 12): string {
  const withMetric = metric !== 'log_loss';
  const varying = curve.trainFolds !== undefined && new Set(Array.from(curve.trainFolds)).size > 1;
  const table = newTable([
    'epoch',
    'train loss',
    'held-out loss',
    ...(withMetric ? [`held-out ${metricHeader(metric)}`] : []),
    ...(varying ? ['folds training'] : []),
  ]);
  // Without checkpoints (a fit that diverged before its first), the training loss alone.
  const rows = curve.epochs.length > 0 ? Array.from(curve.epochs) : Array.from({ length: curve.trainLoss.length }, (_, i) => i + 1);
  for (const i of spreadIndices(rows.length, maxRows)) {
    const epoch = rows[i];
    const checkpoint = curve.epochs.length > 0 ? i : -1;
    const held = (m: MetricName) => (checkpoint >= 0 ? curve.heldOut[m][checkpoint] : NaN);
    table.push([
      epoch,
      loss(epoch <= curve.trainLoss.length ? curve.trainLoss[epoch - 1] : NaN),
      loss(held('log_loss')),
      ...(withMetric ? [formatMetric(metric, held(metric))] : []),
      ...(varying ? [epoch <= curve.trainLoss.length ? curve.trainFolds![epoch - 1] : 0] : []),
    ]);
  }
  return table.toString();
}

/** Eight heights; a gap (no value) is a space. */
const BARS = '▁▂▃▄▅▆▇█';

/**
 * A sparkline of exactly `width` characters over epochs 1..`epochs`, on the scale [lo, hi] (shared
 * by the series drawn against each other). Each character is the mean of the finite values in its
 * span of epochs; `value(epoch)` is NaN where a series has none.
 */
export function sparkline(value: (epoch: number) => number, epochs: number, width: number, lo: number, hi: number): string {
  let out = '';
  for (let i = 0; i < width; i++) {
    const from = Math.floor((i * epochs) / width) + 1;
    const to = Math.max(from, Math.floor(((i + 1) * epochs) / width));
    let sum = 0;
    let n = 0;
    for (let e = from; e <= to; e++) {
      const v = value(e);
      if (Number.isFinite(v)) {
        sum += v;
        n++;
      }
    }
    if (n === 0) {
      out += ' ';
      continue;
    }
    const level = hi > lo ? Math.round(((sum / n - lo) / (hi - lo)) * (BARS.length - 1)) : 0;
    out += BARS[Math.min(BARS.length - 1, Math.max(0, level))];
  }
  return out;
}

/**
 * A held-out series on the epoch axis: each epoch takes the last checkpoint at or before it (a
 * step, the value as last measured; nothing is interpolated), NaN before the first.
 */
function stepSeries(epochs: ArrayLike<number>, values: ArrayLike<number>): (epoch: number) => number {
  return (epoch) => {
    // Binary search for the last checkpoint <= epoch.
    let lo = 0;
    let hi = epochs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (epochs[mid] <= epoch) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? NaN : values[lo - 1];
  };
}

function finiteRange(values: number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  return finite.length ? [Math.min(...finite), Math.max(...finite)] : [NaN, NaN];
}

/**
 * One sparkline per series (training loss, held-out loss, held-out ranking metric), each line no
 * wider than `width` terminal columns. The two losses share one scale, so the gap between them
 * reads as the gap it is; the metric has its own, and every line prints the values it spans.
 */
export function curveSparklines(curve: CurveSeries, metric: MetricName, width: number): string[] {
  const epochs = Math.max(curve.trainLoss.length, curve.epochs.length ? curve.epochs[curve.epochs.length - 1] : 0);
  if (epochs === 0 || width < 1) return [];
  const train = (e: number) => (e <= curve.trainLoss.length ? curve.trainLoss[e - 1] : NaN);
  const heldLoss = stepSeries(curve.epochs, curve.heldOut.log_loss);
  const [lossLo, lossHi] = finiteRange([...Array.from(curve.trainLoss), ...Array.from(curve.heldOut.log_loss)]);
  const series: { label: string; value: (e: number) => number; lo: number; hi: number; show: (v: number) => string }[] = [
    { label: 'train loss', value: train, lo: lossLo, hi: lossHi, show: loss },
    { label: 'held-out loss', value: heldLoss, lo: lossLo, hi: lossHi, show: loss },
  ];
  if (metric !== 'log_loss') {
    const [lo, hi] = finiteRange(Array.from(curve.heldOut[metric]));
    series.push({ label: `held-out ${metricHeader(metric)}`, value: stepSeries(curve.epochs, curve.heldOut[metric]), lo, hi, show: (v) => formatMetric(metric, v) });
  }
  const labelWidth = Math.max(...series.map((s) => s.label.length));
  const ends = (s: (typeof series)[number]) => {
    const values = Array.from({ length: epochs }, (_, i) => s.value(i + 1)).filter(Number.isFinite);
    return values.length ? ` ${s.show(values[0])} -> ${s.show(values[values.length - 1])}` : '';
  };
  const summaryWidth = Math.max(...series.map((s) => ends(s).length));
  // The sparkline gets what the label and the summary leave; below 8 characters the summary goes first.
  let sparkWidth = Math.min(epochs, width - labelWidth - 1 - summaryWidth);
  const withSummary = sparkWidth >= Math.min(8, epochs);
  if (!withSummary) sparkWidth = Math.min(epochs, width - labelWidth - 1);
  const lines = series.map((s) => {
    const line = `${s.label.padEnd(labelWidth)} ${sparkWidth > 0 ? sparkline(s.value, epochs, sparkWidth, s.lo, s.hi) : ''}${withSummary ? ends(s) : ''}`;
    return line.slice(0, width).trimEnd();
  });
  const axis = `${' '.repeat(labelWidth + 1)}epoch 1${' '.repeat(Math.max(1, sparkWidth - 7 - String(epochs).length))}${epochs}`;
  if (sparkWidth >= 7 + 1 + String(epochs).length && axis.length <= width) lines.push(axis);
  return lines;
}

/**
 * What `dropsweep show --curves` prints for one trial: a line saying what the numbers are, the
 * checkpoint table and the sparklines (none wider than `width`) of the mean curve over its folds.
 */
export function curvesText(curves: readonly LearningCurve[], metric: MetricName, width: number): string {
  if (curves.length === 0) return 'no learning curves stored for this trial';
  const mean = meanCurve(curves);
  const what =
    curves.length === 1
      ? 'learning curve of 1 fold'
      : `mean learning curve over ${curves.length} folds`;
  const lines = [
    `${what}: training loss every epoch; held-out loss and ${metric} at the checkpoint epochs (the value shown is as last measured)`,
    curveTable(mean, metric),
    ...curveSparklines(mean, metric, width),
  ];
  return lines.join('\n');
}
