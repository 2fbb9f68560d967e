/**
 * scikit-learn's folds, exactly: `StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)`
 * as scikit-learn 1.2 computes it with numpy's legacy `RandomState`. Pure: labels and seed in, the
 * fold of every row out. Reproduced from the sources, not approximated: numpy's MT19937 seeded by
 * `init_genrand` (numpy's `_legacy_seeding` for an integer seed), `RandomState.shuffle`'s
 * Fisher-Yates with `random_interval` (masked rejection on 32-bit draws), and sklearn's
 * `StratifiedKFold._make_test_folds` (classes encoded by first appearance, round-robin allocation
 * over the sorted labels, one shuffle of each class's block of fold numbers).
 */
import { UserError } from '../errors.js';

const N = 624;
const M = 397;

/** numpy's legacy MT19937 bit generator (Matsumoto & Nishimura 1998, mt19937ar.c). */
export class Mt19937 {
  private readonly mt = new Uint32Array(N);
  private index = N;

  /** `np.random.RandomState(seed)` for an integer seed in [0, 2^32 - 1]: `init_genrand(seed)`. */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`MT19937 seed ${seed} is not an integer in [0, 2^32 - 1]`);
    this.mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = this.mt[i - 1] ^ (this.mt[i - 1] >>> 30);
      // 1812433253 * prev + i modulo 2^32: Math.imul keeps the low 32 bits exactly.
      this.mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
  }

  private twist(): void {
    const mt = this.mt;
    for (let i = 0; i < N; i++) {
      const y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
      mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.index = 0;
  }

  /** `genrand_int32`: the next 32-bit output, tempered. */
  nextUint32(): number {
    if (this.index >= N) this.twist();
    let y = this.mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /**
   * numpy's `random_interval(bitgen, max)`: a uniform integer in [0, max] by drawing 32-bit
   * values, masking them to the smallest all-ones mask >= max, and rejecting those above max.
   * (Shuffle bounds are row indices, far below 2^32, so the 64-bit branch is never taken.)
   */
  interval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    let value: number;
    do value = (this.nextUint32() & mask) >>> 0;
    while (value > max);
    return value;
  }

  /** `RandomState.shuffle` of a 1-d array: for i from n-1 down to 1, swap i with random_interval(i). */
  shuffle(items: Int32Array | number[]): void {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.interval(i);
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
  }
}

/**
 * The fold of every row, as `StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)` assigns
 * them (row r is in the test set of fold f when the result has f at r). Only the pattern of equal
 * labels matters: classes are numbered in order of first appearance, as sklearn does.
 */
export function sklearnStratifiedFolds(labels: ArrayLike<number>, k: number, seed: number, source = 'data'): Int32Array {
  if (!Number.isInteger(k) || k < 2) throw new UserError(`folds: ${k} is not an integer >= 2`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new UserError(`seed: ${seed} is out of range for split: sklearn (numpy's RandomState takes an integer in [0, 4294967295])`);
  }
  // y_encoded: 0 for the first label that appears, 1 for the second, and so on.
  const codeOf = new Map<number, number>();
  const encoded = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    let code = codeOf.get(labels[i]);
    if (code === undefined) codeOf.set(labels[i], (code = codeOf.size));
    encoded[i] = code;
  }
  const classes = codeOf.size;
  const counts = new Array<number>(classes).fill(0);
  for (const c of encoded) counts[c]++;
  // sklearn only warns here, but a fold without a row of some class cannot be trained on every
  // class; the dropsweep split refuses it too, with the same message.
  for (const [label, code] of codeOf) {
    if (counts[code] < k) throw new UserError(`${source}: class ${label} has ${counts[code]} rows, fewer than the ${k} folds; use fewer folds`);
  }
  // allocation[f][c]: rows of class c in fold f, dealt round-robin over the labels sorted by code
  // (sklearn: np.bincount(np.sort(y_encoded)[f::k])).
  const allocation = Array.from({ length: k }, () => new Array<number>(classes).fill(0));
  let position = 0;
  for (let c = 0; c < classes; c++) {
    for (let j = 0; j < counts[c]; j++) allocation[position++ % k][c]++;
  }
  const rng = new Mt19937(seed);
  const foldOf = new Int32Array(labels.length);
  for (let c = 0; c < classes; c++) {
    // np.arange(k).repeat(allocation[:, c]), shuffled, then given to the class's rows in row order.
    const block: number[] = [];
    for (let f = 0; f < k; f++) for (let j = 0; j < allocation[f][c]; j++) block.push(f);
    rng.shuffle(block);
    let next = 0;
    for (let i = 0; i < encoded.length; i++) if (encoded[i] === c) foldOf[i] = block[next++];
  }
  return foldOf;
}
