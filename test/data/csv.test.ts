import assert from 'node:assert/strict';
import { test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv, readCsv } from '../../src/data/csv.js';
import { UserError } from '../../src/errors.js';
import { loadSonar, tempDir } from '../helpers.js';

function failure(text: string, options = {}): string {
  try {
    parseCsv(text, 'bad.csv', options);
  } catch (err) {
    assert.ok(err instanceof UserError, `expected a UserError, got ${err}`);
    return err.message;
  }
  assert.fail('expected the CSV to be rejected');
}

test('Sonar labels encode like LabelEncoder: M = 0, R = 1', () => {
  const data = loadSonar();
  assert.equal(data.rows, 208);
  assert.equal(data.columns, 60);
  assert.deepEqual(data.classes, ['M', 'R']);
  const ones = data.labels.reduce((s, l) => s + l, 0);
  assert.equal(ones, 97, '97 rocks');
  assert.equal(data.rows - ones, 111, '111 mines');
  // The first data line of the file is a rock.
  assert.equal(data.labels[0], 1);
  assert.ok(Math.abs(data.features[0] - 0.02) < 1e-7);
});

test('a header row is detected and target may name a column', () => {
  const data = parseCsv('label,a,b\nyes,1,2\nno,3,4\nyes,5,6\n', 'h.csv', { target: 'label' });
  assert.equal(data.columns, 2);
  assert.deepEqual(data.classes, ['no', 'yes']);
  assert.deepEqual([...data.labels], [1, 0, 1]);
  assert.deepEqual([...data.features], [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(data.featureNames, ['a', 'b']);
});

test('target may be a 1-based column number', () => {
  const data = parseCsv('a,1,2\nb,3,4\n', 't.csv', { target: 1 });
  assert.deepEqual([...data.features], [1, 2, 3, 4]);
  assert.deepEqual([...data.labels], [0, 1]);
});

test('bad data: every message names the file, line and column', () => {
  assert.equal(failure('1,2,A\n1,x,B\n'), 'bad.csv:2:2: "x" is not a number');
  assert.equal(failure('1,2,A\n1,,B\n'), 'bad.csv:2:2: empty value');
  assert.equal(failure('1,2,A\n1,2\n'), 'bad.csv:2: row has 2 columns, expected 3 (like line 1)');
  assert.equal(failure('1,2,A\n3,4,A\n'), 'bad.csv: only one class ("A") in column 3; need two');
  assert.match(failure('1,2,A\n3,4,B\n5,6,C\n'), /^bad\.csv: column 3 has 3 classes \("A", "B", "C"\); only binary labels are supported$/);
  assert.equal(failure(''), 'bad.csv: the file is empty (no data rows)');
  assert.equal(failure('\n\n'), 'bad.csv: the file is empty (no data rows)');
  assert.equal(failure('1,2,A\n1,2,\n'), 'bad.csv:2:3: empty label');
  assert.equal(failure('1,2,A\n', { target: 'label' }), 'bad.csv: target "label" names a column, but the file has no header');
  assert.equal(failure('1,2,A\n', { target: 9 }), 'bad.csv: target column 9 is not in 1..3');
});

test('a missing file is a clear error', () => {
  const dir = tempDir();
  assert.throws(() => readCsv(join(dir, 'none.csv')), { name: 'UserError', message: `${join(dir, 'none.csv')}: no such file` });
  writeFileSync(join(dir, 'one.csv'), '1,2,A\n');
  assert.throws(() => readCsv(join(dir, 'one.csv')), /only one class/);
});
