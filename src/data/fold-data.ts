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

/**
 * Folds kept at once by foldCache, in bytes of standardized rows: every fold of a small table (all
 * ten of Sonar's take 0.5 MB), two or three of a large one (a 50,000 x 500 fold takes 100 MB, so
 * ten would hold a gigabyte in every worker).
 */
export const FOLD_CACHE_BYTES = 256 * 2 ** 20;

/**
 * Fold data by fold number, computed once per fold however many models use it while it stays in
 * the cache; the least recently used folds leave it past `maxBytes` (the latest always stays).
 */
export function foldCache(data: Dataset, foldOf: Int32Array, maxBytes = FOLD_CACHE_BYTES): (fold: number) => FoldData {
  const cache = new Map<number, FoldData>();
  let bytes = 0;
  const size = (f: FoldData) => f.trainX.byteLength + f.testX.byteLength;
  return (fold) => {
    let f = cache.get(fold);
    if (f) {
      // Most recently used last: Map iterates in insertion order.
      cache.delete(fold);
      cache.set(fold, f);
      return f;
    }
    f = prepareFold(data, foldOf, fold);
    cache.set(fold, f);
    bytes += size(f);
    for (const [old, kept] of cache) {
      if (bytes <= maxBytes || old === fold) break;
      cache.delete(old);
      bytes -= size(kept);
    }
    return f;
  };
}
