// The fused training kernel: one fold fit of a dense relu network, entirely inside WebAssembly,
// 128-bit SIMD across the batch. AssemblyScript; built by `npm install` (scripts/build-kernel.js).
//
// Layout: activations are batch-major per unit, [units][Bp] with Bp = batch rounded up to a
// multiple of 4, so a 16-row batch is four f32x4 vectors per unit. Kernels are kept transposed,
// [out][in], so a unit's incoming weights (what max-norm bounds) are contiguous. Padded lanes
// carry zero gradient weight. Gradients are applied as the momentum update as soon as they are
// computed, never stored.

const EPSILON: f32 = 1e-7;
const DIVERGED_LOSS: f64 = 5.0;
const STUCK_EPOCHS: i32 = 10;

export function reset(): void {
  heap.reset();
}

export function alloc(bytes: i32): usize {
  const p = heap.alloc(<usize>bytes);
  memory.fill(p, 0, <usize>bytes);
  return p;
}

// ---- dropout masks: xoshiro128**, four streams, one per SIMD lane ----------------------------
//
// One scalar generator with its state in globals (which V8 keeps in memory) costs 3.5 ns a draw,
// a fifth of a hidden-dropout fit. Instead four streams advance together, one v128 per state word,
// so one step yields the masks of four lanes. Stream k is the splitmix32-seeded state jumped 2^64
// draws ahead k times: the four never overlap, and the draw order depends on nothing but the seed.

let s0: u32 = 1;
let s1: u32 = 2;
let s2: u32 = 3;
let s3: u32 = 4;
let sm: u32 = 0;

/** The four state words, each a v128 whose lane k belongs to stream k. */
const STREAMS: usize = memory.data(64, 16);

function splitmix32(): u32 {
  sm += 0x9e3779b9;
  let z = sm;
  z = (z ^ (z >>> 16)) * 0x85ebca6b;
  z = (z ^ (z >>> 13)) * 0xc2b2ae35;
  return z ^ (z >>> 16);
}

@inline function nextU32(): u32 {
  const result = rotl<u32>(s1 * 5, 7) * 9;
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl<u32>(s3, 11);
  return result;
}

/** xoshiro128**'s published jump polynomial: equivalent to 2^64 calls of nextU32. */
function jump(): void {
  let j0: u32 = 0, j1: u32 = 0, j2: u32 = 0, j3: u32 = 0;
  for (let w = 0; w < 4; w++) {
    const poly: u32 = w == 0 ? 0x8764000b : w == 1 ? 0xf542d2d3 : w == 2 ? 0x6fa035c3 : 0x77f2db5b;
    for (let b = 0; b < 32; b++) {
      if ((poly >>> b) & 1) {
        j0 ^= s0;
        j1 ^= s1;
        j2 ^= s2;
        j3 ^= s3;
      }
      nextU32();
    }
  }
  s0 = j0;
  s1 = j1;
  s2 = j2;
  s3 = j3;
}

export function seedMasks(seed: u32): void {
  sm = seed;
  s0 = splitmix32();
  s1 = splitmix32();
  s2 = splitmix32();
  s3 = splitmix32();
  for (let k = 0; k < 4; k++) {
    const lane = STREAMS + (<usize>k << 2);
    store<u32>(lane, s0);
    store<u32>(lane, s1, 16);
    store<u32>(lane, s2, 32);
    store<u32>(lane, s3, 48);
    jump();
  }
}

@inline function rotl4(x: v128, k: i32): v128 {
  return v128.or(i32x4.shl(x, k), i32x4.shr_u(x, 32 - k));
}

/**
 * Loop invariants, kept in memory on purpose: V8 places a value computed before a loop where it is
 * used, inside the loop, and redoes it every iteration (a division, a float-to-int conversion);
 * a load from here is one cheap instruction instead.
 */
const INVARIANTS: usize = memory.data(80, 16);
const MASK_SCALE = 0;
const MASK_LAST_DROPPED = 16;
const HIDDEN_SCALE = 32;
const MAX_NORM = 48;
const NORM_EPSILON = 64;

/**
 * Writes `vectors` f32x4 of inverted-dropout multipliers: 0 with probability `rate`, else
 * 1 / (1 - rate). Lane k of every vector comes from stream k; vectors take successive draws.
 */
function drawMasks(ptr: usize, vectors: i32, rate: f32): void {
  v128.store(INVARIANTS, f32x4.splat(1.0 / (1.0 - rate)), MASK_SCALE);
  // Dropped when the top 24 bits, read as a fraction, fall below rate: u < rate exactly as
  // (u >>> 8) * 2^-24 < rate would. Below 2^24 a signed comparison is an unsigned one.
  v128.store(INVARIANTS, i32x4.splat(<i32>(<u32>(rate * 16777216.0)) - 1), MASK_LAST_DROPPED);
  // Locals, not memory: the four words stay in registers across the loop.
  let a = v128.load(STREAMS);
  let b = v128.load(STREAMS, 16);
  let c = v128.load(STREAMS, 32);
  let d = v128.load(STREAMS, 48);
  for (let q = 0; q < vectors; q++) {
    // rotl(b * 5, 7) * 9, the multiplications as shift-and-add (no constant vectors to rebuild).
    const r = rotl4(i32x4.add(b, i32x4.shl(b, 2)), 7);
    const u = i32x4.add(r, i32x4.shl(r, 3));
    const t = i32x4.shl(b, 9);
    c = v128.xor(c, a);
    d = v128.xor(d, b);
    b = v128.xor(b, c);
    a = v128.xor(a, d);
    c = v128.xor(c, t);
    d = rotl4(d, 11);
    const kept = i32x4.gt_s(i32x4.shr_u(u, 8), v128.load(INVARIANTS, MASK_LAST_DROPPED));
    v128.store(ptr + (<usize>q << 4), v128.and(kept, v128.load(INVARIANTS, MASK_SCALE)));
  }
  v128.store(STREAMS, a);
  v128.store(STREAMS, b, 16);
  v128.store(STREAMS, c, 32);
  v128.store(STREAMS, d, 48);
}

/**
 * The masks training would draw next, for tests: `count` rounded up to a multiple of 4 values
 * are written (whole vectors), so `ptr` must have room for them.
 */
export function fillMask(ptr: usize, count: i32, rate: f32): void {
  drawMasks(ptr, (count + 3) >> 2, rate);
}

// ---- helpers --------------------------------------------------------------------------------

@inline function hsum(v: v128): f32 {
  const s = f32x4.add(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(f32x4.add(s, v128.shuffle<f32>(s, s, 1, 0, 3, 2)), 0);
}

@inline function sizeAt(sizes: usize, k: i32): i32 {
  return load<i32>(sizes + (<usize>k << 2));
}

// ---- training -------------------------------------------------------------------------------

/**
 * Trains one model. `weights` holds, per layer, the Keras kernel [in, out] then the bias [out];
 * it is read as the initial state and overwritten with the final one. `order` holds epochs * n
 * row indices (each epoch's shuffle). Epoch losses go to `losses`. Returns the number of epochs
 * run, negated when the model diverged.
 */
export function train(
  layers: i32,
  sizes: usize,
  x: usize,
  y: usize,
  n: i32,
  order: usize,
  epochs: i32,
  batch: i32,
  weights: usize,
  lr: f32,
  momentum: f32,
  maxNorm: f32,
  dropIn: f32,
  dropHidden: f32,
  seed: u32,
  losses: usize,
): i32 {
  seedMasks(seed);
  const bp = (batch + 3) & ~3;
  const rowBytes = <usize>bp << 2;
  const d = sizeAt(sizes, 0);

  // Per layer: transposed kernel, velocities, bias pointer (inside `weights`), bias velocity.
  const wt = heap.alloc(<usize>layers << 2);
  const vw = heap.alloc(<usize>layers << 2);
  const bias = heap.alloc(<usize>layers << 2);
  const vb = heap.alloc(<usize>layers << 2);
  let wp = weights;
  for (let l = 0; l < layers; l++) {
    const fanIn = sizeAt(sizes, l);
    const fanOut = sizeAt(sizes, l + 1);
    const t = alloc(fanIn * fanOut * 4);
    for (let i = 0; i < fanIn; i++) {
      for (let j = 0; j < fanOut; j++) store<f32>(t + ((<usize>(j * fanIn + i)) << 2), load<f32>(wp + ((<usize>(i * fanOut + j)) << 2)));
    }
    store<usize>(wt + (<usize>l << 2), t);
    store<usize>(vw + (<usize>l << 2), alloc(fanIn * fanOut * 4));
    wp += <usize>(fanIn * fanOut) << 2;
    store<usize>(bias + (<usize>l << 2), wp);
    store<usize>(vb + (<usize>l << 2), alloc(fanOut * 4));
    wp += <usize>fanOut << 2;
  }

  // Activations per level k = 0 (inputs) .. layers (output), after relu and after dropout where
  // that level drops: the mask is applied as the activation is formed, so nothing keeps the
  // undropped value. Backward needs none: with multipliers 0 or s > 0 and relu outputs >= 0, a
  // unit passes gradient exactly where its dropped activation is positive.
  const act = heap.alloc(<usize>(layers + 1) << 2);
  const grd = heap.alloc(<usize>(layers + 1) << 2);
  // Per level, where its masks are; 0 at levels without dropout and at the input, whose masks
  // are applied once, in place, as the batch is loaded.
  const msk = heap.alloc(<usize>(layers + 1) << 2);
  let hiddenUnits = 0;
  for (let k = 1; k < layers; k++) hiddenUnits += sizeAt(sizes, k);
  // One step's masks: the input level's (at its own rate), then every hidden level's.
  const visibleVectors = dropIn > 0 ? (d * bp) >> 2 : 0;
  const hiddenVectors = dropHidden > 0 ? (hiddenUnits * bp) >> 2 : 0;
  const masks = alloc((visibleVectors + hiddenVectors) << 4);
  let mp = masks + (<usize>visibleVectors << 4);
  for (let k = 0; k <= layers; k++) {
    const units = sizeAt(sizes, k);
    store<usize>(act + (<usize>k << 2), alloc(units * bp * 4));
    store<usize>(grd + (<usize>k << 2), alloc(units * bp * 4));
    let m: usize = 0;
    if (k > 0 && k < layers && dropHidden > 0) {
      m = mp;
      mp += <usize>units * rowBytes;
    }
    store<usize>(msk + (<usize>k << 2), m);
  }
  let widest = 0;
  for (let k = 1; k <= layers; k++) widest = max(widest, sizeAt(sizes, k));
  // Per unit of the layer being updated: its sum of squares, then its max-norm factor.
  const unitNorms = alloc(((widest + 3) & ~3) * 4);
  v128.store(INVARIANTS, f32x4.splat(maxNorm), MAX_NORM);
  v128.store(INVARIANTS, f32x4.splat(EPSILON), NORM_EPSILON);
  const laneWeight = alloc(bp * 4);
  const laneY = alloc(bp * 4);

  const vZero = f32x4.splat(0);
  v128.store(INVARIANTS, f32x4.splat(1.0 / (1.0 - dropHidden)), HIDDEN_SCALE);
  let highRun = 0;

  for (let epoch = 0; epoch < epochs; epoch++) {
    let lossSum: f64 = 0;
    const epochOrder = order + ((<usize>epoch * <usize>n) << 2);
    for (let start = 0; start < n; start += batch) {
      const real = min(batch, n - start);
      const inv: f32 = 1.0 / <f32>real;
      const a0 = load<usize>(act);
      for (let b = 0; b < bp; b++) {
        if (b < real) {
          const row = load<i32>(epochOrder + (<usize>(start + b) << 2));
          const src = x + ((<usize>row * <usize>d) << 2);
          for (let i = 0; i < d; i++) store<f32>(a0 + ((<usize>(i * bp + b)) << 2), load<f32>(src + (<usize>i << 2)));
          store<f32>(laneY + (<usize>b << 2), load<f32>(y + (<usize>row << 2)));
          store<f32>(laneWeight + (<usize>b << 2), inv);
        } else {
          for (let i = 0; i < d; i++) store<f32>(a0 + ((<usize>(i * bp + b)) << 2), 0);
          store<f32>(laneY + (<usize>b << 2), 0);
          store<f32>(laneWeight + (<usize>b << 2), 0);
        }
      }
      if (visibleVectors > 0) {
        drawMasks(masks, visibleVectors, dropIn);
        for (let q = 0; q < visibleVectors; q++) {
          const o = <usize>q << 4;
          v128.store(a0 + o, f32x4.mul(v128.load(a0 + o), v128.load(masks + o)));
        }
      }
      if (hiddenVectors > 0) drawMasks(masks + (<usize>visibleVectors << 4), hiddenVectors, dropHidden);

      // Forward.
      for (let l = 0; l < layers; l++) {
        const fanIn = sizeAt(sizes, l);
        const fanOut = sizeAt(sizes, l + 1);
        const input = load<usize>(act + (<usize>l << 2));
        const output = load<usize>(act + (<usize>(l + 1) << 2));
        const mOut = load<usize>(msk + (<usize>(l + 1) << 2));
        const t = load<usize>(wt + (<usize>l << 2));
        const bv = load<usize>(bias + (<usize>l << 2));
        const hidden = l + 1 < layers;
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

      // Loss and the output gradient (Keras: clipped probability, no gradient where clipped).
      const zOut = load<usize>(act + (<usize>layers << 2));
      const gOut = load<usize>(grd + (<usize>layers << 2));
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

      // Backward, layer by layer from the output.
      for (let l = layers - 1; l >= 0; l--) {
        const fanIn = sizeAt(sizes, l);
        const fanOut = sizeAt(sizes, l + 1);
        const input = load<usize>(act + (<usize>l << 2));
        const dz = load<usize>(grd + (<usize>(l + 1) << 2));
        const t = load<usize>(wt + (<usize>l << 2));
        const vel = load<usize>(vw + (<usize>l << 2));
        const bv = load<usize>(bias + (<usize>l << 2));
        const vbv = load<usize>(vb + (<usize>l << 2));

        // Gradient for the level below, with the weights before this update.
        if (l > 0) {
          const dIn = load<usize>(grd + (<usize>l << 2));
          const dropped = load<usize>(msk + (<usize>l << 2)) != 0;
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

        // Momentum updates, applied as each gradient is formed; then Keras max-norm per unit.
        // Two loops rather than a test per weight vector: the constrained one also sums squares.
        if (maxNorm > 0 && l + 1 < layers) {
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
    }

    const epochLoss = lossSum / <f64>n;
    store<f32>(losses + (<usize>epoch << 2), <f32>epochLoss);
    if (!isFinite(epochLoss)) return writeBack(layers, sizes, weights, wt, -(epoch + 1));
    highRun = epochLoss > DIVERGED_LOSS ? highRun + 1 : 0;
    if (highRun >= STUCK_EPOCHS) return writeBack(layers, sizes, weights, wt, -(epoch + 1));
  }
  return writeBack(layers, sizes, weights, wt, epochs);
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

/** Copies the transposed kernels back into Keras layout in `weights`; biases are already there. */
function writeBack(layers: i32, sizes: usize, weights: usize, wt: usize, result: i32): i32 {
  let wp = weights;
  for (let l = 0; l < layers; l++) {
    const fanIn = sizeAt(sizes, l);
    const fanOut = sizeAt(sizes, l + 1);
    const t = load<usize>(wt + (<usize>l << 2));
    for (let i = 0; i < fanIn; i++) {
      for (let j = 0; j < fanOut; j++) store<f32>(wp + ((<usize>(i * fanOut + j)) << 2), load<f32>(t + ((<usize>(j * fanIn + i)) << 2)));
    }
    wp += <usize>(fanIn * fanOut + fanOut) << 2;
  }
  return result;
}

/**
 * Held-out evaluation without dropout: writes [correct predictions, summed clipped BCE] as f64
 * to `out`. Scalar code: a fold has ~21 rows, nothing to vectorize for.
 */
export function evaluate(layers: i32, sizes: usize, x: usize, y: usize, n: i32, weights: usize, scratch: usize, out: usize): void {
  let correct: f64 = 0;
  let loss: f64 = 0;
  const d = sizeAt(sizes, 0);
  // scratch holds two buffers of the widest layer.
  let widest = 0;
  for (let k = 0; k <= layers; k++) widest = max(widest, sizeAt(sizes, k));
  const bufA = scratch;
  const bufB = scratch + (<usize>widest << 2);
  for (let r = 0; r < n; r++) {
    memory.copy(bufA, x + ((<usize>(r * d)) << 2), <usize>d << 2);
    let cur = bufA;
    let nxt = bufB;
    let wp = weights;
    for (let l = 0; l < layers; l++) {
      const fanIn = sizeAt(sizes, l);
      const fanOut = sizeAt(sizes, l + 1);
      const bp = wp + ((<usize>(fanIn * fanOut)) << 2);
      for (let j = 0; j < fanOut; j++) {
        let z = load<f32>(bp + (<usize>j << 2));
        for (let i = 0; i < fanIn; i++) z += load<f32>(cur + (<usize>i << 2)) * load<f32>(wp + ((<usize>(i * fanOut + j)) << 2));
        store<f32>(nxt + (<usize>j << 2), l + 1 < layers ? max(z, 0) : z);
      }
      wp = bp + (<usize>fanOut << 2);
      const tmp = cur;
      cur = nxt;
      nxt = tmp;
    }
    const p: f32 = 1.0 / (1.0 + Mathf.exp(-load<f32>(cur)));
    const t = load<f32>(y + (<usize>r << 2));
    if (<f32>(p > 0.5 ? 1 : 0) == t) correct += 1;
    const pc = min(max(p, EPSILON), 1 - EPSILON);
    loss -= <f64>(t * Mathf.log(pc) + (1 - t) * Mathf.log(1 - pc));
  }
  store<f64>(out, correct);
  store<f64>(out, loss, 8);
}
