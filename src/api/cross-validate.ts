import { resolveDataset } from '../data/registry.js';
import { stratifiedFolds } from '../data/folds.js';
import { foldCache } from '../data/fold-data.js';
import { UserError } from '../errors.js';
import type { FitResult, Placement, TrainConfig } from '../engine/model.js';
import { modelSeed } from '../engine/seeds.js';
import { DEFAULT_ENGINE, ENGINES, FUSED_BACKEND, trainFits, type EngineName } from '../engine/train.js';
import { mean, populationStd } from '../stats/statistics.js';
import { canonicalize, trialKey } from '../sweep/canonical.js';
import { settingChecks, type SettingName } from '../sweep/checks.js';
import { DEFAULT_PROTOCOL } from '../sweep/spec.js';

/** A configuration, with the names sweep files use; anything left out takes the tutorial's baseline. */
export interface CvConfig {
  placement?: Placement;
  dropout?: number;
  maxNorm?: number | null;
  lr?: number;
  momentum?: number;
  epochs?: number;
  batchSize?: number;
  hidden?: number[];
}

export interface CvOptions {
  /** `sonar` (the shipped copy, default) or a CSV path. */
  data?: string;
  /** The label column: a header name or a 1-based number; default the last column. */
  target?: string | number;
  /** Refuse a data file larger than this many MB (default 100, at most 500). */
  maxDataMb?: number;
  folds?: number;
  seed?: number;
  engine?: EngineName;
  /** tfjs engine only. */
  backend?: string;
  /** Fits (fused) or epochs (tfjs) done so far, of `total`. */
  onProgress?: (done: number, total: number) => void;
}

/** The result of one cross-validation, as `dropsweep cv --format json` prints it. */
export interface CvResult {
  config: TrainConfig;
  trialKey: string;
  data: string;
  backend: string;
  engine: string;
  accuracy: { mean: number; std: number; folds: (number | null)[] };
  diverged: number;
  seconds: number;
  /** Every fold's full result (loss, epochs run, ...), in fold order. */
  results: FitResult[];
}

/** The configuration with defaults filled in and every value checked; a mistake names the field. */
export function cvConfig(c: CvConfig): TrainConfig {
  const config = {
    placement: c.placement ?? 'none',
    dropout: c.dropout ?? 0,
    maxNorm: c.maxNorm ?? null,
    lr: c.lr ?? DEFAULT_PROTOCOL.lr,
    momentum: c.momentum ?? DEFAULT_PROTOCOL.momentum,
    epochs: c.epochs ?? DEFAULT_PROTOCOL.epochs,
    batchSize: c.batchSize ?? DEFAULT_PROTOCOL.batchSize,
    hidden: c.hidden ?? DEFAULT_PROTOCOL.hidden,
  };
  for (const [name, value] of Object.entries(config)) {
    const problem = settingChecks[name as SettingName](value);
    if (problem) throw new UserError(`option ${name}: ${problem}`);
  }
  if (config.dropout > 0 && config.placement === 'none') {
    throw new UserError(`option dropout: ${config.dropout} has no effect with placement none (the default); give placement visible, hidden or both`);
  }
  return canonicalize(config);
}

/**
 * Cross-validates one configuration with the sweep protocol (stratified folds, scaler fit on the
 * training rows, derived seeds): for the same configuration, seed and engine, the same numbers as
 * that trial in a sweep.
 */
export async function crossValidate(c: CvConfig = {}, o: CvOptions = {}): Promise<CvResult> {
  const config = cvConfig(c);
  const engine = o.engine ?? DEFAULT_ENGINE;
  if (!(ENGINES as readonly string[]).includes(engine)) throw new UserError(`option engine: "${engine}" is not one of ${ENGINES.join(', ')}`);
  if (engine !== 'tfjs' && o.backend !== undefined) {
    throw new UserError(`option --backend: only the tfjs engine has backends; the ${engine} engine runs its own WebAssembly kernel`);
  }
  const folds = o.folds ?? 10;
  const seed = o.seed ?? 7;
  for (const [name, problem] of [
    ['folds', settingChecks.folds(folds)],
    ['seed', Number.isInteger(seed) && seed >= 0 ? null : `${seed} is not an integer >= 0`],
  ] as const) {
    if (problem) throw new UserError(`option ${name}: ${problem}`);
  }
  const data = await resolveDataset(o.data ?? 'sonar', { target: o.target, maxDataMb: o.maxDataMb });
  const foldOf = stratifiedFolds(data.labels, folds, seed, data.source);
  const backend = engine === 'tfjs' ? await (await import('../engine/backend.js')).selectBackend(o.backend) : FUSED_BACKEND;
  const key = trialKey(config);
  const fits = Array.from({ length: folds }, (_, fold) => ({ config, fold, seed: modelSeed(seed, key, fold, 0) }));
  const started = performance.now();
  const results = await trainFits(engine, fits, foldCache(data, foldOf), { onProgress: o.onProgress });
  const seconds = (performance.now() - started) / 1000;
  const scored = results.flatMap((r) => (r.accuracy === null ? [] : [r.accuracy]));
  return {
    config,
    trialKey: key,
    data: data.source,
    backend,
    engine,
    accuracy: { mean: mean(scored), std: populationStd(scored), folds: results.map((r) => r.accuracy) },
    diverged: results.filter((r) => r.diverged).length,
    seconds: Number(seconds.toFixed(3)),
    results,
  };
}


