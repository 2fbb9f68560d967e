/**
 * Held-out classification metrics of one fold, from the model's class probabilities. Pure: values
 * in, values out. Each follows scikit-learn's definition of the same name, so a fold's numbers can
 * be checked against a Python pipeline:
 *
 * - accuracy: `accuracy_score`; the predicted class is the first of the largest probabilities
 *   (for one sigmoid unit, class 1 when p > 0.5, as the tutorial's Keras model predicts).
 * - balanced_accuracy: `balanced_accuracy_score`, the mean recall over the classes present.
 * - macro_f1: `f1_score(average='macro', labels=range(K), zero_division=0)`: a class never
 *   predicted and never present scores 0, one present but never predicted scores 0.
 * - log_loss: held-out cross-entropy with probabilities clipped to [1e-7, 1 - 1e-7], as Keras
 *   clips them (binary: `binary_crossentropy`; K > 2: `categorical_crossentropy`).
 * - roc_auc: `roc_auc_score`; binary on p(class 1), K > 2 the macro average of one-vs-rest AUCs
 *   (`multi_class='ovr'`); ties count one half (Mann-Whitney). Undefined (null) when a class
 *   the AUC needs is absent from the fold.
 */

export const METRICS = ['accuracy', 'balanced_accuracy', 'macro_f1', 'log_loss', 'roc_auc'] as const;
export type MetricName = (typeof METRICS)[number];

/** Whether a larger value is better: ranking, racing and "could be best" all follow it. */
export const METRIC_DIRECTION: Readonly<Record<MetricName, 'higher' | 'lower'>> = {
  accuracy: 'higher',
  balanced_accuracy: 'higher',
  macro_f1: 'higher',
  log_loss: 'lower',
  roc_auc: 'higher',
};

export const DEFAULT_METRIC: MetricName = 'accuracy';

export interface FoldMetrics {
  accuracy: number;
  balanced_accuracy: number;
  macro_f1: number;
  log_loss: number;
  roc_auc: number | null;
}

/** Keras's epsilon: probabilities are clipped to [EPS, 1 - EPS] before the logarithm. */
const EPS = 1e-7;

/**
 * Metrics of `n` held-out rows. `probabilities` is row-major [n, K] (row sums 1), or, for a binary
 * model with one sigmoid unit, [n] of p(class 1) with `classes` = 2. `labels` are class indices.
 */
export function foldMetrics(probabilities: ArrayLike<number>, labels: ArrayLike<number>, classes: number): FoldMetrics {
  const n = labels.length;
  const sigmoid = classes === 2 && probabilities.length === n;
  if (!sigmoid && probabilities.length !== n * classes) throw new Error(`foldMetrics: ${probabilities.length} probabilities for ${n} rows x ${classes} classes`);
  const prob = (row: number, c: number) => (sigmoid ? (c === 1 ? probabilities[row] : 1 - probabilities[row]) : probabilities[row * classes + c]);

  const predicted = new Int32Array(n);
  const confusion = new Float64Array(classes * classes); // [true, predicted]
  let logLoss = 0;
  for (let row = 0; row < n; row++) {
    let best = 0;
    if (sigmoid) best = probabilities[row] > 0.5 ? 1 : 0;
    else for (let c = 1; c < classes; c++) if (prob(row, c) > prob(row, best)) best = c;
    predicted[row] = best;
    confusion[labels[row] * classes + best]++;
    const p = Math.min(Math.max(prob(row, labels[row]), EPS), 1 - EPS);
    logLoss -= Math.log(p);
  }

  let correct = 0;
  let recallSum = 0;
  let present = 0;
  let f1Sum = 0;
  for (let c = 0; c < classes; c++) {
    const tp = confusion[c * classes + c];
    let actual = 0;
    let called = 0;
    for (let o = 0; o < classes; o++) {
      actual += confusion[c * classes + o];
      called += confusion[o * classes + c];
    }
    correct += tp;
    if (actual > 0) {
      recallSum += tp / actual;
      present++;
    }
    const denominator = actual + called; // 2 TP + FP + FN
    f1Sum += denominator === 0 ? 0 : (2 * tp) / denominator;
  }

  return {
    accuracy: correct / n,
    balanced_accuracy: present === 0 ? NaN : recallSum / present,
    macro_f1: f1Sum / classes,
    log_loss: logLoss / n,
    roc_auc: classes === 2 ? binaryAuc(n, (row) => prob(row, 1), (row) => labels[row] === 1) : macroOvrAuc(n, classes, prob, labels),
  };
}

/** Macro one-vs-rest AUC: null when any class is absent (or is every row) in the fold. */
function macroOvrAuc(n: number, classes: number, prob: (row: number, c: number) => number, labels: ArrayLike<number>): number | null {
  let sum = 0;
  for (let c = 0; c < classes; c++) {
    const auc = binaryAuc(n, (row) => prob(row, c), (row) => labels[row] === c);
    if (auc === null) return null;
    sum += auc;
  }
  return sum / classes;
}

/**
 * The probability that a random positive row scores above a random negative one, ties counted
 * one half: the Mann-Whitney U statistic over (positives x negatives), from average ranks.
 */
export function binaryAuc(n: number, score: (row: number) => number, positive: (row: number) => boolean): number | null {
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score(a) - score(b));
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && score(order[j + 1]) === score(order[i])) j++;
    const averageRank = (i + j) / 2 + 1; // ranks are 1-based; a tie group shares its mean rank
    for (let k = i; k <= j; k++) {
      if (positive(order[k])) {
        positives++;
        rankSum += averageRank;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return null;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Reads a metric name from the user (sweep file `metric:` or `--metric`); null when unknown. */
export function parseMetric(raw: string): MetricName | null {
  const name = raw.trim().toLowerCase().replace(/-/g, '_');
  return (METRICS as readonly string[]).includes(name) ? (name as MetricName) : null;
}
