import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { splitFolds } from '../../src/data/folds.js';
import { Mt19937, sklearnStratifiedFolds } from '../../src/data/sklearn-folds.js';
import { loadSonar } from '../helpers.js';

interface Fixture {
  sklearn: string;
  labels: Record<string, string>;
  cases: { labels: string; k: number; seed: number; folds: string }[];
}
// Made by scripts/sklearn-folds-fixture.py with Debian's scikit-learn 1.2.1 and numpy 1.24.2.
const fixture = JSON.parse(readFileSync('test/fixtures/sklearn-folds.json', 'utf8')) as Fixture;
const codes = (text: string) => Array.from(text, (ch) => ch.charCodeAt(0));

test('MT19937 gives the reference outputs (C++ std::mt19937: the 10000th draw from seed 5489 is 4123659995)', () => {
  const rng = new Mt19937(5489);
  assert.equal(rng.nextUint32(), 3499211612);
  for (let i = 2; i < 10000; i++) rng.nextUint32();
  assert.equal(rng.nextUint32(), 4123659995);
});

test('the fixture covers Sonar and a three-class vector, k = 3, 5 and 10, seed 7 among others', () => {
  assert.equal(fixture.sklearn, '1.2.1');
  for (const labels of ['sonar', 'imbalanced3']) {
    for (const k of [3, 5, 10]) {
      const seeds = fixture.cases.filter((c) => c.labels === labels && c.k === k).map((c) => c.seed);
      assert.ok(seeds.includes(7) && seeds.length >= 5, `${labels} k=${k}: seeds ${seeds}`);
    }
  }
});

test("the fixture's Sonar labels are data/sonar.csv's, row for row", () => {
  const sonar = loadSonar();
  const fromFixture = Array.from(fixture.labels.sonar, (ch) => sonar.classes.indexOf(ch));
  assert.deepEqual(fromFixture, [...sonar.labels]);
});

test("split: sklearn gives exactly scikit-learn's StratifiedKFold(shuffle=True) folds for every fixture case", () => {
  for (const c of fixture.cases) {
    // Through splitFolds, as a sweep with `split: sklearn` asks for them.
    const folds = splitFolds(Uint8Array.from(codes(fixture.labels[c.labels])), c.k, c.seed, 'sklearn');
    assert.equal([...folds].join(''), c.folds, `${c.labels}, k = ${c.k}, seed ${c.seed}`);
  }
});

test("the folds depend on which rows share a label, not on the labels' values", () => {
  const { labels } = loadSonar();
  const flipped = labels.map((x) => 1 - x);
  assert.deepEqual(sklearnStratifiedFolds(flipped, 10, 7), sklearnStratifiedFolds(labels, 10, 7));
});

test('a class with fewer rows than folds, and a seed numpy refuses, are one clear line each', () => {
  assert.throws(() => sklearnStratifiedFolds([0, 0, 0, 0, 1, 1, 1], 4, 1, 'tiny.csv'), {
    name: 'UserError',
    message: 'tiny.csv: class 1 has 3 rows, fewer than the 4 folds; use fewer folds',
  });
  assert.throws(() => sklearnStratifiedFolds([0, 1, 0, 1], 2, 2 ** 32), { name: 'UserError', message: /seed: 4294967296 is out of range for split: sklearn/ });
});
