/** An independent, straightforward forward pass in plain JS, to check what the engines report. */
export function predict(weights: Float32Array[], x: Float32Array, rows: number, columns: number): Float64Array {
  const out = new Float64Array(rows);
  const layers = weights.length / 2;
  for (let r = 0; r < rows; r++) {
    let a: number[] = Array.from(x.subarray(r * columns, (r + 1) * columns));
    for (let l = 0; l < layers; l++) {
      const kernel = weights[2 * l];
      const bias = weights[2 * l + 1];
      const width = bias.length;
      const z = new Array<number>(width).fill(0);
      for (let j = 0; j < width; j++) {
        let s = bias[j];
        for (let i = 0; i < a.length; i++) s += a[i] * kernel[i * width + j];
        z[j] = l + 1 < layers ? Math.max(0, s) : 1 / (1 + Math.exp(-s));
      }
      a = z;
    }
    out[r] = a[0];
  }
  return out;
}

/**
 * Class probabilities the same way, in float64: p(class 1) per row for one sigmoid unit, the
 * softmax row-major [rows, K] for K output units.
 */
export function predictProbabilities(weights: Float32Array[], x: Float32Array, rows: number, columns: number): Float64Array {
  const layers = weights.length / 2;
  const width = weights[weights.length - 1].length;
  const out = new Float64Array(rows * width);
  for (let r = 0; r < rows; r++) {
    let a: number[] = Array.from(x.subarray(r * columns, (r + 1) * columns));
    for (let l = 0; l < layers; l++) {
      const kernel = weights[2 * l];
      const bias = weights[2 * l + 1];
      const units = bias.length;
      a = Array.from({ length: units }, (_, j) => {
        let s = bias[j];
        for (let i = 0; i < a.length; i++) s += a[i] * kernel[i * units + j];
        return l + 1 < layers ? Math.max(0, s) : s;
      });
    }
    if (width === 1) out[r] = 1 / (1 + Math.exp(-a[0]));
    else {
      const top = Math.max(...a);
      const e = a.map((z) => Math.exp(z - top));
      const sum = e.reduce((s, v) => s + v, 0);
      e.forEach((v, k) => (out[r * width + k] = v / sum));
    }
  }
  return out;
}

export function accuracy(p: Float64Array, y: Float32Array): number {
  let right = 0;
  p.forEach((v, i) => (right += (v > 0.5 ? 1 : 0) === y[i] ? 1 : 0));
  return right / p.length;
}

/** L2 norm of each unit's incoming weights: the columns of an [inputs, units] kernel. */
export function columnNorms(kernel: Float32Array, units: number): number[] {
  const norms = new Array<number>(units).fill(0);
  kernel.forEach((w, i) => (norms[i % units] += w * w));
  return norms.map(Math.sqrt);
}
