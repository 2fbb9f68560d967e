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

test('quoted fields may hold commas, quotes and line breaks', () => {
  const data = parseCsv('x,y,label\n1,"2",R\n"3",4,"M, mine"\n5,"6\n",R\n', 'q.csv', { target: 'label' });
  assert.deepEqual([...data.features], [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(data.classes, ['M, mine', 'R']);
  assert.deepEqual([...data.labels], [1, 0, 1]);
  assert.equal(parseCsv('1,2,"say ""hi"""\n3,4,B\n', 'q.csv').classes[1], 'say "hi"');
  // A quoted comma is part of its field, not a field break.
  assert.equal(failure('1,2,A\n"Rock, big",4,B\n'), 'bad.csv:2:1: "Rock, big" is not a number');
  assert.equal(failure('1,2,A\n"x\ny",3,B\n'), 'bad.csv:2:1: "x\ny" is not a number');
});

test('lines are physical lines, also after a quoted field spans several', () => {
  assert.equal(failure('1,2,A\n"3\n",4,B\n\n5,x,A\n'), 'bad.csv:5:2: "x" is not a number');
  assert.equal(failure('1,2,A\r\n"3\r\n",4,B\r\n\r\n5,x,A\r\n'), 'bad.csv:5:2: "x" is not a number');
  assert.equal(failure('1,2,A\n"3\n\n",4,B\n5,6\n'), 'bad.csv:5: row has 2 columns, expected 3 (like line 1)');
});

test('CRLF line ends and a UTF-8 byte order mark', () => {
  const data = parseCsv('\ufeffa,b,label\r\n1,2,yes\r\n3,4,no\r\n', 'w.csv');
  assert.deepEqual(data.featureNames, ['a', 'b']);
  assert.deepEqual(data.classes, ['no', 'yes']);
  assert.deepEqual([...data.features], [1, 2, 3, 4]);
  // Mixed line ends still split on every line.
  assert.equal(parseCsv('1,2,A\r\n3,4,B\n5,6,A\n', 'm.csv').rows, 3);
  assert.equal(failure('\ufeff1,2,A\r\n3,?,B\r\n'), 'bad.csv:2:2: "?" is not a number');
});

test('numbers are plain decimals only', () => {
  const data = parseCsv('-0.5,1e-3,A\n.5,+2,B\n 7 ," 8 ",A\n1.,1E+2,B\n', 'n.csv');
  assert.deepEqual([...data.features], [-0.5, 1e-3, 0.5, 2, 7, 8, 1, 100].map(Math.fround));
  for (const bad of ['0x1F', '1e', '?', 'NaN', 'Infinity', '-Infinity', '0b1', '1_000', '.', '-', '1,5', '1e5.5']) {
    const cell = bad.includes(',') ? `"${bad}"` : bad;
    assert.equal(failure(`1,2,A\n3,${cell},B\n`), `bad.csv:2:2: "${bad}" is not a number`, bad);
  }
  assert.equal(failure('1,2,A\n3,"  ",B\n'), 'bad.csv:2:2: empty value');
  assert.equal(failure('1,2,A\n3,1e39,B\n'), 'bad.csv:2:2: "1e39" is too large for a 32-bit float');
});

test('the header is still found, with quoted names', () => {
  const data = parseCsv('"freq, 1 kHz","freq, 2 kHz",class\n1,2,R\n3,4,M\n', 'h.csv');
  assert.deepEqual(data.featureNames, ['freq, 1 kHz', 'freq, 2 kHz']);
  assert.equal(data.rows, 2);
  // 0x1F is not a number, so a first line of it is a header; the next line is data.
  assert.deepEqual(parseCsv('0x1F,b,c\n1,2,A\n3,4,B\n', 'x.csv').featureNames, ['0x1F', 'b']);
});

test('a malformed CSV is one clear error naming the line', () => {
  assert.equal(failure('1,2,A\n3,"4,B\n5,6,A\n'), 'bad.csv:2: a quoted field is never closed (its closing " is missing)');
  // Problems are reported in file order, so the spanning field is a number here.
  assert.equal(failure('1,2,A\n"3\n",4,B\n5,"6"7,A\n'), 'bad.csv:4: text after the closing quote of a field; a quoted field ends at a comma or the end of the line');
  assert.equal(failure('1,2,A\n3,4"x,B\n'), 'bad.csv:2: a quote inside an unquoted field (quote the whole field and double the quote: "a ""b"" c")');
  assert.equal(failure('1,2,A\r\n"3\r\n",4,B\r\n5,"6,A\r\n'), 'bad.csv:4: a quoted field is never closed (its closing " is missing)');
});

test('blank lines are skipped anywhere, a line of empty fields is not', () => {
  assert.equal(parseCsv('\n  \n1,2,A\n\n3,4,B\n \t\n', 'b.csv').rows, 2);
  assert.equal(failure('1,2,A\n , ,\n'), 'bad.csv:2:1: empty value');
});
