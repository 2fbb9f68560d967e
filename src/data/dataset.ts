/** A binary classification table, row-major, ready to cross the worker boundary as plain data. */
export interface Dataset {
  /** Where it came from, for messages and the store. */
  source: string;
  rows: number;
  columns: number;
  /** rows * columns values, row-major. */
  features: Float32Array;
  /** 0 or 1 per row, LabelEncoder order: classes[0] is 0. */
  labels: Uint8Array;
  /** The two class names, sorted. */
  classes: [string, string];
  featureNames?: string[];
  /** SHA-256 of the exact bytes parsed, when read from a file: the data's identity in a sweep. */
  sha256?: string;
}
