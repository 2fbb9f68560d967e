// The dense layer passes of the fused kernel (see kernel.ts for the layout): forward, the gradient
// for the level below, and the momentum update with Keras max-norm.

import { INVARIANTS, HIDDEN_SCALE, MAX_NORM, NORM_EPSILON } from './masks';

@inline export function hsum(v: v128): f32 {
  const s = f32x4.add(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(f32x4.add(s, v128.shuffle<f32>(s, s, 1, 0, 3, 2)), 0);
}

/**
 * One layer forward: output[j] = bias[j] + sum_i t[j][i] * input[i], summed in input order, then
 * relu and the dropout multipliers `mOut` (0: none) for a hidden layer; raw for the output layer.
 */
export function forwardLayer(input: usize, output: usize, t: usize, bv: usize, mOut: usize, fanIn: i32, fanOut: i32, bp: i32, hidden: bool): void {
  const rowBytes = <usize>bp << 2;
  const vZero = f32x4.splat(0);
  for (let j = 0; j < fanOut; j++) {
    const wrow = t + ((<usize>(j * fanIn)) << 2);
    const out = output + <usize>j * rowBytes;
    const mrow = mOut + <usize>j * rowBytes;
    const b0 = f32x4.splat(load<f32>(bv + (<usize>j << 2)));
    let v = 0;
    for (; v + 16 <= bp; v += 16) {
      let c0 = b0, c1 = b0, c2 = b0, c3 = b0;
      let src = input + (<usize>v << 2);
      for (let i = 0; i < fanIn; i++) {
        const w = f32x4.splat(load<f32>(wrow + (<usize>i << 2)));
        c0 = f32x4.add(c0, f32x4.mul(w, v128.load(src)));
        c1 = f32x4.add(c1, f32x4.mul(w, v128.load(src, 16)));
        c2 = f32x4.add(c2, f32x4.mul(w, v128.load(src, 32)));
        c3 = f32x4.add(c3, f32x4.mul(w, v128.load(src, 48)));
        src += rowBytes;
      }
      const o = out + (<usize>v << 2);
      if (hidden) {
        c0 = f32x4.pmax(c0, vZero);
        c1 = f32x4.pmax(c1, vZero);
        c2 = f32x4.pmax(c2, vZero);
        c3 = f32x4.pmax(c3, vZero);
        if (mOut != 0) {
          const m = mrow + (<usize>v << 2);
          c0 = f32x4.mul(c0, v128.load(m));
          c1 = f32x4.mul(c1, v128.load(m, 16));
          c2 = f32x4.mul(c2, v128.load(m, 32));
          c3 = f32x4.mul(c3, v128.load(m, 48));
        }
      }
      v128.store(o, c0);
      v128.store(o, c1, 16);
      v128.store(o, c2, 32);
      v128.store(o, c3, 48);
    }
    for (; v < bp; v += 4) {
      let c = b0;
      let src = input + (<usize>v << 2);
      for (let i = 0; i < fanIn; i++) {
        c = f32x4.add(c, f32x4.mul(f32x4.splat(load<f32>(wrow + (<usize>i << 2))), v128.load(src)));
        src += rowBytes;
      }
      if (hidden) {
        c = f32x4.pmax(c, vZero);
        if (mOut != 0) c = f32x4.mul(c, v128.load(mrow + (<usize>v << 2)));
      }
      v128.store(out + (<usize>v << 2), c);
    }
  }
}

/**
 * The gradient for the level below, dIn[i] = sum_j t[j][i] * dz[j] in unit order, with the
 * weights before this step's update; scaled by the dropout multiplier where that level drops,
 * and passed only where the (dropped) activation is positive.
 */
export function backwardInput(input: usize, dz: usize, dIn: usize, t: usize, fanIn: i32, fanOut: i32, bp: i32, dropped: bool): void {
  const rowBytes = <usize>bp << 2;
  const vZero = f32x4.splat(0);
  for (let i = 0; i < fanIn; i++) {
    for (let v = 0; v < bp; v += 4) {
      let c = vZero;
      let src = dz + (<usize>v << 2);
      let w = t + (<usize>i << 2);
      for (let j = 0; j < fanOut; j++) {
        c = f32x4.add(c, f32x4.mul(f32x4.splat(load<f32>(w)), v128.load(src)));
        src += rowBytes;
        w += <usize>fanIn << 2;
      }
      const at = (<usize>i) * rowBytes + (<usize>v << 2);
      if (dropped) c = f32x4.mul(c, v128.load(INVARIANTS, HIDDEN_SCALE));
      // relu' and the mask at once: only active, kept units pass gradient.
      c = v128.and(c, f32x4.gt(v128.load(input + at), vZero));
      v128.store(dIn + at, c);
    }
  }
}

/**
 * Momentum updates of one layer, applied as each gradient is formed; then, when `constrained`,
 * Keras max-norm per unit. Two loops rather than a test per weight vector: the constrained one
 * also sums squares. `unitNorms` has room for the layer's units rounded up to four.
 */
export function updateLayer(
  input: usize, dz: usize, t: usize, vel: usize, bv: usize, vbv: usize, unitNorms: usize,
  fanIn: i32, fanOut: i32, bp: i32, lr: f32, momentum: f32, constrained: bool,
): void {
  const rowBytes = <usize>bp << 2;
  if (constrained) {
    for (let j = 0; j < fanOut; j++) {
      store<f32>(unitNorms + (<usize>j << 2), updateUnit(j, input, dz, t, vel, bv, vbv, fanIn, rowBytes, bp, lr, momentum, true));
    }
    // Keras MaxNorm: w * clip(n, 0, c) / (1e-7 + n). Factors four units at a time: one by
    // one, the scalar sqrt, divide and (NaN-aware, branchy) f32.min cost more than the
    // rescale itself. Same IEEE operations, same bits; pmin(n, c) keeps a NaN norm NaN.
    for (let q = 0; q < fanOut; q += 4) {
      const at = unitNorms + (<usize>q << 2);
      const norm = f32x4.sqrt(v128.load(at));
      v128.store(at, f32x4.div(f32x4.pmin(norm, v128.load(INVARIANTS, MAX_NORM)), f32x4.add(v128.load(INVARIANTS, NORM_EPSILON), norm)));
    }
    for (let j = 0; j < fanOut; j++) {
      const factor = load<f32>(unitNorms + (<usize>j << 2));
      if (factor != 1) scaleRow(t + ((<usize>(j * fanIn)) << 2), fanIn, factor);
    }
  } else {
    for (let j = 0; j < fanOut; j++) updateUnit(j, input, dz, t, vel, bv, vbv, fanIn, rowBytes, bp, lr, momentum, false);
  }
}

/**
 * Momentum update of unit j's bias and incoming weights (row j of the transposed kernel `t`),
 * from its output gradient `dz` and the layer input. Returns the sum of squares of the new
 * weights when `squares` is set; each call site passes a constant, so each gets its own loop.
 */
@inline function updateUnit(
  j: i32, input: usize, dz: usize, t: usize, vel: usize, bv: usize, vbv: usize,
  fanIn: i32, rowBytes: usize, bp: i32, lr: f32, momentum: f32, squares: bool,
): f32 {
  const vZero = f32x4.splat(0);
  const dzRow = dz + <usize>j * rowBytes;
  let gb = vZero;
  for (let v = 0; v < bp; v += 4) gb = f32x4.add(gb, v128.load(dzRow + (<usize>v << 2)));
  const gBias = hsum(gb);
  const vbp = vbv + (<usize>j << 2);
  const newVb: f32 = momentum * load<f32>(vbp) - lr * gBias;
  store<f32>(vbp, newVb);
  store<f32>(bv + (<usize>j << 2), load<f32>(bv + (<usize>j << 2)) + newVb);

  const wrow = t + ((<usize>(j * fanIn)) << 2);
  const vrow = vel + ((<usize>(j * fanIn)) << 2);
  let sq = vZero;
  let i = 0;
  // Four inputs at a time: their four gradients fill one vector for the update.
  for (; i + 4 <= fanIn; i += 4) {
    let g0 = vZero, g1 = vZero, g2 = vZero, g3 = vZero;
    const src = input + (<usize>i) * rowBytes;
    for (let v = 0; v < bp; v += 4) {
      const dzv = v128.load(dzRow + (<usize>v << 2));
      const o = src + (<usize>v << 2);
      g0 = f32x4.add(g0, f32x4.mul(dzv, v128.load(o)));
      g1 = f32x4.add(g1, f32x4.mul(dzv, v128.load(o + rowBytes)));
      g2 = f32x4.add(g2, f32x4.mul(dzv, v128.load(o + 2 * rowBytes)));
      g3 = f32x4.add(g3, f32x4.mul(dzv, v128.load(o + 3 * rowBytes)));
    }
    // Transpose-and-add: lane k of `g` is the full sum of g_k.
    const t01lo = v128.shuffle<f32>(g0, g1, 0, 4, 1, 5);
    const t01hi = v128.shuffle<f32>(g0, g1, 2, 6, 3, 7);
    const t23lo = v128.shuffle<f32>(g2, g3, 0, 4, 1, 5);
    const t23hi = v128.shuffle<f32>(g2, g3, 2, 6, 3, 7);
    const s01 = f32x4.add(t01lo, t01hi);
    const s23 = f32x4.add(t23lo, t23hi);
    const g = f32x4.add(v128.shuffle<f32>(s01, s23, 0, 1, 4, 5), v128.shuffle<f32>(s01, s23, 2, 3, 6, 7));
    const vp = vrow + (<usize>i << 2);
    const nv = f32x4.sub(f32x4.mul(f32x4.splat(momentum), v128.load(vp)), f32x4.mul(f32x4.splat(lr), g));
    v128.store(vp, nv);
    const wp = wrow + (<usize>i << 2);
    const nw = f32x4.add(v128.load(wp), nv);
    v128.store(wp, nw);
    if (squares) sq = f32x4.add(sq, f32x4.mul(nw, nw));
  }
  let ss = hsum(sq);
  for (; i < fanIn; i++) {
    const src = input + (<usize>i) * rowBytes;
    let gv = vZero;
    for (let v = 0; v < bp; v += 4) gv = f32x4.add(gv, f32x4.mul(v128.load(dzRow + (<usize>v << 2)), v128.load(src + (<usize>v << 2))));
    const g = hsum(gv);
    const vp = vrow + (<usize>i << 2);
    const nv: f32 = momentum * load<f32>(vp) - lr * g;
    store<f32>(vp, nv);
    const nw = load<f32>(wrow + (<usize>i << 2)) + nv;
    store<f32>(wrow + (<usize>i << 2), nw);
    if (squares) ss += nw * nw;
  }
  return ss;
}

/**
 * Below c the max-norm factor is still 1 - an ulp or two for norms under 2 (the epsilon does not
 * vanish against them), so this runs on most updates and cannot be skipped.
 */
@inline function scaleRow(row: usize, count: i32, factor: f32): void {
  const f = f32x4.splat(factor);
  let k = 0;
  for (; k + 4 <= count; k += 4) v128.store(row + (<usize>k << 2), f32x4.mul(v128.load(row + (<usize>k << 2)), f));
  for (; k < count; k++) store<f32>(row + (<usize>k << 2), load<f32>(row + (<usize>k << 2)) * factor);
}
