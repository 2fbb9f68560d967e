import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crossingProbability, normalCdf, pocockBoundary, pocockLevel } from '../../src/stats/group-sequential.js';

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

test('one look crosses with 1 - Phi(c); at c = 0 two looks cross with 3/4 - asin(rho) / (2 pi) (Sheppard), rho = sqrt(n1 / n2)', () => {
  near(crossingProbability(1.7, [5]), 1 - normalCdf(1.7), 1e-12, 'one look');
  for (const [n1, n2] of [[2, 3], [1, 4], [3, 5], [2, 9]]) {
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
  for (const [k, c] of published) near(pocockBoundary(0.025, Array.from({ length: k }, (_, i) => i + 1)), c, 2e-3, `K = ${k}`);
});

test('the nominal level of each look lies between Bonferroni (alpha / K) and alpha, and is alpha itself for one look', () => {
  assert.equal(pocockLevel(0.05, [3]), 0.05);
  for (const counts of [[2, 3], [2, 3, 4], [3, 4, 5, 6], [2, 9]]) {
    const level = pocockLevel(0.05, counts);
    assert.ok(level > 0.05 / counts.length && level < 0.05, `${counts}: ${level}`);
    near(crossingProbability(pocockBoundary(0.05, counts), counts), 0.05, 1e-6, `${counts}: the family-wise level`);
  }
});
