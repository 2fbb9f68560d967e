import assert from 'node:assert/strict';
import { test } from 'node:test';
import { replicates } from '../simulation-size.js';
import { crossingProbability, decreasingRoot, normalCdf, pocockBoundary, pocockLevel } from '../../src/stats/group-sequential.js';

// Pocock's boundary for racing's tests, against references written from the formulas: normal
// quantiles, Sheppard's orthant probability, the bivariate normal as a one-dimensional integral,
// and Pocock's published constants.

const near = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} against ${b}`);

test('the normal distribution function at its textbook quantiles, within the 1.2e-7 of its erfc fit', () => {
  near(normalCdf(0), 0.5, 1e-7, 'Phi(0)');
  near(normalCdf(1.6448536269514722), 0.95, 1e-7, 'Phi(z 0.95)');
  near(normalCdf(1.959963984540054), 0.975, 1e-7, 'Phi(z 0.975)');
  near(normalCdf(-2.3263478740408408), 0.01, 1e-8, 'Phi(z 0.01)');
});

test('the root finder: exact on a line, within 1e-12 on curves where plain regula falsi stalls, in few evaluations', () => {
  // A line: the first secant lands on the root, 2, which it returns at once (3 evaluations).
  assert.deepEqual(decreasingRoot((x) => 2 - x, 0, 10), { root: 2, evaluations: 3 });
  // exp(-x) = 1/2 at ln 2; exp(-5x) = 1e-6 at ln(1e6)/5; 1 - x^3 = 0 at 1. Plain regula falsi
  // keeps the far end fixed on the last two and does not get within 1e-12 in 100 evaluations.
  const cases: [(x: number) => number, number, number][] = [
    [(x) => Math.exp(-x) - 0.5, Math.LN2, 14],
    [(x) => Math.exp(-5 * x) - 1e-6, Math.log(1e6) / 5, 39],
    [(x) => 1 - x * x * x, 1, 17],
  ];
  for (const [g, root, most] of cases) {
    const found = decreasingRoot(g, 0, 10);
    near(found.root, root, 1e-12, `root ${root}`);
    assert.ok(found.evaluations <= most, `root ${root}: ${found.evaluations} evaluations, more than ${most}`);
  }
});

test('no looks never cross; three looks at c = 0 cross with 1 - (1/8 + the sum of asin(rho_ij) / (4 pi)) (the trivariate orthant)', () => {
  assert.equal(crossingProbability(1.7, []), 0);
  // Unequal steps between looks (1, 4, 9 and 25, 30, 36): the density carried from look to look is
  // scaled by each step, and the first look's lower limit is 8 standard deviations down at any n.
  for (const counts of [[1, 4, 9], [25, 30, 36], [2, 3, 4]]) {
    const rho = (i: number, j: number) => Math.sqrt(counts[i] / counts[j]);
    const below = 1 / 8 + (Math.asin(rho(0, 1)) + Math.asin(rho(0, 2)) + Math.asin(rho(1, 2))) / (4 * Math.PI);
    near(crossingProbability(0, counts), 1 - below, 2e-6, `looks after ${counts}`);
  }
});

test('one look crosses with 1 - Phi(c); at c = 0 two looks cross with 3/4 - asin(rho) / (2 pi) (Sheppard), rho = sqrt(n1 / n2)', () => {
  near(crossingProbability(1.7, [5]), 1 - normalCdf(1.7), 1e-12, 'one look');
  for (const [n1, n2] of [[2, 3], [1, 4], [3, 5], [2, 9], [25, 30]]) {
    const rho = Math.sqrt(n1 / n2);
    near(crossingProbability(0, [n1, n2]), 0.75 - Math.asin(rho) / (2 * Math.PI), 2e-6, `looks after ${n1} and ${n2}`);
  }
});

test('two looks cross with 1 - P(Z1 < c, Z2 < c), the bivariate normal written as one integral of phi(x) Phi((c - rho x) / sqrt(1 - rho^2))', () => {
  const phi = (x: number) => Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
  const both = (c: number, rho: number) => {
    // Midpoint rule on (-10, c), 20,000 steps.
    const steps = 20000;
    const h = (c + 10) / steps;
    let s = 0;
    for (let i = 0; i < steps; i++) {
      const x = -10 + (i + 0.5) * h;
      s += phi(x) * normalCdf((c - rho * x) / Math.sqrt(1 - rho * rho));
    }
    return s * h;
  };
  for (const [c, n1, n2] of [[1.9, 2, 3], [2.2, 3, 4], [1.5, 2, 7], [2.5, 1, 2]]) {
    near(crossingProbability(c, [n1, n2]), 1 - both(c, Math.sqrt(n1 / n2)), 2e-6, `c ${c}, looks after ${n1} and ${n2}`);
  }
});

test("Pocock's constants for K equally spaced looks (Jennison and Turnbull 2000, table 2.1: two-sided 0.05, i.e. one-sided 0.025)", () => {
  const published: [number, number][] = [[1, 1.96], [2, 2.178], [3, 2.289], [4, 2.361], [5, 2.413]];
  // Up to 5 looks; up to 3 under mutation testing (test/simulation-size.ts), where each look costs
  // some 40 times more and the code of a fourth look is the third's.
  for (const [k, c] of published.slice(0, replicates(5, 3))) near(pocockBoundary(0.025, Array.from({ length: k }, (_, i) => i + 1)), c, 2e-3, `K = ${k}`);
});

test('the nominal level of each look lies between Bonferroni (alpha / K) and alpha, and is alpha itself for one look', () => {
  assert.equal(pocockLevel(0.05, [3]), 0.05);
  for (const counts of [[2, 3], [2, 3, 4], [3, 4, 5, 6], [2, 9]]) {
    const level = pocockLevel(0.05, counts);
    assert.ok(level > 0.05 / counts.length && level < 0.05, `${counts}: ${level}`);
    near(crossingProbability(pocockBoundary(0.05, counts), counts), 0.05, 1e-6, `${counts}: the family-wise level`);
  }
  // More looks, each at a lower level; and each set of looks its own level (nothing remembered for another).
  assert.ok(pocockLevel(0.05, [2, 3, 4]) < pocockLevel(0.05, [2, 3]), 'three looks are not each tested below two');
  assert.ok(pocockLevel(0.01, [2, 3]) < pocockLevel(0.05, [2, 3]), 'a smaller alpha does not give a smaller level');
});
