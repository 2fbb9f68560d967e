import type { Dataset } from './dataset.js';

/** A data set as a sweep records it (the columns of the same names in `sweeps`). */
export interface DataIdentity {
  data_sha256: string;
  data_rows: number;
  data_columns: number;
  /** Rows per class as JSON in class order, e.g. {"M":111,"R":97}. */
  data_classes: string;
}

/**
 * What a sweep's results were computed on: the SHA-256 of the data file's bytes, plus its shape and
 * class counts for a readable refusal. A path alone is not enough: a file edited between two runs
 * would silently mix results from two data sets. The hash is of the bytes that were parsed (read
 * once), so a file edited between parsing and hashing cannot pass as the data it no longer is.
 */
export function dataIdentity(data: Dataset): DataIdentity {
  if (!data.sha256) throw new Error(`${data.source}: read without its hash; data sets for a sweep come from readCsv or the shipped copy`);
  return {
    data_sha256: data.sha256,
    data_rows: data.rows,
    data_columns: data.columns,
    data_classes: classCounts(data.classes, data.labels),
  };
}

/**
 * Rows per class as a JSON object whose keys are in class-index order. Written by hand because a
 * JavaScript object lists integer-like keys ("2", "10") first and ascending whatever order they were
 * set in, which would hide the class order of a column such as "10", "2", "a".
 */
export function classCounts(classes: readonly string[], labels: Uint8Array): string {
  const counts = new Array<number>(classes.length).fill(0);
  for (const label of labels) counts[label]++;
  return `{${classes.map((c, i) => `${JSON.stringify(c)}:${counts[i]}`).join(',')}}`;
}

/** What differs between a stored identity and the current one, in words; empty when they match. */
export function identityChange(stored: DataIdentity, current: DataIdentity): string[] {
  if (stored.data_sha256 === current.data_sha256) return [];
  const lines = [`content hash ${stored.data_sha256.slice(0, 12)} -> ${current.data_sha256.slice(0, 12)}`];
  if (stored.data_rows !== current.data_rows) lines.push(`rows ${stored.data_rows} -> ${current.data_rows}`);
  if (stored.data_columns !== current.data_columns) lines.push(`features ${stored.data_columns} -> ${current.data_columns}`);
  if (stored.data_classes !== current.data_classes) lines.push(`classes ${stored.data_classes} -> ${current.data_classes}`);
  return lines;
}
