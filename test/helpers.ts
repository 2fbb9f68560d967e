import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readCsv } from '../src/data/csv.js';
import type { Dataset } from '../src/data/dataset.js';
import type { TrainConfig } from '../src/engine/model.js';

/** The Sonar copy that ships in the repository. */
export const SONAR_CSV = resolve('data/sonar.csv');

let sonar: Dataset | undefined;
export function loadSonar(): Dataset {
  sonar ??= readCsv(SONAR_CSV);
  return sonar;
}

export const CLI = resolve('dist/src/cli/main.js');

const made: string[] = [];
process.on('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder, removed when the test process exits. */
export function tempDir(prefix = 'dropsweep-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    cwd,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function config(overrides: Partial<TrainConfig> = {}): TrainConfig {
  return { hidden: [60, 30], placement: 'none', dropout: 0, maxNorm: null, lr: 0.01, momentum: 0.8, epochs: 3, batchSize: 16, ...overrides };
}

/**
 * Runs a documented library example as written: as a module inside the package, so `dropsweep`
 * resolves to the package itself (its `exports`), as an installed dependency would, in an empty
 * folder holding only the sweep file the examples name.
 */
export function runLibraryExample(code: string, name: string): { status: number | null; stdout: string; stderr: string } {
  const scratch = resolve('test-output');
  mkdirSync(scratch, { recursive: true });
  const script = join(scratch, `${name}-${process.pid}.mjs`);
  writeFileSync(script, code);
  const cwd = tempDir();
  mkdirSync(join(cwd, 'sweeps'));
  copyFileSync('sweeps/tutorial.yaml', join(cwd, 'sweeps', 'tutorial.yaml'));
  return spawnSync(process.execPath, [script], { cwd, encoding: 'utf8' });
}
