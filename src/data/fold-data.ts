import type { Dataset } from './dataset.js';
import { foldRows } from './folds.js';
import { fitScaler, transformRows } from './scaler.js';

/** One fold's standardized train and held-out rows (labels as class indices); the scaler never sees the held-out rows. */
export interface FoldData {
  columns: number;
  /** K, the number of classes: 2 trains one sigmoid unit, more a softmax over K units. */
  classes: number;
  trainX: Float32Array;
  trainY: Float32Array;
  testX: Float32Array;
  testY: Float32Array;
  trainRows: Int32Array;
  testRows: Int32Array;
}

export function prepareFold(data: Dataset, foldOf: Int32Array, fold: number): FoldData {
  const { train, test } = foldRows(foldOf, fold);
  const scaler = fitScaler(data.features, data.columns, train);
  return {
    columns: data.columns,
    classes: data.classes.length,
    trainX: transformRows(scaler, data.features, data.columns, train),
    trainY: Float32Array.from(train, (r) => data.labels[r]),
    testX: transformRows(scaler, data.features, data.columns, test),
    testY: Float32Array.from(test, (r) => data.labels[r]),
    trainRows: train,
    testRows: test,
  };
}

/** Fold data by fold number, computed once per fold however many models use it. */
export function foldCache(data: Dataset, foldOf: Int32Array): (fold: number) => FoldData {
  const cache = new Map<number, FoldData>();
  return (fold) => {
    let f = cache.get(fold);
    if (!f) {
      f = prepareFold(data, foldOf, fold);
      cache.set(fold, f);
    }
    return f;
  };
}
