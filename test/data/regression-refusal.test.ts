import assert from 'node:assert/strict';
import { test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from '../../src/data/csv.js';
import { runCli, tempDir } from '../helpers.js';

/** `rows` rows of one feature, the label cycling through `labels`, with a header naming the label column. */
function table(labels: string[], rows = labels.length * 10): string {
  return ['x,price', ...Array.from({ length: rows }, (_, i) => `${i},${labels[i % labels.length]}`)].join('\n');
}
const numbers = (n: number, at = 0) => Array.from({ length: n }, (_, i) => String(at + i * 1.5));

test('a numeric label column of 20 distinct values is 20 classes', () => {
  const data = parseCsv(table(numbers(20)), 'p.csv');
  assert.equal(data.classes.length, 20);
  assert.deepEqual(data.classes.slice(0, 3), ['0', '1.5', '3']);
});

test('21 distinct numbers are refused as a regression target in one line naming the column and --target', () => {
  assert.throws(() => parseCsv(table(numbers(21, 5)), 'p.csv'), {
    name: 'UserError',
    message:
      'p.csv: column 2 ("price") holds 21 distinct numbers (5 to 35), so it looks like a regression target; ' +
      'dropsweep classifies (at most 20 numeric classes): name the label column with --target (target: in a sweep file)',
  });
  // Spellings of one number count once: 21 spellings of 20 numbers are 20 classes.
  assert.equal(parseCsv(table([...numbers(20), '0.0']), 'p.csv').classes.length, 20);
});

test('text labels may have up to 100 classes; 101 are refused as more likely an identifier than classes', () => {
  const names = (n: number) => Array.from({ length: n }, (_, i) => `c${String(i).padStart(3, '0')}`);
  assert.equal(parseCsv(table(names(100), 100), 'p.csv').classes.length, 100);
  assert.throws(() => parseCsv(table(names(101), 101), 'p.csv'), {
    name: 'UserError',
    message: 'p.csv: column 2 ("price") has 101 distinct labels ("c000", "c001", "c002", ...); dropsweep classifies into at most 100 classes: name the label column with --target (target: in a sweep file)',
  });
});

test('without a header the column is named by its number', () => {
  const text = Array.from({ length: 30 }, (_, i) => `${i},${i * 0.1}`).join('\n');
  assert.throws(() => parseCsv(text, 'p.csv'), { message: /^p\.csv: column 2 holds 30 distinct numbers \(0 to 2\.9\d*\), so it looks like a regression target;/ });
});

test('the CLI refuses a regression target with exit 2 and one line on stderr', () => {
  const file = join(tempDir(), 'houses.csv');
  writeFileSync(file, table(numbers(40), 80));
  const r = runCli(['cv', '--data', file, '--epochs', '1']);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr.split('\n').length, 2, r.stderr);
  assert.match(r.stderr, /^dropsweep: .*houses\.csv: column 2 \("price"\) holds 40 distinct numbers .* --target/);
});
