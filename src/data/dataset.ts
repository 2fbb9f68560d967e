/** A classification table (K >= 2 classes), row-major, ready to cross the worker boundary as plain data. */
export interface Dataset {
  /** Where it came from, for messages and the store. */
  source: string;
  rows: number;
  columns: number;
  /** rows * columns values, row-major. */
  features: Float32Array;
  /** The class index of every row, LabelEncoder order: classes[0] is 0. */
  labels: Uint8Array;
  /** The class names, sorted as scikit-learn's LabelEncoder sorts them; K = classes.length. */
  classes: string[];
  featureNames?: string[];
  /** SHA-256 of the exact bytes parsed, when read from a file: the data's identity in a sweep. */
  sha256?: string;
}

/**
 * The rows `keep` of a data set, in their order (nested cross-validation's outer training rows).
 * Keeps the source and the file's hash: the rows are chosen from those exact bytes.
 */
export function subsetRows(data: Dataset, keep: ArrayLike<number>): Dataset {
  const features = new Float32Array(keep.length * data.columns);
  const labels = new Uint8Array(keep.length);
  for (let i = 0; i < keep.length; i++) {
    const r = keep[i];
    features.set(data.features.subarray(r * data.columns, (r + 1) * data.columns), i * data.columns);
    labels[i] = data.labels[r];
  }
  return { ...data, rows: keep.length, features, labels };
}
