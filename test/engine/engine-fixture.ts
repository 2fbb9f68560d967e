import seedrandom from 'seedrandom';
import type { Dataset } from '../../src/data/dataset.js';
import { foldCache, type FoldData } from '../../src/data/fold-data.js';
import { stratifiedFolds } from '../../src/data/folds.js';
import { selectBackend } from '../../src/engine/backend.js';
import { loadSonar } from '../helpers.js';

/** Sonar split with seed 7 and the wasm backend (cpu where wasm does not load). */
export async function sonarFolds(): Promise<(fold: number) => FoldData> {
  await selectBackend(process.env.DROPSWEEP_TEST_BACKEND);
  const data = loadSonar();
  return foldCache(data, stratifiedFolds(data.labels, 10, 7));
}

/**
 * A K-class table made here, not read: `perClass` rows of each class around its own random centre
 * in `columns` dimensions (unit noise), rows interleaved by class, assigned to `folds` folds round
 * robin so every fold holds every class. Standardized per fold as any data set is.
 */
export function blobFolds(classes: number, perClass: number, columns: number, seed: string, folds = 5): (fold: number) => FoldData {
  const random = seedrandom.alea(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const centres = Array.from({ length: classes }, () => Array.from({ length: columns }, () => 1.5 * normal()));
  const rows = classes * perClass;
  const features = new Float32Array(rows * columns);
  const labels = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    const c = r % classes;
    labels[r] = c;
    for (let j = 0; j < columns; j++) features[r * columns + j] = centres[c][j] + normal();
  }
  const data: Dataset = { source: `blobs-${classes}`, rows, columns, features, labels, classes: Array.from({ length: classes }, (_, c) => `class${c}`) };
  return foldCache(data, Int32Array.from({ length: rows }, (_, r) => Math.floor(r / classes) % folds));
}
