import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClaimSize } from '../../src/runner/claim-size.js';

/** Claims that take `took` ms, one every `every` ms; the factor after each. */
function factors(took: number[], every: number): number[] {
  let t = 0;
  const size = new ClaimSize(() => t);
  return took.map((ms, i) => {
    t = i * every;
    size.begin();
    t += ms;
    size.end();
    return size.factor;
  });
}

test('claims that cost more than 1/20 of the time between them double, up to 64 times the usual', () => {
  // 30 ms every 100 ms: 30% of the main thread.
  assert.deepEqual(factors(Array(9).fill(30), 100), [1, 2, 4, 8, 16, 32, 64, 64, 64]);
});

test('claims under 5 ms never grow, however often they come (a small sweep keeps small claims)', () => {
  assert.deepEqual(factors(Array(5).fill(4), 10), [1, 1, 1, 1, 1]);
});

test('grown claims shrink again when they cost under 1/200 of the time between them', () => {
  assert.deepEqual(factors([30, 30, 30, 0.4, 0.4, 0.4], 100), [1, 2, 4, 2, 1, 1]);
});
