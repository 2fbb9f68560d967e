/**
 * "Which trials could be the best?": a model confidence set in the elimination form of Hansen,
 * Lunde & Nason (2011, "The model confidence set", Econometrica 79(2)), with the comparisons and
 * the multiplicity of Hsu's multiple comparisons with the best (MCB; Hsu 1996, "Multiple
 * Comparisons", ch. 4), on the Nadeau-Bengio corrected variance. Pure.
 *
 * Start with every trial. For each trial i left, t_i is its largest one-sided corrected paired t
 * against another trial left: max over j of (mean_j - mean_i) / sqrt((1/n + n_test/n_train) s_ij^2),
 * s_ij^2 the sample variance of the fold differences, at least the variance floor (HLN's range
 * statistic T_R and elimination rule e_R). The trial with the largest t_i is eliminated at step
 * p-value min(1, (m - 1) P(T_{n-1} >= t_i)), m the trials left: Bonferroni over the m - 1
 * comparisons of one trial with the others, which is what protects the truly best trial b (it is
 * eliminated only when one of its own m - 1 comparisons, all against trials no better than it,
 * comes out significant: probability at most alpha at each step). A trial's p-value is the
 * largest step p-value up to its elimination (1 for the trials never eliminated); the 1 - alpha set
 * is every trial with p >= alpha.
 *
 * What it guarantees: the set holds the best trial with probability at least 1 - alpha; when
 * several are exactly equally good, at least one of them (Hsu's MCB guarantee; HLN's stronger
 * "all of them" would need every pair in the multiplicity). Across steps the bound is not exact
 * (the trials left depend on the data, as in any step-down against data-chosen comparisons), so
 * it is shown by simulation: test/stats/confidence-set-coverage.test.ts. Clearly worse trials
 * leave first and are never the trial a better one is compared against, so adding them does not
 * grow the set.
 */
import { upperTailP } from './statistics.js';

export interface ConfidenceSetOptions {
  /** n_test / n_train of one fold: 1 / (k - 1) for k equal folds. */
  testTrainRatio: number;
  /** The least variance a comparison rests on (statistics.ts varianceFloor). */
  minVariance: number;
  /** Default 0.05: the set holds the best with probability at least 0.95. */
  alpha?: number;
}

export interface ConfidenceSet {
  /** The MCS p-value of each trial, in the input order. */
  pValues: number[];
  /** p >= alpha: in the 1 - alpha model confidence set. */
  inSet: boolean[];
  /** Indexes in elimination order (exact ties leave in one step, in input order). */
  eliminated: number[];
}

/**
 * Trials compared against: the best `POOL` by mean. Below that size every pair is compared (the
 * shipped grid has 576 trials); above it a trial is compared with the POOL best only, which can
 * only lower its t_i, so the set can only be larger (conservative), and the cost stays m x POOL.
 */
export const POOL = 600;

interface Entry {
  i: number;
  t: number;
  /** The trial t was taken against (-1: none left). */
  j: number;
}

/**
 * The model confidence set of `scores[trial][cell]` (every trial scored on the same n >= 2 cells,
 * paired: the same folds and repeats in the same order).
 */
export function modelConfidenceSet(scores: readonly (readonly number[])[], o: ConfidenceSetOptions): ConfidenceSet {
  const alpha = o.alpha ?? 0.05;
  const m = scores.length;
  const n = scores[0]?.length ?? 0;
  if (m > 1 && n < 2) throw new RangeError(`model confidence set: ${n} cell(s) per trial; a variance needs 2`);
  // Each trial's mean and its cells centred on it: var(a_j - a_i) = sum_c (x_jc - x_ic)^2 / (n - 1).
  const means = new Float64Array(m);
  const centred = new Float64Array(m * n);
  scores.forEach((row, i) => {
    if (row.length !== n) throw new RangeError(`model confidence set: trial ${i} has ${row.length} cells, trial 0 has ${n}`);
    let s = 0;
    for (const x of row) s += x;
    means[i] = s / n;
    row.forEach((x, c) => (centred[i * n + c] = x - means[i]));
  });
  const pool = Array.from({ length: m }, (_, i) => i)
    .sort((a, b) => means[b] - means[a] || a - b)
    .slice(0, POOL);
  const alive = new Uint8Array(m).fill(1);
  const factor = 1 / n + o.testTrainRatio;

  const against = (i: number): Entry => {
    let best: Entry = { i, t: -Infinity, j: -1 };
    for (const j of pool) {
      if (j === i || !alive[j]) continue;
      let ss = 0;
      for (let c = 0; c < n; c++) ss += (centred[j * n + c] - centred[i * n + c]) ** 2;
      const variance = Math.max(ss / (n - 1), o.minVariance);
      const gap = means[j] - means[i];
      const t = variance > 0 ? gap / Math.sqrt(factor * variance) : gap === 0 ? 0 : Math.sign(gap) * Infinity;
      if (t > best.t) best = { i, t, j };
    }
    return best;
  };
  // Ascending by t (then descending index), so the next to eliminate is at the end.
  const order = (a: Entry, b: Entry) => a.t - b.t || b.i - a.i;
  const queue = Array.from({ length: m }, (_, i) => against(i)).sort(order);
  const insert = (e: Entry) => {
    let lo = 0;
    let hi = queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (order(queue[mid], e) < 0) lo = mid + 1;
      else hi = mid;
    }
    queue.splice(lo, 0, e);
  };
  /** The last entry, recomputed until its comparison trial is still in the set. */
  const top = (): Entry | undefined => {
    for (;;) {
      const e = queue.at(-1);
      if (!e || e.j === -1 || alive[e.j]) return e;
      queue.pop();
      insert(against(e.i));
    }
  };

  const pValues = new Array<number>(m).fill(1);
  const eliminated: number[] = [];
  let left = m;
  let running = 0;
  while (left > 1 && running < 1) {
    const first = top()!;
    running = Math.max(running, Math.min(1, (left - 1) * upperTailP(first.t, n - 1)));
    // Exact ties (the same fold scores) leave together, with one p-value.
    const tie = Number.isFinite(first.t) ? 1e-12 * Math.max(1, Math.abs(first.t)) : 0;
    const out: number[] = [];
    for (let e = top(); e && (e.t === first.t || e.t >= first.t - tie); e = top()) out.push(queue.pop()!.i);
    if (out.length >= left) break;
    out.sort((a, b) => a - b);
    for (const i of out) {
      alive[i] = 0;
      pValues[i] = running;
    }
    eliminated.push(...out);
    left -= out.length;
  }
  return { pValues, inSet: pValues.map((p) => p >= alpha), eliminated };
}
