import type { Dataset } from '../data/dataset.js';
import type { FitResult, TrainConfig } from '../engine/model.js';

/**
 * What every worker of a run gets once, at start (piscina's workerData): the data set and its
 * split. Packs then carry only their fits. Plain data only, never tensors or database handles.
 */
export interface SweepData {
  data: Dataset;
  foldOf: Int32Array;
  /** With `splitSeeds`: repeat r's own split (foldOf is then repeat 0's). */
  foldOfRepeats?: Int32Array[];
}

export interface PackTask {
  engine: string;
  backend?: string;
  /** Held-out rows scored every this many epochs for the fits' learning curves (the sweep's `curves.every`). */
  curveEvery: number;
  fits: { trialKey: string; config: TrainConfig; fold: number; repeat: number; seed: string }[];
}

export interface PackOutcome {
  backend: string;
  results: FitResult[];
}
