import assert from 'node:assert/strict';
import { test } from 'node:test';
import Table from 'cli-table3';
import { CHUNK_ROWS, displayWidth, drawTable, newTable } from '../../src/report/render.js';

const stream = (isTTY: boolean) => ({ isTTY }) as unknown as NodeJS.WriteStream;

// Counted here without string-width, so the test does not grade the renderer by its own ruler:
// CJK ideographs and pictographic emoji take two terminal columns, everything else in these
// tests one.
function columns(text: string): number {
  let n = 0;
  for (const ch of text) n += /[\u4e00-\u9fff\u{1f300}-\u{1faff}]/u.test(ch) ? 2 : 1;
  return n;
}

/** The display columns at which a line has a vertical border or a corner. */
function borderColumns(line: string): number[] {
  const at: number[] = [];
  let col = 0;
  for (const ch of line) {
    if ('│┌┬┐├┼┤└┴┘'.includes(ch)) at.push(col);
    col += columns(ch);
  }
  return at;
}

test('wide characters keep every border in line', () => {
  const table = newTable(['name', 'mark', 'score'], stream(false));
  table.push(['名前', '🔥', 1]);
  table.push(['ascii', 'ok', 22.5]);
  table.push(['混合 mix 🔥', '', null]);
  const lines = table.toString().split('\n');
  assert.equal(lines.length, 7, 'top, header, rule, three rows, bottom');
  const width = columns(lines[0]);
  for (const line of lines) assert.equal(columns(line), width, `same display width: ${line}`);
  const borders = borderColumns(lines[0]);
  assert.equal(borders.length, 4);
  for (const line of lines) assert.deepEqual(borderColumns(line), borders, `borders line up: ${line}`);
  assert.equal(lines[3], '│ 名前        │ 🔥   │ 1     │');
  assert.equal(lines[5], '│ 混合 mix 🔥 │      │       │');
  assert.ok(!table.toString().includes('…'), 'nothing truncated');
});

test('the look: box drawing, a rule under the header, none between rows', () => {
  const table = newTable(['sweep', 'trials'], stream(false));
  table.push(['st', 2]);
  table.push(['longer', 10]);
  assert.equal(
    table.toString(),
    ['┌────────┬────────┐', '│ sweep  │ trials │', '├────────┼────────┤', '│ st     │ 2      │', '│ longer │ 10     │', '└────────┴────────┘'].join('\n'),
  );
});

test('a short row gets blank cells and cells past the header are dropped', () => {
  const table = newTable(['a', 'b'], stream(false));
  table.push(['x']);
  table.push(['y', 'z', 'ignored']);
  assert.deepEqual(table.toString().split('\n').slice(3, 5), ['│ x │   │', '│ y │ z │']);
});

test('chunked drawing gives exactly the text of one cli-table3 table', () => {
  const head = ['rank', 'name', 'mean %', 'status'];
  const marks = ['', '🔥', '名前', 'ok', 'failed: diverged', 'two\nlines'];
  const rowsOf = (n: number) =>
    Array.from({ length: n }, (_, i) => [i + 1, `trial ${(i * 7919) % 1000}${marks[i % marks.length]}`, ((i * 37) % 1000) / 10, marks[(i * 3) % marks.length]]);
  for (const n of [1, CHUNK_ROWS, CHUNK_ROWS + 1, 300, 301]) {
    const rows = rowsOf(n);
    // cli-table3 sizing every column itself, all rows in one instance.
    const whole = new Table({ head, style: { head: [], border: [], compact: true } });
    whole.push(...rows);
    const expected = whole.toString();
    assert.equal(drawTable(head, rows), expected, `${n} rows, default chunks`);
    for (const chunkRows of [1, 7, 100]) assert.equal(drawTable(head, rows, { chunkRows }), expected, `${n} rows in chunks of ${chunkRows}`);
  }
  // All plain ASCII: past the first chunk every row is stamped, not drawn by cli-table3.
  const plainRows = Array.from({ length: 600 }, (_, i) => [i + 1, `trial-${(i * 7919) % 100000}`, ((i * 37) % 1000) / 10, i % 3 ? '' : 'pending']);
  const whole = new Table({ head, style: { head: [], border: [], compact: true } });
  whole.push(...plainRows);
  assert.equal(drawTable(head, plainRows), whole.toString(), '600 plain rows');
});

test('no escape codes unless the stream is a terminal; there the header is bold', () => {
  const fill = (t: ReturnType<typeof newTable>) => {
    t.push(['名前', 1]);
    t.push(['🔥', 2]);
    return t.toString();
  };
  const plain = fill(newTable(['name', 'n'], stream(false)));
  assert.ok(!plain.includes('\x1b'), 'no ANSI codes when piped');
  const tty = fill(newTable(['name', 'n'], stream(true)));
  assert.equal(tty.split('\n')[1], '│ \x1b[1mname\x1b[22m │ \x1b[1mn\x1b[22m │');
  assert.equal(tty.replaceAll('\x1b[1m', '').replaceAll('\x1b[22m', ''), plain, 'bold changes nothing but the codes');
});

test('display width: wide characters count two, ANSI codes none', () => {
  assert.equal(displayWidth('abc'), 3);
  assert.equal(displayWidth('名前'), 4);
  assert.equal(displayWidth('🔥'), 2);
  assert.equal(displayWidth('\x1b[1mab\x1b[22m'), 2);
  assert.equal(displayWidth('a\nlonger'), 6);
  assert.equal(displayWidth(''), 0);
});

test('an empty table is its header in a box', () => {
  assert.equal(newTable(['a', 'b'], stream(false)).toString(), ['┌───┬───┐', '│ a │ b │', '└───┴───┘'].join('\n'));
});
