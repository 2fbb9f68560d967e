/*
 * The model confidence set procedure of Hansen, Lunde & Nason (2011, Econometrica 79(2),
 * section 3), with the range statistic T_R and its elimination rule e_R, written here from the
 * papers for the tests and sharing no code with src/stats. The two choices dropsweep makes:
 * - t_ij uses Nadeau & Bengio's corrected variance of the paired fold differences instead of a
 *   bootstrap: t_ij = mean(a_j - a_i) / sqrt((1/n + n_test/n_train) max(s_ij^2, floor));
 * - the step p-value is Bonferroni over the m - 1 one-sided comparisons of one trial with the
 *   others (the multiplicity of Hsu's MCB): min(1, (m - 1) P(T_{n-1} >= max_i max_j t_ij)).
 * Eliminate argmax_i max_j t_ij, one at a time. MCS p-value of the k-th eliminated: the largest
 * step p-value of steps 1..k; never eliminated: 1.
 */
import { tUpper } from './t-reference.js';

export function referenceMcs(accuracy: number[][], ratio: number, floor: number): number[] {
  const n = accuracy[0].length;
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const tij = (i: number, j: number) => {
    const d = accuracy[j].map((x, c) => x - accuracy[i][c]);
    const md = mean(d);
    const s2 = d.reduce((s, x) => s + (x - md) ** 2, 0) / (n - 1);
    return md / Math.sqrt((1 / n + ratio) * Math.max(s2, floor));
  };
  const p = accuracy.map(() => 1);
  let left = accuracy.map((_, i) => i);
  let running = 0;
  while (left.length > 1) {
    const t = left.map((i) => Math.max(...left.filter((j) => j !== i).map((j) => tij(i, j))));
    const worst = Math.max(...t);
    running = Math.max(running, Math.min(1, (left.length - 1) * tUpper(worst, n - 1)));
    const out = left[t.indexOf(worst)];
    p[out] = running;
    left = left.filter((i) => i !== out);
    if (running >= 1) break;
  }
  return p;
}
