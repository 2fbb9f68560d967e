import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCsv } from '../../src/data/csv.js';
import { classCounts, dataIdentity, identityChange } from '../../src/data/identity.js';
import { loadSonar } from '../helpers.js';

test('Sonar keeps the identity it always had: {"M":111,"R":97}', () => {
  assert.equal(dataIdentity(loadSonar()).data_classes, '{"M":111,"R":97}');
});

test('class counts are listed in class-index order, also when names look like integers', () => {
  // A JavaScript object would list "2" before "10" whatever the order they were set in.
  const data = parseCsv('1,10\n2,2\n3,a\n4,2\n', 'c.csv');
  assert.deepEqual(data.classes, ['10', '2', 'a']);
  assert.equal(classCounts(data.classes, data.labels), '{"10":1,"2":2,"a":1}');
  assert.equal(classCounts(['x"y', 'z'], Uint8Array.from([1, 1, 0])), '{"x\\"y":1,"z":2}');
});

test('a K-class data set whose bytes changed names the class counts that changed', () => {
  const before = dataIdentity({ ...parseCsv('1,a\n2,b\n3,c\n', 'k.csv'), sha256: 'a'.repeat(64) });
  const after = dataIdentity({ ...parseCsv('1,a\n2,b\n3,c\n4,c\n', 'k.csv'), sha256: 'b'.repeat(64) });
  assert.deepEqual(identityChange(before, after), ['content hash aaaaaaaaaaaa -> bbbbbbbbbbbb', 'rows 3 -> 4', 'classes {"a":1,"b":1,"c":1} -> {"a":1,"b":1,"c":2}']);
});
