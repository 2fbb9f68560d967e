import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CsvError, parse } from 'csv-parse/sync';
import { badData } from '../errors.js';
import type { Dataset } from './dataset.js';

export interface CsvOptions {
  /** The label column: a header name or a 1-based column number. Default: the last column. */
  target?: string | number;
}

// A plain decimal, as people write them in data files. Number() alone would also take "0x1F",
// "0b1", "Infinity" and a blank cell (as 0), and read each of them as a valid feature.
// `\d+(?:\.\d*)?`, not `\d+\.?\d*`: the latter tries every split of a long run of digits in two
// (a 100,000-digit cell took a minute to refuse); this one backtracks in linear time.
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

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
 * Splits the text into records with csv-parse (quotes, commas and line breaks inside quotes,
 * CRLF, a BOM). csv-parse's own line count is off after a CRLF inside quotes, so each record's
 * line comes from the byte offset where it starts.
 */
function readRecords(text: string, file: string): CsvRecord[] {
  const bytes = Buffer.from(text, 'utf8');
  const lineAt = lineCounter(bytes);
  const records: CsvRecord[] = [];
  let start = 0;
  try {
    parse(bytes, {
      bom: true,
      trim: true,
      // Our own message for a short or long row, naming the line it should look like.
      relax_column_count: true,
      // Both, so a file whose lines end in a mix of CRLF and LF still splits on every line.
      record_delimiter: ['\r\n', '\n'],
      on_record: (cells, context) => {
        const line = lineAt(start);
        const blank = cells.length === 1 && cells[0] === '' && bytes.subarray(start, context.bytes).toString('utf8').trim() === '';
        start = context.bytes;
        if (!blank) records.push({ line, cells });
        return null;
      },
    });
  } catch (err) {
    // The failing record starts where the last good one ended.
    if (err instanceof CsvError) throw badData(file, `${lineAt(start)}`, csvProblem(err));
    throw err;
  }
  return records;
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

/**
 * Reads a CSV of numeric features and one class label. A first line whose cells are all
 * non-numeric is taken as a header. Every problem is reported with file, line and column.
 */
export function parseCsv(text: string, file: string, options: CsvOptions = {}): Dataset {
  const records = readRecords(text, file);
  if (records.length === 0) throw badData(file, '', 'the file is empty (no data rows)');

  let header: CsvRecord | undefined;
  if (records[0].cells.every((c) => !isNumeric(c))) header = records.shift();
  if (records.length === 0) throw badData(file, '', 'the file has a header but no data rows');

  const width = header?.cells.length ?? records[0].cells.length;
  if (width < 2) throw badData(file, `${records[0].line}`, 'need at least one feature column and a label column');
  const target = resolveTarget(options.target, header?.cells, width, file);

  const columns = width - 1;
  const features = new Float32Array(records.length * columns);
  const names: string[] = [];
  records.forEach((rec, r) => {
    if (rec.cells.length !== width) {
      throw badData(file, `${rec.line}`, `row has ${rec.cells.length} columns, expected ${width} (like line ${(header ?? records[0]).line})`);
    }
    let out = r * columns;
    rec.cells.forEach((cell, c) => {
      if (c === target) {
        if (cell === '') throw badData(file, `${rec.line}:${c + 1}`, 'empty label');
        names.push(cell);
        return;
      }
      const value = cell.trim();
      if (value === '') throw badData(file, `${rec.line}:${c + 1}`, 'empty value');
      if (!DECIMAL.test(value)) throw badData(file, `${rec.line}:${c + 1}`, `"${cell}" is not a number`);
      // Features are float32: a decimal past its range would become Infinity in training.
      const v = Math.fround(Number(value));
      if (!Number.isFinite(v)) throw badData(file, `${rec.line}:${c + 1}`, `"${cell}" is too large for a 32-bit float`);
      features[out++] = v;
    });
  });

  const classNames = [...new Set(names)].sort();
  if (classNames.length < 2) {
    throw badData(file, '', `only one class ("${classNames[0]}") in column ${target + 1}; need two`);
  }
  if (classNames.length > 2) {
    const shown = classNames.slice(0, 5).map((c) => `"${c}"`).join(', ');
    throw badData(file, '', `column ${target + 1} has ${classNames.length} classes (${shown}${classNames.length > 5 ? ', ...' : ''}); only binary labels are supported`);
  }
  const labels = Uint8Array.from(names, (n) => (n === classNames[0] ? 0 : 1));
  return {
    source: file,
    rows: records.length,
    columns,
    features,
    labels,
    classes: [classNames[0], classNames[1]],
    featureNames: header?.cells.filter((_, i) => i !== target),
  };
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
  return { ...parseCsv(bytes.toString('utf8'), file, options), sha256: sha256(bytes) };
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
