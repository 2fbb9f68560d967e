import assert from 'node:assert/strict';
import { test } from 'node:test';
import { regularizedBeta, tQuantile, twoSidedP } from '../../src/stats/statistics.js';

// Every p-value and interval of the leaderboard goes through I_x(a, b). These tests hold it to
// identities that need no incomplete beta to evaluate, across both branches of its continued
// fraction (x below or above (a + 1) / (a + b + 2)) and both branches of its log-gamma.

const close = (got: number, want: number, tol: number, what: string) =>
  assert.ok(Math.abs(got - want) <= tol, `${what}: got ${got}, want ${want} (|diff| ${Math.abs(got - want)} > ${tol})`);

/** P(Binomial(n, p) >= k), summed term by term. */
function binomialUpperTail(n: number, p: number, k: number): number {
  let sum = 0;
  for (let j = k; j <= n; j++) {
    let choose = 1;
    for (let i = 1; i <= j; i++) choose = (choose * (n - j + i)) / i; // C(n, j) = prod (n - j + i) / i
    sum += choose * p ** j * (1 - p) ** (n - j);
  }
  return sum;
}

const XS = [0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99];

test('I_x(a, 1) = x^a and I_x(1, b) = 1 - (1 - x)^b (integrate the Beta density)', () => {
  // B(a, 1) = 1 / a and the density is a t^(a-1), so I_x(a, 1) = x^a; I_x(1, b) by symmetry.
  for (const x of XS) {
    for (const a of [1, 2, 5, 50]) close(regularizedBeta(x, a, 1), x ** a, 1e-12, `I_${x}(${a}, 1)`);
    for (const b of [1, 2, 5, 50]) close(regularizedBeta(x, 1, b), 1 - (1 - x) ** b, 1e-12, `I_${x}(1, ${b})`);
  }
});

test('for integer a, b, I_x(a, b) is the binomial tail P(Bin(a + b - 1, x) >= a)', () => {
  // The a-th order statistic of a + b - 1 uniforms is Beta(a, b): it is <= x when at least a of them are.
  for (const [a, b] of [
    [2, 3],
    [3, 2],
    [5, 5],
    [10, 4],
    [4, 10],
    [30, 30],
  ]) {
    for (const x of XS) close(regularizedBeta(x, a, b), binomialUpperTail(a + b - 1, x, a), 1e-12, `I_${x}(${a}, ${b})`);
  }
});

test('shapes below 1/2 (the reflection branch of log-gamma): I_x(a, 1) = x^a and I_1/2(a, a) = 1/2', () => {
  for (const a of [0.1, 0.25, 0.4]) {
    for (const x of [0.05, 0.3, 0.8]) close(regularizedBeta(x, a, 1), x ** a, 1e-12, `I_${x}(${a}, 1)`);
    // The Beta(a, a) density is symmetric about 1/2.
    close(regularizedBeta(0.5, a, a), 0.5, 1e-12, `I_0.5(${a}, ${a})`);
  }
  // I_x(1/2, 1/2) is the arcsine law: (2 / pi) asin(sqrt(x)).
  for (const x of XS) close(regularizedBeta(x, 0.5, 0.5), (2 / Math.PI) * Math.asin(Math.sqrt(x)), 1e-12, `arcsine at ${x}`);
});

test('I_x(a, b) is a distribution function: 0 at and below x = 0, 1 at and above x = 1', () => {
  for (const [a, b] of [
    [0.5, 0.5],
    [2, 3],
    [4.5, 0.5],
  ]) {
    assert.equal(regularizedBeta(0, a, b), 0);
    assert.equal(regularizedBeta(-0.5, a, b), 0);
    assert.equal(regularizedBeta(1, a, b), 1);
    assert.equal(regularizedBeta(1.5, a, b), 1);
  }
});

test('two-sided Student t p-values for 1 and 2 degrees of freedom, in closed form', () => {
  for (const t of [0.1, 0.5, 1, 2, 5, 30, -3]) {
    // df 1 is Cauchy: P(|T| > t) = 1 - (2 / pi) atan|t|.
    close(twoSidedP(t, 1), 1 - (2 / Math.PI) * Math.atan(Math.abs(t)), 1e-12, `df 1, t ${t}`);
    // df 2: the CDF is 1/2 + t / (2 sqrt(2 + t^2)), so P(|T| > t) = 1 - |t| / sqrt(2 + t^2).
    close(twoSidedP(t, 2), 1 - Math.abs(t) / Math.sqrt(2 + t * t), 1e-12, `df 2, t ${t}`);
  }
  assert.equal(twoSidedP(Infinity, 5), 0);
  assert.equal(twoSidedP(-Infinity, 5), 0);
  assert.ok(Number.isNaN(twoSidedP(NaN, 5)));
});

test('t quantiles invert those closed forms; asking twice gives the same number', () => {
  for (const level of [0.5, 0.9, 0.95, 0.99]) {
    // df 1: 1 - (2 / pi) atan(q) = 1 - level, so q = tan(pi level / 2).
    close(tQuantile(level, 1), Math.tan((Math.PI * level) / 2), 1e-9 * Math.tan((Math.PI * level) / 2), `df 1, level ${level}`);
    // df 2: q / sqrt(2 + q^2) = level, so q^2 = 2 level^2 / (1 - level^2).
    close(tQuantile(level, 2), Math.sqrt((2 * level * level) / (1 - level * level)), 1e-9, `df 2, level ${level}`);
  }
  assert.equal(tQuantile(0.95, 2), tQuantile(0.95, 2));
});
