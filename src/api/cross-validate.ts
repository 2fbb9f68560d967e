import { resolveDataset } from '../data/registry.js';
import { splitFolds } from '../data/folds.js';
import { foldCache } from '../data/fold-data.js';
import { UserError } from '../errors.js';
import type { FitResult, TrainConfig } from '../engine/model.js';
import { modelSeed } from '../engine/seeds.js';
import { trainFits } from '../engine/train.js';
import { chooseKernel } from '../engine/fused/kernels.js';
import { METRICS, parseMetric, type FoldMetrics, type MetricName } from '../stats/metrics.js';
import { mean, populationStd } from '../stats/statistics.js';
import type { MetricSummary } from '../report/metric-format.js';
import { canonicalize, trialKey } from '../sweep/canonical.js';
import { CV_CONFIG, CV_OPTIONS } from './options/cv.js';
import { resolveOptions, type LibraryValues } from './options/declare.js';

export type { MetricSummary };

/**
 * The model to cross-validate (the first argument), with the names sweep files use; anything left
 * out takes the tutorial's baseline. Declared in src/api/options/cv.ts with its ranges and defaults.
 */
export type CvConfig = LibraryValues<typeof CV_CONFIG>;

/** How to cross-validate (the second argument): data, folds, seed, split, engine, metric, progress. */
export type CvOptions = LibraryValues<typeof CV_OPTIONS>;

const FIRST = "first argument (the model's settings)";
const SECOND = 'second argument (how to run)';

/** The result of one cross-validation, as `dropsweep cv --format json` prints it. */
export interface CvResult {
  config: TrainConfig;
  trialKey: string;
  data: string;
  /** The class names in LabelEncoder order; K = classes.length. */
  classes: string[];
  backend: string;
  engine: string;
  /** The metric headlined in the table (`--metric`). */
  metric: MetricName;
  accuracy: MetricSummary;
  /** Every held-out metric (src/stats/metrics.ts), accuracy included. */
  metrics: Record<MetricName, MetricSummary>;
  diverged: number;
  seconds: number;
  /** Every fold's full result (loss, epochs run, ...), in fold order. */
  results: FitResult[];
}

/** The configuration with defaults filled in and every value checked; a mistake names the field. */
export function cvConfig(c: CvConfig): TrainConfig {
  const config = resolveOptions('crossValidate', CV_CONFIG, c, { argument: FIRST, other: { table: CV_OPTIONS, argument: SECOND } });
  if (config.dropout > 0 && config.placement === 'none') {
    throw new UserError(`option dropout: ${config.dropout} has no effect with placement none (the default); give placement visible, hidden or both`);
  }
  return canonicalize({ ...config, hidden: [...config.hidden] });
}

/**
 * Cross-validates one configuration with the sweep protocol (stratified folds, scaler fit on the
 * training rows, derived seeds): for the same configuration, seed and engine, the same numbers as
 * that trial in a sweep.
 */
export async function crossValidate(c: CvConfig = {}, options: CvOptions = {}): Promise<CvResult> {
  const config = cvConfig(c);
  const o = resolveOptions('crossValidate', CV_OPTIONS, options, { argument: SECOND, other: { table: CV_CONFIG, argument: FIRST } });
  const { engine, folds, seed, split } = o;
  if (engine !== 'tfjs' && o.backend !== undefined) {
    throw new UserError(`option --backend: only the tfjs engine has backends; the ${engine} engine runs its own WebAssembly kernel`);
  }
  const metric = parseMetric(o.metric) ?? 'accuracy';
  if (split === 'sklearn' && seed > 0xffffffff) throw new UserError(`option seed: ${seed} is above 4294967295, the largest seed numpy's RandomState (split sklearn) takes`);
  const data = await resolveDataset(o.data, { target: o.target, maxDataMb: o.maxDataMb });
  const foldOf = splitFolds(data.labels, folds, seed, split, data.source, data.classes);
  if (engine === 'tfjs' && o.kernel !== undefined) throw new UserError('option kernel: only the fused engine has kernels; the tfjs engine has backends');
  const kernel =
    engine === 'tfjs'
      ? undefined
      : chooseKernel(o.kernel ?? process.env.DROPSWEEP_KERNEL, o.kernel !== undefined ? 'option kernel' : 'DROPSWEEP_KERNEL', [{ inputs: data.columns, config, classes: data.classes.length }]);
  // The fused engine's backend is the kernel build that ran.
  const backend = kernel ?? (await (await import('../engine/backend.js')).selectBackend(o.backend));
  const key = trialKey(config);
  const fits = Array.from({ length: folds }, (_, fold) => ({ config, fold, seed: modelSeed(seed, key, fold, 0) }));
  const started = performance.now();
  const results = await trainFits(engine, fits, foldCache(data, foldOf), { onProgress: o.onProgress, ...(kernel ? { kernel } : {}) });
  const seconds = (performance.now() - started) / 1000;
  refuseUnscoredClasses(data.classes, results, engine, data.source);
  const metrics = summarizeMetrics(results);
  return {
    config,
    trialKey: key,
    data: data.source,
    classes: data.classes,
    backend,
    engine,
    metric,
    accuracy: metrics.accuracy,
    metrics,
    diverged: results.filter((r) => r.diverged).length,
    seconds: Number(seconds.toFixed(3)),
    results,
  };
}

/**
 * An engine that returns no held-out metrics (FitResult.metrics) for a model that did not diverge
 * predates K-class training: its numbers on K > 2 labels would be a sigmoid fitted to class
 * indices, so they are refused rather than shown.
 */
export function refuseUnscoredClasses(classes: readonly string[], results: readonly FitResult[], engine: string, source: string): void {
  if (classes.length > 2 && results.some((r) => !r.diverged && !r.metrics)) {
    throw new UserError(`${source}: ${classes.length} classes, but the ${engine} engine of this build trains binary models only`);
  }
}

/**
 * Each metric over the folds, from what the engine returned (FitResult.metrics). Accuracy falls
 * back to FitResult.accuracy, the same quantity, for an engine that returns no metrics; no other
 * metric is derived here.
 */
export function summarizeMetrics(results: readonly FitResult[]): Record<MetricName, MetricSummary> {
  const value = (r: FitResult, name: MetricName): number | null => {
    if (r.diverged) return null;
    const v = r.metrics ? r.metrics[name as keyof FoldMetrics] : name === 'accuracy' ? r.accuracy : null;
    return v === null || v === undefined || !Number.isFinite(v) ? null : v;
  };
  const entries = METRICS.map((name) => {
    const folds = results.map((r) => value(r, name));
    const scored = folds.filter((v): v is number => v !== null);
    return [name, scored.length ? { mean: mean(scored), std: populationStd(scored), folds } : { mean: null, std: null, folds }] as const;
  });
  return Object.fromEntries(entries) as Record<MetricName, MetricSummary>;
}
