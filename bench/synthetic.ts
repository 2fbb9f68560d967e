import seedrandom from 'seedrandom';
import type { Dataset } from '../src/data/dataset.js';
import { foldCache, type FoldData } from '../src/data/fold-data.js';

/**
 * A synthetic classification table: `rows` rows in `columns` dimensions, class c = row mod K
 * around its own random centre (unit Gaussian noise), so every fold holds every class. Its
 * learning difficulty is beside the point: benchmarks time fits, and a fit's cost depends on the
 * shapes alone.
 */
export function blobs(rows: number, columns: number, classes: number, seed = 'bench'): Dataset {
  const random = seedrandom.alea(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const centres = Array.from({ length: classes }, () => Float32Array.from({ length: columns }, () => 0.5 * normal()));
  const features = new Float32Array(rows * columns);
  const labels = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    const c = r % classes;
    labels[r] = c;
    const centre = centres[c];
    for (let j = 0; j < columns; j++) features[r * columns + j] = centre[j] + normal();
  }
  return { source: `synthetic ${rows} x ${columns}, ${classes} classes`, rows, columns, features, labels, classes: Array.from({ length: classes }, (_, c) => `c${c}`) };
}

/** 10 folds dealt round robin over the rows (every class in every fold: rows cycle through the classes). */
export function roundRobinFolds(data: Dataset, folds = 10): (fold: number) => FoldData {
  return foldCache(data, Int32Array.from({ length: data.rows }, (_, r) => Math.floor(r / data.classes.length) % folds));
}
