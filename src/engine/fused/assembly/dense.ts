// The dense layer passes of the fused kernel (see kernel.ts for the layout): forward, the gradient
// for the level below, and the momentum update with Keras max-norm, as register-blocked products.
//
// Every output element is summed in the same order as the plain loops it replaces (forward: the
// bias, then input 0, 1, ...; input gradient: unit 0, 1, ...; weight gradient: each lane's rows
// in order, then lanes (0 + 2) + (1 + 3)), with a separate multiply and add, so the blocked
// products give the same bits. Blocking only decides how many sums advance together: a tile of
// 2 units x 16 rows keeps 8 independent sums in registers, enough to cover the add
// latency, and reads each input vector once per tile instead of once per unit.
//
// The relaxed build (ASC_FEATURE_RELAXED_SIMD) fuses each multiply-add (f32x4.relaxed_madd): one
// rounding instead of two, so its results differ from this build's in the last bits.

import { INVARIANTS, HIDDEN_SCALE, MAX_NORM, NORM_EPSILON } from './masks';

/** c + a * b: two roundings, or one in the relaxed build. */
@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

@inline export function hsum(v: v128): f32 {
  const s = f32x4.add(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(f32x4.add(s, v128.shuffle<f32>(s, s, 1, 0, 3, 2)), 0);
}

/**
 * One tile of a product with the batch in the lanes: for k < UNITS (1 or 2) and q < VECTORS (1 or 4),
 *   acc[k][q] = init[k] + sum over s < steps of w[k][s] * x[s][q]
 * where x[s] is the row at `src` + s * rowBytes (q its vector) and w[k][s] the f32 at
 * `w` + k * unitStride + s * stepStride. Forward: units are output units (init: bias, weights
 * along a row). Input gradient: units are inputs (init: 0, weights down a column). The epilogue
 * stores acc[k] to `dst` + k * rowBytes, through relu and dropout (forward of a hidden layer) or
 * the dropout scale and relu' (input gradient). Two units x four vectors is what fits: 8 sums,
 * 4 input vectors, a broadcast weight and a product fill 14 of the 15 registers V8 allocates
 * (three units spill four sums to the stack every step).
 */
@inline function tile(
  UNITS: i32, VECTORS: i32, BACKWARD: bool,
  src: usize, w: usize, unitStride: usize, stepStride: usize, steps: i32, rowBytes: usize,
  bias: usize, dst: usize, mask: usize, relu: bool, dropped: bool, activation: usize,
): void {
  const z = f32x4.splat(0);
  const i0 = BACKWARD ? z : v128.load32_splat(bias);
  const i1 = BACKWARD || UNITS < 2 ? z : v128.load32_splat(bias, 4);
  let a00 = i0, a01 = i0, a02 = i0, a03 = i0;
  let a10 = i1, a11 = i1, a12 = i1, a13 = i1;
  let x = src;
  let wp = w;
  for (let s = 0; s < steps; s++) {
    const x0 = v128.load(x);
    const x1 = VECTORS > 1 ? v128.load(x, 16) : z;
    const x2 = VECTORS > 1 ? v128.load(x, 32) : z;
    const x3 = VECTORS > 1 ? v128.load(x, 48) : z;
    const w0 = v128.load32_splat(wp);
    a00 = madd(w0, x0, a00);
    if (VECTORS > 1) {
      a01 = madd(w0, x1, a01);
      a02 = madd(w0, x2, a02);
      a03 = madd(w0, x3, a03);
    }
    if (UNITS > 1) {
      const w1 = v128.load32_splat(wp + unitStride);
      a10 = madd(w1, x0, a10);
      if (VECTORS > 1) {
        a11 = madd(w1, x1, a11);
        a12 = madd(w1, x2, a12);
        a13 = madd(w1, x3, a13);
      }
    }
    x += rowBytes;
    wp += stepStride;
  }
  finish(a00, a01, a02, a03, VECTORS, BACKWARD, dst, mask, relu, dropped, activation);
  if (UNITS > 1) finish(a10, a11, a12, a13, VECTORS, BACKWARD, dst + rowBytes, mask != 0 ? mask + rowBytes : 0, relu, dropped, activation + rowBytes);
}

/** Stores one unit's `VECTORS` sums of a tile (see tile). */
@inline function finish(
  c0: v128, c1: v128, c2: v128, c3: v128, VECTORS: i32, BACKWARD: bool,
  dst: usize, mask: usize, relu: bool, dropped: bool, activation: usize,
): void {
  const z = f32x4.splat(0);
  if (BACKWARD) {
    if (dropped) {
      const s = v128.load(INVARIANTS, HIDDEN_SCALE);
      c0 = f32x4.mul(c0, s);
      if (VECTORS > 1) {
        c1 = f32x4.mul(c1, s);
        c2 = f32x4.mul(c2, s);
        c3 = f32x4.mul(c3, s);
      }
    }
    // relu' and the mask at once: only active, kept units pass gradient.
    c0 = v128.and(c0, f32x4.gt(v128.load(activation), z));
    if (VECTORS > 1) {
      c1 = v128.and(c1, f32x4.gt(v128.load(activation, 16), z));
      c2 = v128.and(c2, f32x4.gt(v128.load(activation, 32), z));
      c3 = v128.and(c3, f32x4.gt(v128.load(activation, 48), z));
    }
  } else if (relu) {
    c0 = f32x4.pmax(c0, z);
    if (VECTORS > 1) {
      c1 = f32x4.pmax(c1, z);
      c2 = f32x4.pmax(c2, z);
      c3 = f32x4.pmax(c3, z);
    }
    if (mask != 0) {
      c0 = f32x4.mul(c0, v128.load(mask));
      if (VECTORS > 1) {
        c1 = f32x4.mul(c1, v128.load(mask, 16));
        c2 = f32x4.mul(c2, v128.load(mask, 32));
        c3 = f32x4.mul(c3, v128.load(mask, 48));
      }
    }
  }
  v128.store(dst, c0);
  if (VECTORS > 1) {
    v128.store(dst, c1, 16);
    v128.store(dst, c2, 32);
    v128.store(dst, c3, 48);
  }
}

/**
 * One layer forward: output[j] = bias[j] + sum_i t[j][i] * input[i], summed in input order, then
 * relu and the dropout multipliers `mOut` (0: none) for a hidden layer; raw for the output layer.
 */
export function forwardLayer(input: usize, output: usize, t: usize, bv: usize, mOut: usize, fanIn: i32, fanOut: i32, bp: i32, hidden: bool): void {
  const rowBytes = <usize>bp << 2;
  const unitStride = <usize>fanIn << 2;
  for (let v = 0; v < bp; ) {
    const wide = v + 16 <= bp;
    const at = <usize>v << 2;
    const src = input + at;
    let j = 0;
    for (; j + 2 <= fanOut; j += 2) {
      const w = t + <usize>j * unitStride;
      const o = <usize>j * rowBytes + at;
      const m = mOut != 0 ? mOut + o : 0;
      if (wide) tile(2, 4, false, src, w, unitStride, 4, fanIn, rowBytes, bv + (<usize>j << 2), output + o, m, hidden, false, 0);
      else tile(2, 1, false, src, w, unitStride, 4, fanIn, rowBytes, bv + (<usize>j << 2), output + o, m, hidden, false, 0);
    }
    for (; j < fanOut; j++) {
      const w = t + <usize>j * unitStride;
      const o = <usize>j * rowBytes + at;
      const m = mOut != 0 ? mOut + o : 0;
      if (wide) tile(1, 4, false, src, w, unitStride, 4, fanIn, rowBytes, bv + (<usize>j << 2), output + o, m, hidden, false, 0);
      else tile(1, 1, false, src, w, unitStride, 4, fanIn, rowBytes, bv + (<usize>j << 2), output + o, m, hidden, false, 0);
    }
    v += wide ? 16 : 4;
  }
}

/**
 * The gradient for the level below, dIn[i] = sum_j t[j][i] * dz[j] in unit order, with the
 * weights before this step's update; scaled by the dropout multiplier where that level drops,
 * and passed only where the (dropped) activation `input` is positive.
 */
export function backwardInput(input: usize, dz: usize, dIn: usize, t: usize, fanIn: i32, fanOut: i32, bp: i32, dropped: bool): void {
  const rowBytes = <usize>bp << 2;
  const stepStride = <usize>fanIn << 2;
  for (let v = 0; v < bp; ) {
    const wide = v + 16 <= bp;
    const at = <usize>v << 2;
    const src = dz + at;
    let i = 0;
    for (; i + 2 <= fanIn; i += 2) {
      const o = <usize>i * rowBytes + at;
      if (wide) tile(2, 4, true, src, t + (<usize>i << 2), 4, stepStride, fanOut, rowBytes, 0, dIn + o, 0, false, dropped, input + o);
      else tile(2, 1, true, src, t + (<usize>i << 2), 4, stepStride, fanOut, rowBytes, 0, dIn + o, 0, false, dropped, input + o);
    }
    for (; i < fanIn; i++) {
      const o = <usize>i * rowBytes + at;
      if (wide) tile(1, 4, true, src, t + (<usize>i << 2), 4, stepStride, fanOut, rowBytes, 0, dIn + o, 0, false, dropped, input + o);
      else tile(1, 1, true, src, t + (<usize>i << 2), 4, stepStride, fanOut, rowBytes, 0, dIn + o, 0, false, dropped, input + o);
    }
    v += wide ? 16 : 4;
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
    let j = 0;
    for (; j + 2 <= fanOut; j += 2) updateUnits(2, true, j, input, dz, t, vel, bv, vbv, unitNorms, fanIn, rowBytes, bp, lr, momentum);
    for (; j < fanOut; j++) updateUnits(1, true, j, input, dz, t, vel, bv, vbv, unitNorms, fanIn, rowBytes, bp, lr, momentum);
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
    let j = 0;
    for (; j + 2 <= fanOut; j += 2) updateUnits(2, false, j, input, dz, t, vel, bv, vbv, unitNorms, fanIn, rowBytes, bp, lr, momentum);
    for (; j < fanOut; j++) updateUnits(1, false, j, input, dz, t, vel, bv, vbv, unitNorms, fanIn, rowBytes, bp, lr, momentum);
  }
}

/** Lane k of the result is the full sum of g_k: ((lane 0 + lane 2) + (lane 1 + lane 3)). */
@inline function transposeAdd(g0: v128, g1: v128, g2: v128, g3: v128): v128 {
  const s01 = f32x4.add(v128.shuffle<f32>(g0, g1, 0, 4, 1, 5), v128.shuffle<f32>(g0, g1, 2, 6, 3, 7));
  const s23 = f32x4.add(v128.shuffle<f32>(g2, g3, 0, 4, 1, 5), v128.shuffle<f32>(g2, g3, 2, 6, 3, 7));
  return f32x4.add(v128.shuffle<f32>(s01, s23, 0, 1, 4, 5), v128.shuffle<f32>(s01, s23, 2, 3, 6, 7));
}

/** v = momentum v - lr g; w += v for four weights at `wp` / velocities at `vp`; returns the new weights. */
@inline function step4(wp: usize, vp: usize, g: v128, lr: f32, momentum: f32): v128 {
  const nv = f32x4.sub(f32x4.mul(f32x4.splat(momentum), v128.load(vp)), f32x4.mul(f32x4.splat(lr), g));
  v128.store(vp, nv);
  const nw = f32x4.add(v128.load(wp), nv);
  v128.store(wp, nw);
  return nw;
}

/**
 * Momentum update of UNITS (1 or 2) units from j: their biases and incoming weights (rows of the
 * transposed kernel `t`), from their output gradients `dz` and the layer input. With SQUARES,
 * stores each unit's sum of squares of its new weights to `unitNorms`.
 */
@inline function updateUnits(
  UNITS: i32, SQUARES: bool, j: i32, input: usize, dz: usize, t: usize, vel: usize, bv: usize, vbv: usize, unitNorms: usize,
  fanIn: i32, rowBytes: usize, bp: i32, lr: f32, momentum: f32,
): void {
  const z = f32x4.splat(0);
  const d0 = dz + <usize>j * rowBytes;
  const d1 = d0 + rowBytes;
  updateBias(j, d0, bv, vbv, bp, lr, momentum);
  if (UNITS > 1) updateBias(j + 1, d1, bv, vbv, bp, lr, momentum);
  const row0 = (<usize>(j * fanIn)) << 2;
  const row1 = row0 + (<usize>fanIn << 2);
  let sq0 = z, sq1 = z;
  let i = 0;
  // Four inputs at a time: their four gradients fill one vector for the update.
  for (; i + 4 <= fanIn; i += 4) {
    let g00 = z, g01 = z, g02 = z, g03 = z;
    let g10 = z, g11 = z, g12 = z, g13 = z;
    // Pointers carried by the loop: V8 recomputes an address formed before a loop at each use.
    let p = input + (<usize>i) * rowBytes;
    let q = p + 2 * rowBytes;
    let e0 = d0;
    let e1 = d1;
    const end = d0 + rowBytes;
    for (; e0 < end; e0 += 16) {
      const x0 = v128.load(p);
      const x1 = v128.load(p + rowBytes);
      const x2 = v128.load(q);
      const x3 = v128.load(q + rowBytes);
      const f0 = v128.load(e0);
      g00 = madd(f0, x0, g00);
      g01 = madd(f0, x1, g01);
      g02 = madd(f0, x2, g02);
      g03 = madd(f0, x3, g03);
      if (UNITS > 1) {
        const f1 = v128.load(e1);
        g10 = madd(f1, x0, g10);
        g11 = madd(f1, x1, g11);
        g12 = madd(f1, x2, g12);
        g13 = madd(f1, x3, g13);
        e1 += 16;
      }
      p += 16;
      q += 16;
    }
    const at = <usize>i << 2;
    const n0 = step4(t + row0 + at, vel + row0 + at, transposeAdd(g00, g01, g02, g03), lr, momentum);
    if (SQUARES) sq0 = f32x4.add(sq0, f32x4.mul(n0, n0));
    if (UNITS > 1) {
      const n1 = step4(t + row1 + at, vel + row1 + at, transposeAdd(g10, g11, g12, g13), lr, momentum);
      if (SQUARES) sq1 = f32x4.add(sq1, f32x4.mul(n1, n1));
    }
  }
  let ss0 = hsum(sq0);
  let ss1 = hsum(sq1);
  for (; i < fanIn; i++) {
    const src = input + (<usize>i) * rowBytes;
    ss0 = updateOne(t + row0, vel + row0, i, src, d0, bp, lr, momentum, ss0, SQUARES);
    if (UNITS > 1) ss1 = updateOne(t + row1, vel + row1, i, src, d1, bp, lr, momentum, ss1, SQUARES);
  }
  if (SQUARES) {
    store<f32>(unitNorms + (<usize>j << 2), ss0);
    if (UNITS > 1) store<f32>(unitNorms + (<usize>(j + 1) << 2), ss1);
  }
}

/** Unit j's bias: its gradient is the sum of its output gradients over the batch. */
@inline function updateBias(j: i32, dzRow: usize, bv: usize, vbv: usize, bp: i32, lr: f32, momentum: f32): void {
  let gb = f32x4.splat(0);
  for (let v = 0; v < bp; v += 4) gb = f32x4.add(gb, v128.load(dzRow + (<usize>v << 2)));
  const gBias = hsum(gb);
  const vbp = vbv + (<usize>j << 2);
  const newVb: f32 = momentum * load<f32>(vbp) - lr * gBias;
  store<f32>(vbp, newVb);
  store<f32>(bv + (<usize>j << 2), load<f32>(bv + (<usize>j << 2)) + newVb);
}

/** One weight (input i of the unit whose row is at `wrow`), for inputs past the last four. */
@inline function updateOne(wrow: usize, vrow: usize, i: i32, src: usize, dzRow: usize, bp: i32, lr: f32, momentum: f32, ss: f32, squares: bool): f32 {
  let gv = f32x4.splat(0);
  for (let v = 0; v < bp; v += 4) gv = madd(v128.load(dzRow + (<usize>v << 2)), v128.load(src + (<usize>v << 2)), gv);
  const g = hsum(gv);
  const vp = vrow + (<usize>i << 2);
  const nv: f32 = momentum * load<f32>(vp) - lr * g;
  store<f32>(vp, nv);
  const nw = load<f32>(wrow + (<usize>i << 2)) + nv;
  store<f32>(wrow + (<usize>i << 2), nw);
  return squares ? ss + nw * nw : ss;
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
