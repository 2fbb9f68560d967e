import type { FoldMetrics, MetricName } from '../stats/metrics.js';

/** What one trained model is: the architecture, regularization and optimizer of a trial. */
export const PLACEMENTS = ['none', 'visible', 'hidden', 'both'] as const;
export type Placement = (typeof PLACEMENTS)[number];

export interface TrainConfig {
  /** Widths of the relu hidden layers, e.g. [60, 30]. */
  hidden: number[];
  placement: Placement;
  /** Fraction of units zeroed in training, [0, 1). */
  dropout: number;
  /** Max-norm limit on the hidden kernels; null for none. */
  maxNorm: number | null;
  lr: number;
  momentum: number;
  epochs: number;
  batchSize: number;
}

/** One fold fit: a configuration, the fold it holds out, and its derived seed. */
export interface FitSpec {
  config: TrainConfig;
  fold: number;
  seed: string;
}

export interface FitResult {
  /** Held-out accuracy in [0, 1]; null when the model diverged. */
  accuracy: number | null;
  /** Held-out cross-entropy (binary for two classes, categorical for more), probabilities clipped as Keras clips them; null when diverged. */
  loss: number | null;
  /** Mean training loss over the last epoch run. */
  trainLoss: number;
  epochsRun: number;
  diverged: boolean;
  /** Wall time of the fit; for models trained together, the pack's time divided among them. */
  seconds: number;
  /** Final parameters, layer by layer (kernel [in, out] row-major, then bias), when asked for. */
  weights?: Float32Array[];
  /** Every held-out metric after the last epoch run (src/stats/metrics.ts); null when the model diverged. */
  metrics?: FoldMetrics | null;
  /** The fit's learning curve. */
  curve?: LearningCurve;
}

/**
 * How a fit learned: the training loss of every epoch, and the held-out rows scored every
 * `curveEvery` epochs (a forward pass without dropout) and after the last epoch run.
 */
export interface LearningCurve {
  /** Mean training loss of each epoch run, epoch 1 first. */
  trainLoss: Float32Array;
  /** The epochs (1-based) after which the held-out rows were scored, ascending. */
  epochs: Int32Array;
  /** Held-out metrics at those epochs, one array per metric (NaN where undefined or diverged). */
  heldOut: Record<MetricName, Float32Array>;
}

/** How a pack is trained, beside its fits. */
export interface TrainOptions {
  returnWeights?: boolean;
  /** Progress in the engine's own unit: epochs for tfjs (all folds train together), whole fits for fused. */
  onProgress?: (done: number, total: number) => void;
  /** Fused engine: which build of the kernel trains (src/engine/fused/kernels.ts); default the exact one. */
  kernel?: 'wasm-simd' | 'wasm-relaxed-simd';
  /** Score the held-out rows every this many epochs for the learning curve (0: only after the last epoch; unset: DEFAULT_CURVE_EVERY). */
  curveEvery?: number;
}

export function dropsVisible(c: TrainConfig): boolean {
  return c.dropout > 0 && (c.placement === 'visible' || c.placement === 'both');
}

export function dropsHidden(c: TrainConfig): boolean {
  return c.dropout > 0 && (c.placement === 'hidden' || c.placement === 'both');
}

/**
 * Output units for K classes: K = 2 is the tutorial's single sigmoid unit (binary cross-entropy),
 * K > 2 a softmax over K units (categorical cross-entropy).
 */
export function outputUnits(classes: number): number {
  return classes > 2 ? classes : 1;
}

/** Layer widths from input to the output (one sigmoid unit for two classes, K softmax units for more). */
export function layerSizes(inputs: number, c: TrainConfig, classes = 2): number[] {
  return [inputs, ...c.hidden, outputUnits(classes)];
}

/** Held-out rows are scored every this many epochs when a pack does not say (the sweep file's default). */
export const DEFAULT_CURVE_EVERY = 10;

/** The epochs (1-based) after which a fit that ran `epochsRun` epochs scored its held-out rows. */
export function curveEpochs(epochsRun: number, every: number): Int32Array {
  const out: number[] = [];
  if (every > 0) for (let e = every; e <= epochsRun; e += every) out.push(e);
  if (epochsRun > 0 && out[out.length - 1] !== epochsRun) out.push(epochsRun);
  return Int32Array.from(out);
}

export const KERAS_EPSILON = 1e-7;
export const INIT_STDDEV = 0.05;

/**
 * When a model counts as diverged. Keras clips probabilities to [1e-7, 1 - 1e-7], so a blown-up
 * network rarely reaches NaN: its relus die and it predicts one class with full confidence at a
 * loss near 7.6 forever. So: a non-finite loss, or a mean training loss above DIVERGED_LOSS nats
 * (a coin flip is ln 2 = 0.69) for STUCK_EPOCHS epochs in a row, ends training as diverged.
 * A model that is learning passes through such losses for an epoch or two at most.
 */
export const DIVERGED_LOSS = 5;
export const STUCK_EPOCHS = 10;

/** Consecutive high-loss epochs after this epoch's loss; -1 means diverged now. */
export function divergenceStep(highRun: number, epochLoss: number): number {
  if (!Number.isFinite(epochLoss)) return -1;
  const run = epochLoss > DIVERGED_LOSS ? highRun + 1 : 0;
  return run >= STUCK_EPOCHS ? -1 : run;
}
