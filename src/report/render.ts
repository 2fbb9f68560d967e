import { createRequire } from 'node:module';
import Table from 'cli-table3';

/**
 * Box-drawn text tables, drawn by cli-table3 so that wide characters (CJK, emoji) keep their
 * columns straight. cli-table3 alone took 61 s on a 10,000-row leaderboard (cli-table3 #68):
 * filling in its layout compares every cell with every cell of the rows above it, which grows
 * with the square of the row count. So the column widths are measured once here, and the rows
 * are drawn a chunk at a time with those fixed widths and stitched into one table. What is left
 * is cli-table3's own work on each cell (measuring it several times over), linear in the cells.
 */
export interface TextTable {
  push(row: (string | number | boolean | null)[]): void;
  toString(): string;
}

type Cell = string | number | boolean | null;

// Measured with the string-width that cli-table3 itself pads by (resolved from cli-table3's own
// folder, so it is the same copy whatever npm hoists): a width that disagreed with it would make
// cli-table3 truncate a cell or misalign a border.
const stringWidth = createRequire(createRequire(import.meta.url).resolve('cli-table3'))('string-width') as (s: string) => number;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;

/** A cell's text with control characters (escape sequences from a name in a database) made visible instead of obeyed. */
const safe = (text: string) => (PRINTABLE_ASCII.test(text) ? text : text.replace(CONTROL, '\uFFFD'));

/** Terminal columns a cell takes: wide CJK and emoji count 2, ANSI codes 0; the widest of its lines. */
export function displayWidth(text: string): number {
  // Most cells are printable ASCII, one column a character; string-width would say the same, slowly.
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let widest = 0;
  for (const line of text.split('\n')) widest = Math.max(widest, stringWidth(line));
  return widest;
}

/**
 * Rows per cli-table3 instance. Its layout grows with the square of the rows in one instance and
 * each instance costs a little to set up. Drawing the 10,000-row leaderboard, 10 to 50 rows cost
 * about the same CPU time, 200 rows 40% more and 400 rows 75% more.
 */
export const CHUNK_ROWS = 25;

const BOLD = (s: string) => `\x1b[1m${s}\x1b[22m`;

export function newTable(head: string[], stream: NodeJS.WriteStream = process.stdout): TextTable {
  const bold = stream.isTTY === true;
  const rows: string[][] = [];
  return {
    push(row) {
      rows.push(row.map((c) => (c === null ? '' : String(c))));
    },
    toString() {
      return drawTable(head, rows, { bold });
    },
  };
}

/** The whole table as one string: top border, header and bottom border once, however many chunks. */
export function drawTable(head: string[], rows: Cell[][], o: { bold?: boolean; chunkRows?: number } = {}): string {
  // Every row gets exactly one cell per column: cli-table3 would make a short row's missing
  // cells span down into the rows below.
  const cells = rows.map((r) => head.map((_, i) => (r[i] === null || r[i] === undefined ? '' : safe(String(r[i])))));
  const widths = head.map((h) => displayWidth(h));
  for (const r of cells) {
    for (let i = 0; i < r.length; i++) {
      const w = displayWidth(r[i]);
      if (w > widths[i]) widths[i] = w;
    }
  }
  const options = {
    colWidths: widths.map((w) => w + 2), // cli-table3's widths include one space of padding each side
    // No colours from cli-table3 (it would colour the header red); bold is ours, for terminals only.
    style: { head: [], border: [], compact: true },
  };
  const header = o.bold ? head.map(BOLD) : head;
  const chunk = Math.max(1, o.chunkRows ?? CHUNK_ROWS);
  if (cells.length === 0) return new Table({ ...options, head: header }).toString();

  // cli-table3 draws the frame (borders, header) and every row that needs its care: wide or
  // multi-line cells. A plain row (printable ASCII, one line) comes out of it as `│ cell │ cell │`
  // padded to the fixed widths; stamping such rows in that same form skips cli-table3's ~10 us
  // of work per cell (170,000 cells in a 10,000-row leaderboard). A test holds the result
  // byte-identical to one cli-table3 table.
  const plain = (r: string[]) => r.every((c) => PRINTABLE_ASCII.test(c));
  const stamp = (r: string[]) => `│${r.map((c, i) => ` ${c}${' '.repeat(widths[i] - c.length)} `).join('│')}│`;
  const drawChunk = (rowsOfChunk: string[][], withHead: boolean) => {
    const table = new Table(withHead ? { ...options, head: header } : options);
    table.push(...rowsOfChunk);
    return table.toString().split('\n');
  };
  const firstChunk = drawChunk(cells.slice(0, chunk), true);
  const bottom = firstChunk.pop()!;
  const lines = firstChunk;
  for (let i = chunk; i < cells.length; ) {
    if (plain(cells[i])) {
      lines.push(stamp(cells[i++]));
      continue;
    }
    let end = i;
    while (end < cells.length && end - i < chunk && !plain(cells[end])) end++;
    // A chunk after the first loses its own top and bottom borders: the pieces read as one table.
    lines.push(...drawChunk(cells.slice(i, end), false).slice(1, -1));
    i = end;
  }
  lines.push(bottom);
  return lines.join('\n');
}
