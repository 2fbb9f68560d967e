import { METRICS, foldMetrics, type FoldMetrics, type MetricName } from '../stats/metrics.js';
import type { LearningCurve } from './model.js';

/**
 * A fit's held-out metrics and learning curve from what both engines produce: the training loss of
 * every epoch run, the epochs at which the held-out rows were scored, and their probabilities at
 * each ([n] p(class 1) for one sigmoid unit, [n, K] for a softmax). The last checkpoint is the
 * final model; when the fit diverged its metrics are null and that checkpoint is NaN throughout.
 */
export function scoreCheckpoints(
  trainLoss: Float32Array,
  epochs: Int32Array,
  probabilities: (checkpoint: number) => Float32Array,
  labels: Float32Array,
  classes: number,
  diverged: boolean,
): { metrics: FoldMetrics | null; curve: LearningCurve } {
  const heldOut = Object.fromEntries(METRICS.map((m) => [m, new Float32Array(epochs.length).fill(NaN)])) as Record<MetricName, Float32Array>;
  let metrics: FoldMetrics | null = null;
  for (let c = 0; c < epochs.length; c++) {
    const last = c === epochs.length - 1;
    if (last && diverged) break;
    const m = foldMetrics(probabilities(c), labels, classes);
    for (const name of METRICS) heldOut[name][c] = m[name] ?? NaN;
    if (last) metrics = m;
  }
  return { metrics, curve: { trainLoss, epochs, heldOut } };
}
