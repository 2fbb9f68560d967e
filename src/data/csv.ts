import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CsvError, parse } from 'csv-parse/sync';
import { badData } from '../errors.js';
import type { Dataset } from './dataset.js';
import { DECIMAL, encodeLabels } from './labels.js';

export interface CsvOptions {
  /** The label column: a header name or a 1-based column number. Default: the last column. */
  target?: string | number;
}

function isNumeric(cell: string): boolean {
  return DECIMAL.test(cell.trim());
}

interface CsvRecord {
  /** The physical line of the file where the record starts (a quoted field may span lines). */
  line: number;
  cells: string[];
}

/** The physical line (1-based) of each byte offset asked for in increasing order. */
function lineCounter(bytes: Buffer): (offset: number) => number {
  let line = 1;
  let scanned = 0;
  return (offset) => {
    for (; scanned < offset; scanned++) if (bytes[scanned] === 0x0a) line++;
    return line;
  };
}

/**
 * Hands each record to `onRecord` as csv-parse splits it (quotes, commas and line breaks inside
 * quotes, CRLF, a BOM), keeping none: a large file is never held as a table of strings. csv-parse's
 * own line count is off after a CRLF inside quotes, so each record's line comes from the byte
 * offset where it starts.
 */
function readRecords(bytes: Buffer, file: string, onRecord: (record: CsvRecord) => void): void {
  const lineAt = lineCounter(bytes);
  let start = 0;
  try {
    parse(bytes, {
      bom: true,
      trim: true,
      // Our own message for a short or long row, naming the line it should look like.
      relax_column_count: true,
      // Both, so a file whose lines end in a mix of CRLF and LF still splits on every line.
      record_delimiter: ['\r\n', '\n'],
      on_record: (cells: string[], context) => {
        const line = lineAt(start);
        const blank = cells.length === 1 && cells[0] === '' && bytes.subarray(start, context.bytes).toString('utf8').trim() === '';
        start = context.bytes;
        if (!blank) onRecord({ line, cells });
        return null;
      },
    });
  } catch (err) {
    // The failing record starts where the last good one ended.
    if (err instanceof CsvError) throw badData(file, `${lineAt(start)}`, csvProblem(err));
    throw err;
  }
}

function csvProblem(err: CsvError): string {
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed (its closing " is missing)';
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'text after the closing quote of a field; a quoted field ends at a comma or the end of the line';
    case 'INVALID_OPENING_QUOTE':
      return 'a quote inside an unquoted field (quote the whole field and double the quote: "a ""b"" c")';
    default:
      return `not readable as CSV (${err.message})`;
  }
}

/** A float32 array that doubles when full, so rows are stored as they are read. */
class GrowingFloats {
  private values = new Float32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.values.length) {
      const bigger = new Float32Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.length++] = v;
  }
  /** The values pushed, in an array of exactly their length. */
  done(): Float32Array {
    return this.values.length === this.length ? this.values : this.values.slice(0, this.length);
  }
}

/** The table as records arrive: header, shape and target fixed by the first records, then rows. */
class TableReader {
  private header?: CsvRecord;
  private first?: CsvRecord;
  private width = 0;
  private target = 0;
  private readonly features = new GrowingFloats();
  /** Each distinct label text, in the order first met; rows hold its index. */
  private readonly labelIds = new Map<string, number>();
  private rowLabels: number[] = [];

  constructor(
    private readonly file: string,
    private readonly options: CsvOptions,
  ) {}

  add(rec: CsvRecord): void {
    const { file } = this;
    if (!this.first) {
      if (!this.header && rec.cells.every((c) => !isNumeric(c))) {
        this.header = rec;
        return;
      }
      this.first = rec;
      this.width = this.header?.cells.length ?? rec.cells.length;
      if (this.width < 2) throw badData(file, `${rec.line}`, 'need at least one feature column and a label column');
      this.target = resolveTarget(this.options.target, this.header?.cells, this.width, file);
    }
    if (rec.cells.length !== this.width) {
      throw badData(file, `${rec.line}`, `row has ${rec.cells.length} columns, expected ${this.width} (like line ${(this.header ?? this.first).line})`);
    }
    rec.cells.forEach((cell, c) => {
      if (c === this.target) {
        if (cell === '') throw badData(file, `${rec.line}:${c + 1}`, 'empty label');
        let id = this.labelIds.get(cell);
        if (id === undefined) this.labelIds.set(cell, (id = this.labelIds.size));
        this.rowLabels.push(id);
        return;
      }
      const value = cell.trim();
      if (value === '') throw badData(file, `${rec.line}:${c + 1}`, 'empty value');
      if (!DECIMAL.test(value)) throw badData(file, `${rec.line}:${c + 1}`, `"${cell}" is not a number`);
      // Features are float32: a decimal past its range would become Infinity in training.
      const v = Math.fround(Number(value));
      if (!Number.isFinite(v)) throw badData(file, `${rec.line}:${c + 1}`, `"${cell}" is too large for a 32-bit float`);
      this.features.push(v);
    });
  }

  finish(): Dataset {
    const { file } = this;
    if (!this.first) throw badData(file, '', this.header ? 'the file has a header but no data rows' : 'the file is empty (no data rows)');
    const name = this.header?.cells[this.target];
    const column = `column ${this.target + 1}${name ? ` (${JSON.stringify(name)})` : ''}`;
    const { classes, classOf } = encodeLabels([...this.labelIds.keys()], column, file);
    const labels = Uint8Array.from(this.rowLabels, (id) => classOf[id]);
    this.rowLabels = [];
    return {
      source: file,
      rows: labels.length,
      columns: this.width - 1,
      features: this.features.done(),
      labels,
      classes,
      featureNames: this.header?.cells.filter((_, i) => i !== this.target),
    };
  }
}

/**
 * Reads a CSV of numeric features and one class label (K >= 2 classes, in LabelEncoder order:
 * src/data/labels.ts). A first line whose cells are all non-numeric is taken as a header. Every
 * problem is reported with file, line and column.
 */
export function parseCsv(input: string | Buffer, file: string, options: CsvOptions = {}): Dataset {
  const table = new TableReader(file, options);
  readRecords(typeof input === 'string' ? Buffer.from(input, 'utf8') : input, file, (rec) => table.add(rec));
  return table.finish();
}

function resolveTarget(target: string | number | undefined, header: string[] | undefined, width: number, file: string): number {
  if (target === undefined) return width - 1;
  if (typeof target === 'number' || /^\d+$/.test(target)) {
    const n = Number(target);
    if (!Number.isInteger(n) || n < 1 || n > width) throw badData(file, '', `target column ${target} is not in 1..${width}`);
    return n - 1;
  }
  const index = header?.indexOf(target) ?? -1;
  if (index < 0) {
    throw badData(file, '', header ? `no column named "${target}" in the header` : `target "${target}" names a column, but the file has no header`);
  }
  return index;
}

export function readCsv(file: string, options: CsvOptions = {}): Dataset {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw badData(file, '', code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? String(err)})`);
  }
  return { ...parseCsv(bytes, file, options), sha256: sha256(bytes) };
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
