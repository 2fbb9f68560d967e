/** Column means and population standard deviations, like scikit-learn's StandardScaler. */
export interface Scaler {
  mean: Float64Array;
  scale: Float64Array;
}

/** Fits on the given rows only; a constant column gets scale 1 so it maps to zero, not NaN. */
export function fitScaler(features: Float32Array, columns: number, rows: Int32Array): Scaler {
  const mean = new Float64Array(columns);
  const scale = new Float64Array(columns);
  for (const r of rows) for (let c = 0; c < columns; c++) mean[c] += features[r * columns + c];
  for (let c = 0; c < columns; c++) mean[c] /= rows.length;
  for (const r of rows) {
    for (let c = 0; c < columns; c++) {
      const d = features[r * columns + c] - mean[c];
      scale[c] += d * d;
    }
  }
  for (let c = 0; c < columns; c++) {
    const sd = Math.sqrt(scale[c] / rows.length);
    scale[c] = sd > 0 ? sd : 1;
  }
  return { mean, scale };
}

/** The given rows, standardized, packed row-major into `out` from `offset` (in values). */
export function transformRows(
  scaler: Scaler,
  features: Float32Array,
  columns: number,
  rows: Int32Array,
  out: Float32Array = new Float32Array(rows.length * columns),
  offset = 0,
): Float32Array {
  rows.forEach((r, i) => {
    for (let c = 0; c < columns; c++) {
      out[offset + i * columns + c] = (features[r * columns + c] - scaler.mean[c]) / scaler.scale[c];
    }
  });
  return out;
}
