import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UserError, badData } from '../errors.js';
import { parseCsv, readCsv, type CsvOptions } from './csv.js';
import type { Dataset } from './dataset.js';

export const SONAR_URL =
  'http://archive.ics.uci.edu/ml/machine-learning-databases/undocumented/connectionist-bench/sonar/sonar.all-data';
const SONAR_FILE = 'sonar.csv';

export interface ResolveOptions extends CsvOptions {
  env?: NodeJS.ProcessEnv;
  /** Download timeout; the UCI server is slow but never this slow. */
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'dropsweep');
}

/** The shape Gorman & Sejnowski's table must have; a truncated download must not pass as data. */
export function checkSonar(data: Dataset): void {
  const problems: string[] = [];
  if (data.rows !== 208) problems.push(`${data.rows} rows instead of 208`);
  if (data.columns !== 60) problems.push(`${data.columns} features instead of 60`);
  if (data.classes[0] !== 'M' || data.classes[1] !== 'R') problems.push(`labels ${data.classes.join('/')} instead of M/R`);
  if (problems.length) throw badData(data.source, '', `not the Sonar data set: ${problems.join(', ')}`);
}

/**
 * Finds a data set by name or path. `sonar` looks in DROPSWEEP_DATA_DIR, then the user's cache,
 * then downloads from UCI into the cache; anything else is a CSV path.
 */
export async function resolveDataset(nameOrPath: string, options: ResolveOptions = {}): Promise<Dataset> {
  if (nameOrPath !== 'sonar') return readCsv(nameOrPath, options);
  const env = options.env ?? process.env;
  if (env.DROPSWEEP_DATA_DIR) {
    const file = join(env.DROPSWEEP_DATA_DIR, SONAR_FILE);
    if (!existsSync(file)) throw new UserError(`DROPSWEEP_DATA_DIR is set, but ${file} does not exist`);
    const data = readCsv(file, options);
    checkSonar(data);
    return data;
  }
  const cached = join(cacheDirectory(env), SONAR_FILE);
  if (existsSync(cached)) {
    const data = readCsv(cached, options);
    checkSonar(data);
    return data;
  }
  return downloadSonar(cached, options, env);
}

async function downloadSonar(target: string, options: ResolveOptions, env: NodeJS.ProcessEnv): Promise<Dataset> {
  const fetchImpl = options.fetchImpl ?? fetch;
  let text: string;
  try {
    const response = await fetchImpl(SONAR_URL, { signal: AbortSignal.timeout(options.timeoutMs ?? (Number(env.DROPSWEEP_DOWNLOAD_TIMEOUT_MS) || 30_000)) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    text = await response.text();
  } catch (err) {
    throw new UserError(
      `the Sonar data set is not cached and could not be downloaded from ${SONAR_URL} (${(err as Error).message}).\n` +
        `Download sonar.all-data yourself and either pass it with --data PATH, ` +
        `set DROPSWEEP_DATA_DIR to a folder holding it as ${SONAR_FILE}, or copy it to ${target}.`,
    );
  }
  const data = parseCsv(text, SONAR_URL, options);
  checkSonar(data);
  mkdirSync(join(target, '..'), { recursive: true });
  // Write then rename, so an interrupted download never leaves a half file in the cache.
  const partial = `${target}.${process.pid}.partial`;
  writeFileSync(partial, text);
  renameSync(partial, target);
  return { ...data, source: target };
}
