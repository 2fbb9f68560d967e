import seedrandom from 'seedrandom';
import { UserError } from '../errors.js';

/** Fisher-Yates with a caller's uniform [0, 1) stream. */
export function shuffleInPlace<T>(items: T[] | Int32Array, random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
}

/**
 * Stratified shuffled k-fold assignment: the fold of every row. The rows of each class, class 0
 * first, are shuffled, then dealt round-robin with one counter running across classes, so fold
 * sizes and per-class counts each differ by at most one. Depends only on the labels and the split
 * seed, so every trial of a sweep sees the same folds. K classes draw from one stream in class
 * order; for two classes that is exactly the binary split of earlier versions.
 * `classNames` (the data set's classes) names a class in messages and fixes K, so a class with no
 * rows is refused rather than silently left out.
 */
export function stratifiedFolds(labels: Uint8Array, k: number, seed: number | string, source = 'data', classNames?: readonly string[]): Int32Array {
  if (!Number.isInteger(k) || k < 2) throw new UserError(`folds: ${k} is not an integer >= 2`);
  const random = seedrandom.alea(`split:${seed}`);
  let classes = classNames?.length ?? 2;
  for (const label of labels) classes = Math.max(classes, label + 1);
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  labels.forEach((label, row) => byClass[label].push(row));
  byClass.forEach((rows, label) => {
    if (rows.length < k) {
      const name = classNames?.[label] === undefined ? `${label}` : JSON.stringify(classNames[label]);
      throw new UserError(`${source}: class ${name} has ${rows.length} rows, fewer than the ${k} folds; use fewer folds`);
    }
  });
  const fold = new Int32Array(labels.length);
  let counter = 0;
  for (const rows of byClass) {
    shuffleInPlace(rows, random);
    for (const row of rows) fold[row] = counter++ % k;
  }
  return fold;
}

export function foldRows(foldOf: Int32Array, fold: number): { train: Int32Array; test: Int32Array } {
  const train: number[] = [];
  const test: number[] = [];
  foldOf.forEach((f, row) => (f === fold ? test : train).push(row));
  return { train: Int32Array.from(train), test: Int32Array.from(test) };
}
