import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UserError, badData } from '../errors.js';
import { parseCsv, readCsv, sha256, type CsvOptions } from './csv.js';
import type { Dataset } from './dataset.js';

/**
 * The Sonar data set ships inside the package (data/sonar.csv, with its source and license beside
 * it), so nothing needs the network. From dist/src/data/ and src/data/ alike the package root is
 * three or two folders up; the compiled file is the one that runs.
 */
export const SONAR_PATH = fileURLToPath(new URL('../../../data/sonar.csv', import.meta.url));

/** SHA-256 of the shipped file: a copy edited or truncated by accident must not pass as Sonar. */
export const SONAR_SHA256 = '3079c09b5d2789a0f96aff82c28e5164fafe2495c5f8da96c6c256c1bd25763f';

/** The shape Gorman & Sejnowski's table must have. */
export function checkSonar(data: Dataset): void {
  const problems: string[] = [];
  if (data.rows !== 208) problems.push(`${data.rows} rows instead of 208`);
  if (data.columns !== 60) problems.push(`${data.columns} features instead of 60`);
  if (data.classes[0] !== 'M' || data.classes[1] !== 'R') problems.push(`labels ${data.classes.join('/')} instead of M/R`);
  if (problems.length) throw badData(data.source, '', `not the Sonar data set: ${problems.join(', ')}`);
}

/** Reads the shipped Sonar copy, checking its bytes against the recorded hash. */
export function loadSonar(options: CsvOptions = {}, path: string = SONAR_PATH): Dataset {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw badData(path, '', `the shipped Sonar copy cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); reinstall dropsweep`);
  }
  const hash = sha256(bytes);
  if (hash !== SONAR_SHA256) throw badData(path, '', `the shipped Sonar copy was changed (SHA-256 ${hash.slice(0, 12)}..., expected ${SONAR_SHA256.slice(0, 12)}...); restore it with git checkout data/sonar.csv`);
  const data: Dataset = { ...parseCsv(bytes.toString('utf8'), path, options), sha256: hash };
  checkSonar(data);
  return data;
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

/** Finds a data set by name or path: `sonar` is the shipped copy, anything else a CSV path (checked before it is read). */
export async function resolveDataset(nameOrPath: string, options: DatasetOptions = {}): Promise<Dataset> {
  if (nameOrPath.trim() === '') throw badData('data', '', 'empty; give sonar or the path of a CSV file');
  const { maxDataMb = DEFAULT_MAX_DATA_MB, ...csv } = options;
  if (nameOrPath === 'sonar') return loadSonar(csv);
  checkDataFile(nameOrPath, maxDataMb);
  return readCsv(nameOrPath, csv);
}
