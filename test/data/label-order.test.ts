import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { parseCsv } from '../../src/data/csv.js';

/** A CSV of one feature and the given labels, one row each. */
const csvOf = (labels: string[]) => labels.map((l, i) => `${i},${/[",\n]/.test(l) ? `"${l.replace(/"/g, '""')}"` : l}`).join('\n');

interface Case {
  labels: string[];
  codes: number[];
  classes: number;
}
// Written by test/data/fixtures/label-encoder.py: scikit-learn's LabelEncoder on each column typed
// as pandas.read_csv types it.
const fixture = JSON.parse(readFileSync('test/data/fixtures/label-encoder.json', 'utf8')) as { cases: Case[] };

for (const c of fixture.cases) {
  test(`labels ${JSON.stringify(c.labels)} get LabelEncoder's codes after pandas' typing`, () => {
    const data = parseCsv(csvOf(c.labels), 'l.csv');
    assert.equal(data.classes.length, c.classes);
    assert.deepEqual([...data.labels], c.codes);
  });
}

test('text labels sort by code point, as numpy sorts str arrays (not by UTF-16 unit, not by locale)', () => {
  // U+FF21 (fullwidth A) is one UTF-16 unit above the surrogate that starts U+1F600.
  assert.deepEqual(parseCsv(csvOf(['\u{1F600}', '\uFF21', 'x']), 'l.csv').classes, ['x', '\uFF21', '\u{1F600}']);
  assert.deepEqual(parseCsv(csvOf(['b', 'B', 'a', 'A']), 'l.csv').classes, ['A', 'B', 'a', 'b']);
});

test('numeric labels sort by value: "2" before "10", "-2" before "-1"', () => {
  assert.deepEqual(parseCsv(csvOf(['10', '2', '10', '2']), 'l.csv').classes, ['2', '10']);
  assert.deepEqual(parseCsv(csvOf(['-1', '-2', '0']), 'l.csv').classes, ['-2', '-1', '0']);
  assert.deepEqual(parseCsv(csvOf(['1e1', '2.5', '.5']), 'l.csv').classes, ['.5', '2.5', '1e1']);
});

test('spellings of one number are one class, named as first written in the file', () => {
  const data = parseCsv(csvOf(['1.0', '2', '1', '01', '-0', '0']), 'l.csv');
  assert.deepEqual(data.classes, ['-0', '1.0', '2']);
  assert.deepEqual([...data.labels], [1, 2, 1, 1, 0, 0]);
});

test('one label that is not a number makes the whole column text, sorted as text', () => {
  assert.deepEqual(parseCsv(csvOf(['10', '2', 'a', '1.0']), 'l.csv').classes, ['1.0', '10', '2', 'a']);
});

test('K classes: every row gets its class index, classes in order', () => {
  const data = parseCsv('a,b,species\n1,2,virginica\n3,4,setosa\n5,6,versicolor\n7,8,setosa\n', 'k.csv');
  assert.deepEqual(data.classes, ['setosa', 'versicolor', 'virginica']);
  assert.deepEqual([...data.labels], [2, 0, 1, 0]);
  assert.deepEqual([...data.features], [1, 2, 3, 4, 5, 6, 7, 8]);
});
