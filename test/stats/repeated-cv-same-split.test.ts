import assert from 'node:assert/strict';
import { test } from 'node:test';
import seedrandom from 'seedrandom';
import { repeatedCvTest } from '../../src/stats/repeated-cv.js';

/*
 * Why repeats on the same split need their own analysis: a null simulation (two configurations
 * equally good). The difference on cell (repeat r, fold f) is a split effect every cell shares
 * (variance rho = 1/9 of the fold part: the Nadeau-Bengio model of overlapping training sets) + a
 * fold effect that every repeat of that fold shares (the same test and training rows) + training
 * seed noise. 10 folds x 3 repeats, 4,000 replicates, two-sided tests at 0.05.
 */
function rejectionRate(seedNoise: number, splits: 'fresh' | 'same', seed: string): number {
  const random = seedrandom.alea(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const replicates = 4000;
  let rejected = 0;
  for (let i = 0; i < replicates; i++) {
    const split = Math.sqrt(1 / 9) * normal();
    const fold = Array.from({ length: 10 }, () => Math.sqrt(8 / 9) * normal());
    const a = [0, 1, 2].map(() => fold.map((g) => split + g + seedNoise * normal()));
    const b = [0, 1, 2].map(() => fold.map(() => 0));
    if (repeatedCvTest(a, b, { testTrainRatio: 1 / 9, splits }).p < 0.05) rejected++;
  }
  return rejected / replicates;
}

// 0.05 plus two standard errors of a rate from 4,000 replicates.
const allowed = 0.05 + 2 * Math.sqrt((0.05 * 0.95) / 4000);

test("repeats on one split, analysed by fold means ('same'), hold the 5% level whatever the seed noise", () => {
  for (const noise of [0.2, 1.5]) {
    const rate = rejectionRate(noise, 'same', `same-${noise}`);
    assert.ok(rate <= allowed, `seed noise ${noise}: ${(100 * rate).toFixed(1)}% false rejections`);
  }
});

test('the same repeats counted as 30 fresh cells (1/30 + 1/9, df 29) reject too often when seed noise is small', () => {
  const rate = rejectionRate(0.2, 'fresh', 'fresh-0.2');
  assert.ok(rate > allowed, `${(100 * rate).toFixed(1)}%: the formula for fresh splits over-counts repeats of one split`);
});
