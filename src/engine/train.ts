import type { FoldData } from '../data/fold-data.js';
import type { FitResult, FitSpec } from './model.js';
import { trainPackTfjs, type TrainOptions } from './tfjs-trainer.js';

export const ENGINES = ['tfjs'] as const;
export type EngineName = (typeof ENGINES)[number];

/** Trains a pack of fits on the chosen engine. */
export function trainFits(engine: EngineName, fits: FitSpec[], foldOf: (fold: number) => FoldData, options: TrainOptions = {}): FitResult[] {
  switch (engine) {
    case 'tfjs':
      return trainPackTfjs(fits, foldOf, options);
  }
}
