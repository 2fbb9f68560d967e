import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
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
  return foldCache(data, roundRobinFoldOf(data, folds));
}

/**
 * Writes a synthetic table as a CSV (4 decimals, the label last as c0, c1, ...) for dropsweep, and
 * the same values as binary files for the PyTorch port: `<prefix>.f32` (rows x columns float32,
 * the CSV's values), `.u8` (class indices), `.i32` (each row's fold).
 */
export function writeTable(data: Dataset, foldOf: Int32Array, csvPath: string, prefix: string): void {
  const fd = openSync(csvPath, 'w');
  const exact = new Float32Array(data.rows * data.columns);
  writeSync(fd, `${Array.from({ length: data.columns }, (_, j) => `x${j}`).join(',')},label\n`);
  for (let r = 0; r < data.rows; r++) {
    const cells: string[] = [];
    for (let j = 0; j < data.columns; j++) {
      const text = data.features[r * data.columns + j].toFixed(4);
      exact[r * data.columns + j] = Number(text);
      cells.push(text);
    }
    writeSync(fd, `${cells.join(',')},${data.classes[data.labels[r]]}\n`);
  }
  closeSync(fd);
  writeFileSync(`${prefix}.f32`, new Uint8Array(exact.buffer));
  writeFileSync(`${prefix}.u8`, data.labels);
  writeFileSync(`${prefix}.i32`, new Uint8Array(foldOf.buffer, foldOf.byteOffset, foldOf.byteLength));
}

/** The fold of every row as roundRobinFolds deals them. */
export function roundRobinFoldOf(data: Dataset, folds = 10): Int32Array {
  return Int32Array.from({ length: data.rows }, (_, r) => Math.floor(r / data.classes.length) % folds);
}
