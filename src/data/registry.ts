import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UserError, badData } from '../errors.js';
import { parseCsv, readCsv, sha256, type CsvOptions } from './csv.js';
import type { Dataset } from './dataset.js';

/**
 * The data sets that ship inside the package (data/*.csv, with source, license and hash in
 * data/README.md), so nothing needs the network. From dist/src/data/ and src/data/ alike the
 * package root is three or two folders up; the compiled file is the one that runs.
 */
const shippedPath = (file: string) => fileURLToPath(new URL(`../../../data/${file}`, import.meta.url));

export interface ShippedDataset {
  /** How it is named in messages: "the shipped Sonar copy". */
  title: string;
  path: string;
  /** SHA-256 of the shipped file: a copy edited or truncated by accident must not pass as the data set. */
  sha256: string;
  rows: number;
  columns: number;
  /** Class names in LabelEncoder order. */
  classes: string[];
}

export const SHIPPED = {
  sonar: {
    title: 'Sonar',
    path: shippedPath('sonar.csv'),
    sha256: '3079c09b5d2789a0f96aff82c28e5164fafe2495c5f8da96c6c256c1bd25763f',
    rows: 208,
    columns: 60,
    classes: ['M', 'R'],
  },
  iris: {
    title: 'iris',
    path: shippedPath('iris.csv'),
    sha256: '9cc1c345c71bcc9b486b74cbf6063fa66f4bb5e0f603a4b3c3471ec2e5e8e355',
    rows: 150,
    columns: 4,
    classes: ['setosa', 'versicolor', 'virginica'],
  },
  digits: {
    title: 'digits',
    path: shippedPath('digits.csv'),
    sha256: '592cc047d0a1cc7fdef9fd724514209dcb45a80aa147dc3ab375e3e1a9a380f4',
    rows: 1797,
    columns: 64,
    classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  },
} as const satisfies Record<string, ShippedDataset>;

export type ShippedName = keyof typeof SHIPPED;
export const SHIPPED_NAMES = Object.keys(SHIPPED) as ShippedName[];

export function isShippedName(name: string): name is ShippedName {
  return Object.hasOwn(SHIPPED, name);
}

export const SONAR_PATH = SHIPPED.sonar.path;
export const SONAR_SHA256 = SHIPPED.sonar.sha256;

/** The shape the published table must have. */
export function checkShipped(name: ShippedName, data: Dataset): void {
  const want = SHIPPED[name];
  const problems: string[] = [];
  if (data.rows !== want.rows) problems.push(`${data.rows} rows instead of ${want.rows}`);
  if (data.columns !== want.columns) problems.push(`${data.columns} features instead of ${want.columns}`);
  if (data.classes.join('/') !== want.classes.join('/')) problems.push(`labels ${data.classes.join('/')} instead of ${want.classes.join('/')}`);
  if (problems.length) throw badData(data.source, '', `not the ${want.title} data set: ${problems.join(', ')}`);
}

/** Reads a shipped copy, checking its bytes against the recorded hash and its shape. */
export function loadShipped(name: ShippedName, options: CsvOptions = {}, path: string = SHIPPED[name].path): Dataset {
  const { title, sha256: expected } = SHIPPED[name];
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw badData(path, '', `the shipped ${title} copy cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); reinstall dropsweep`);
  }
  const hash = sha256(bytes);
  if (hash !== expected) {
    throw badData(path, '', `the shipped ${title} copy was changed (SHA-256 ${hash.slice(0, 12)}..., expected ${expected.slice(0, 12)}...); restore it with git checkout data/${name}.csv`);
  }
  const data: Dataset = { ...parseCsv(bytes, path, options), sha256: hash };
  checkShipped(name, data);
  return data;
}

export function loadSonar(options: CsvOptions = {}, path: string = SONAR_PATH): Dataset {
  return loadShipped('sonar', options, path);
}

/** Data files larger than this many MB (2^20 bytes) are refused before a byte is read, unless the limit is raised. */
export const DEFAULT_MAX_DATA_MB = 100;
/** The most the limit can be raised to: a file is parsed as one string, and V8's strings end near 512 MB. */
export const MAX_DATA_MB = 500;
const MB = 1024 * 1024;

export interface DatasetOptions extends CsvOptions {
  /** Refuse data files larger than this many MB; default 100, at most 500 (`--max-data-mb`). */
  maxDataMb?: number;
}

/**
 * What a data path must be before it is read: a regular file (a device such as /dev/zero, a FIFO or
 * a socket would be read forever or block) no larger than the limit. A path that does not exist or
 * cannot be read is left to the reader, which names the problem.
 */
function checkDataFile(path: string, maxDataMb: number): void {
  if (!Number.isSafeInteger(maxDataMb) || maxDataMb < 1 || maxDataMb > MAX_DATA_MB) {
    throw new UserError(`option maxDataMb: ${JSON.stringify(maxDataMb)} is not an integer in [1, ${MAX_DATA_MB}]`);
  }
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return;
  }
  if (stat.isDirectory()) throw badData(path, '', 'a folder, not a CSV file');
  if (!stat.isFile()) throw badData(path, '', 'a device, pipe or socket, not a CSV file; nothing was read from it');
  if (stat.size > maxDataMb * MB) {
    throw badData(path, '', `${(stat.size / MB).toFixed(1)} MB is more than the ${maxDataMb} MB limit for data files; nothing was read. Raise it with --max-data-mb (library: maxDataMb), up to ${MAX_DATA_MB}`);
  }
}

/** Finds a data set by name or path: a shipped name (sonar, iris, digits) is the shipped copy, anything else a CSV path (checked before it is read). */
export async function resolveDataset(nameOrPath: string, options: DatasetOptions = {}): Promise<Dataset> {
  if (nameOrPath.trim() === '') throw badData('data', '', `empty; give ${SHIPPED_NAMES.join(', ')} or the path of a CSV file`);
  const { maxDataMb = DEFAULT_MAX_DATA_MB, ...csv } = options;
  if (isShippedName(nameOrPath)) return loadShipped(nameOrPath, csv);
  checkDataFile(nameOrPath, maxDataMb);
  return readCsv(nameOrPath, csv);
}
