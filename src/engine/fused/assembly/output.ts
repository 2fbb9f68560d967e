// The output layer of the fused kernel (see kernel.ts for the layout): the loss and its gradient
// for one sigmoid unit (two classes) or a softmax over K units, and held-out probabilities.
// Keras semantics throughout: the probability of the true class is clipped to [1e-7, 1 - 1e-7]
// before the logarithm, and a clipped row passes no gradient.

export const EPSILON: f32 = 1e-7;

/** Four lanes of true-class probabilities, read back one by one for the loss. */
const TRUE_CLASS: usize = memory.data(16, 16);

/**
 * One sigmoid unit, binary cross-entropy: writes the output gradient of every lane and returns
 * `lossSum` minus each real row's loss, taken row by row so the sum rounds as it always has.
 */
export function binaryOutput(zOut: usize, gOut: usize, laneY: usize, laneWeight: usize, bp: i32, real: i32, lossSum: f64): f64 {
  for (let b = 0; b < bp; b++) {
    const z = load<f32>(zOut + (<usize>b << 2));
    const p: f32 = 1.0 / (1.0 + Mathf.exp(-z));
    let g: f32 = 0;
    if (b < real) {
      const t = load<f32>(laneY + (<usize>b << 2));
      const pc = min(max(p, EPSILON), 1 - EPSILON);
      lossSum -= <f64>(t * Mathf.log(pc) + (1 - t) * Mathf.log(1 - pc));
      if (p > EPSILON && p < 1 - EPSILON) g = (p - t) * load<f32>(laneWeight + (<usize>b << 2));
      // A NaN probability fails both comparisons: pass it on so the loss reports it.
      if (isNaN(p)) g = p;
    }
    store<f32>(gOut + (<usize>b << 2), g);
  }
  return lossSum;
}

/**
 * e^x, four lanes at once (Cephes' expf: x = n ln 2 + r, a degree-6 polynomial in r, then 2^n
 * through the exponent bits); within 2 ulp of the true value. Inputs here are <= 0 (logits minus
 * their maximum); below -87.3 the result is clamped to 2^-126 where it would be denormal.
 */
@inline function vexp(x: v128): v128 {
  const xc = f32x4.max(x, f32x4.splat(-87.33654));
  const n = f32x4.nearest(f32x4.mul(xc, f32x4.splat(1.44269504)));
  let r = f32x4.sub(xc, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  p = f32x4.add(f32x4.add(f32x4.mul(p, f32x4.mul(r, r)), r), f32x4.splat(1));
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(p, scale);
}

/**
 * Softmax of the K logit rows at `z` ([K][bp]) into `p` (same layout; may be `z`), four lanes at
 * a time: exp(z - max) / sum.
 */
export function softmaxRows(z: usize, p: usize, classes: i32, bp: i32): void {
  const rowBytes = <usize>bp << 2;
  for (let v = 0; v < bp; v += 4) {
    const at = <usize>v << 2;
    let m = v128.load(z + at);
    for (let k = 1; k < classes; k++) m = f32x4.max(m, v128.load(z + <usize>k * rowBytes + at));
    let s = f32x4.splat(0);
    for (let k = 0; k < classes; k++) {
      const e = vexp(f32x4.sub(v128.load(z + <usize>k * rowBytes + at), m));
      v128.store(p + <usize>k * rowBytes + at, e);
      s = f32x4.add(s, e);
    }
    for (let k = 0; k < classes; k++) {
      const o = p + <usize>k * rowBytes + at;
      v128.store(o, f32x4.div(v128.load(o), s));
    }
  }
}

/**
 * A softmax over K units, categorical cross-entropy: the gradient of the mean loss with respect
 * to the logits is (p - onehot) / rows where the true class's probability is not clipped, and 0
 * where it is. Labels are class indices (as f32) in `laneY`. Returns `lossSum` minus each real
 * row's loss, in row order.
 */
export function softmaxOutput(zOut: usize, gOut: usize, laneY: usize, laneWeight: usize, bp: i32, real: i32, classes: i32, lossSum: f64): f64 {
  const rowBytes = <usize>bp << 2;
  softmaxRows(zOut, gOut, classes, bp);
  for (let v = 0; v < bp; v += 4) {
    const at = <usize>v << 2;
    const label = v128.load(laneY + at);
    // The true class's probability, lane by lane.
    let pt = f32x4.splat(0);
    for (let k = 0; k < classes; k++) {
      pt = v128.bitselect(v128.load(gOut + <usize>k * rowBytes + at), pt, f32x4.eq(label, f32x4.splat(<f32>k)));
    }
    v128.store(TRUE_CLASS, pt);
    for (let b = v; b < min(v + 4, real); b++) {
      const p = load<f32>(TRUE_CLASS + (<usize>(b - v) << 2));
      lossSum -= <f64>Mathf.log(min(max(p, EPSILON), 1 - EPSILON));
    }
    const unclipped = v128.and(f32x4.gt(pt, f32x4.splat(EPSILON)), f32x4.lt(pt, f32x4.splat(1 - EPSILON)));
    const weight = v128.and(unclipped, v128.load(laneWeight + at));
    for (let k = 0; k < classes; k++) {
      const o = gOut + <usize>k * rowBytes + at;
      const onehot = v128.and(f32x4.eq(label, f32x4.splat(<f32>k)), f32x4.splat(1));
      v128.store(o, f32x4.mul(f32x4.sub(v128.load(o), onehot), weight));
    }
  }
  return lossSum;
}

/**
 * Probabilities of the `real` rows held at the output level `zOut` ([units][bp] logits), written
 * row-major to `dst`: p(class 1) per row for one sigmoid unit, K class probabilities per row for
 * a softmax (computed in place over the logits).
 */
export function writeProbabilities(zOut: usize, dst: usize, bp: i32, real: i32, classes: i32): void {
  if (classes <= 2) {
    for (let b = 0; b < real; b++) {
      store<f32>(dst + (<usize>b << 2), <f32>1.0 / (<f32>1.0 + Mathf.exp(-load<f32>(zOut + (<usize>b << 2)))));
    }
    return;
  }
  softmaxRows(zOut, zOut, classes, bp);
  const rowBytes = <usize>bp << 2;
  for (let b = 0; b < real; b++) {
    for (let k = 0; k < classes; k++) {
      store<f32>(dst + (<usize>(b * classes + k) << 2), load<f32>(zOut + <usize>k * rowBytes + (<usize>b << 2)));
    }
  }
}

/**
 * Held-out accuracy and loss from the probabilities `writeProbabilities` wrote for `n` rows:
 * writes [correct predictions, summed clipped cross-entropy] as f64 to `out`. The predicted class
 * is p > 0.5 for one sigmoid unit, else the first of the largest probabilities.
 */
export function scoreHeldOut(probs: usize, y: usize, n: i32, classes: i32, out: usize): void {
  let correct: f64 = 0;
  let loss: f64 = 0;
  for (let r = 0; r < n; r++) {
    const t = load<f32>(y + (<usize>r << 2));
    if (classes <= 2) {
      const p = load<f32>(probs + (<usize>r << 2));
      if (<f32>(p > 0.5 ? 1 : 0) == t) correct += 1;
      const pc = min(max(p, EPSILON), 1 - EPSILON);
      loss -= <f64>(t * Mathf.log(pc) + (1 - t) * Mathf.log(1 - pc));
    } else {
      const row = probs + (<usize>(r * classes) << 2);
      let best = 0;
      for (let k = 1; k < classes; k++) if (load<f32>(row + (<usize>k << 2)) > load<f32>(row + (<usize>best << 2))) best = k;
      if (<f32>best == t) correct += 1;
      const pt = load<f32>(row + (<usize>(<i32>t) << 2));
      loss -= <f64>Mathf.log(min(max(pt, EPSILON), 1 - EPSILON));
    }
  }
  store<f64>(out, correct);
  store<f64>(out, loss, 8);
}
