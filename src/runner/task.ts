import type { Dataset } from '../data/dataset.js';
import type { FitResult, TrainConfig } from '../engine/model.js';

/** What crosses the worker boundary: plain data only, never tensors or database handles. */
export interface PackTask {
  engine: string;
  backend?: string;
  /** Identifies data + split, so a worker prepares each fold once however many packs use it. */
  dataKey: string;
  data: Dataset;
  foldOf: Int32Array;
  fits: { trialKey: string; config: TrainConfig; fold: number; repeat: number; seed: string }[];
}

export interface PackOutcome {
  backend: string;
  results: FitResult[];
}
