/**
 * Inverted dropout: each of `count` values from `offset` is 0 with probability `rate`, else
 * 1 / (1 - rate), so the expected activation is unchanged and evaluation needs no rescaling.
 */
export function fillDropoutMask(mask: Float32Array, offset: number, count: number, rate: number, uniform: () => number): void {
  const keep = 1 / (1 - rate);
  const end = offset + count;
  for (let i = offset; i < end; i++) mask[i] = uniform() < rate ? 0 : keep;
}
