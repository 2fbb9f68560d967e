import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readCsv } from '../src/data/csv.js';
import type { Dataset } from '../src/data/dataset.js';
import type { TrainConfig } from '../src/engine/model.js';

/** The offline Sonar copy shared with the project (never committed here). */
export const SHARED_DATA_DIR = resolve(process.env.DROPSWEEP_TEST_DATA_DIR ?? '../shared/data');
export const SONAR_CSV = join(SHARED_DATA_DIR, 'sonar.csv');

let sonar: Dataset | undefined;
export function loadSonar(): Dataset {
  sonar ??= readCsv(SONAR_CSV);
  return sonar;
}

export const CLI = resolve('dist/src/cli/main.js');

export function tempDir(prefix = 'dropsweep-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, DROPSWEEP_DATA_DIR: SHARED_DATA_DIR, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function config(overrides: Partial<TrainConfig> = {}): TrainConfig {
  return { hidden: [60, 30], placement: 'none', dropout: 0, maxNorm: null, lr: 0.01, momentum: 0.8, epochs: 3, batchSize: 16, ...overrides };
}
