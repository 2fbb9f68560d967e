// Dropout masks of the fused kernel (see kernel.ts): four xoshiro128** streams, one per SIMD lane.

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
export const INVARIANTS: usize = memory.data(80, 16);
export const MASK_SCALE = 0;
export const MASK_LAST_DROPPED = 16;
export const HIDDEN_SCALE = 32;
export const MAX_NORM = 48;
export const NORM_EPSILON = 64;

/**
 * Writes `vectors` f32x4 of inverted-dropout multipliers: 0 with probability `rate`, else
 * 1 / (1 - rate). Lane k of every vector comes from stream k; vectors take successive draws.
 */
export function drawMasks(ptr: usize, vectors: i32, rate: f32): void {
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

