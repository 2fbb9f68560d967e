import { readFileSync } from 'node:fs';
import { badData } from '../errors.js';
import type { Dataset } from './dataset.js';

export interface CsvOptions {
  /** The label column: a header name or a 1-based column number. Default: the last column. */
  target?: string | number;
}

function isNumeric(cell: string): boolean {
  return cell !== '' && Number.isFinite(Number(cell));
}

/**
 * Reads a CSV of numeric features and one class label. A first line whose cells are all
 * non-numeric is taken as a header. Every problem is reported with file, line and column.
 */
export function parseCsv(text: string, file: string, options: CsvOptions = {}): Dataset {
  const lines = text.split(/\r?\n/);
  const records: { line: number; cells: string[] }[] = [];
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    records.push({ line: i + 1, cells: raw.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1')) });
  });
  if (records.length === 0) throw badData(file, '', 'the file is empty (no data rows)');

  let header: string[] | undefined;
  if (records[0].cells.every((c) => !isNumeric(c))) header = records.shift()!.cells;
  if (records.length === 0) throw badData(file, '', 'the file has a header but no data rows');

  const width = header?.length ?? records[0].cells.length;
  if (width < 2) throw badData(file, `${records[0].line}`, 'need at least one feature column and a label column');
  const target = resolveTarget(options.target, header, width, file);

  const columns = width - 1;
  const features = new Float32Array(records.length * columns);
  const names: string[] = [];
  records.forEach((rec, r) => {
    if (rec.cells.length !== width) {
      throw badData(file, `${rec.line}`, `row has ${rec.cells.length} columns, expected ${width} (like line ${header ? 1 : records[0].line})`);
    }
    let out = r * columns;
    rec.cells.forEach((cell, c) => {
      if (c === target) {
        if (cell === '') throw badData(file, `${rec.line}:${c + 1}`, 'empty label');
        names.push(cell);
        return;
      }
      if (cell === '') throw badData(file, `${rec.line}:${c + 1}`, 'empty value');
      const v = Number(cell);
      if (!Number.isFinite(v)) throw badData(file, `${rec.line}:${c + 1}`, `"${cell}" is not a number`);
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
    featureNames: header?.filter((_, i) => i !== target),
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
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw badData(file, '', code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? String(err)})`);
  }
  return parseCsv(text, file, options);
}
