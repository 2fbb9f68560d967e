import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { readCsv } from '../src/data/csv.js';
import { foldCache, type FoldData } from '../src/data/fold-data.js';
import { stratifiedFolds } from '../src/data/folds.js';
import type { TrainConfig } from '../src/engine/model.js';

export const SONAR_CSV = resolve('data/sonar.csv');

export function sonar(): { data: ReturnType<typeof readCsv>; folds: (f: number) => FoldData } {
  const data = readCsv(SONAR_CSV);
  return { data, folds: foldCache(data, stratifiedFolds(data.labels, 10, 7)) };
}

export const BASELINE: TrainConfig = { hidden: [60, 30], placement: 'none', dropout: 0, maxNorm: null, lr: 0.01, momentum: 0.8, epochs: 300, batchSize: 16 };
export const HIDDEN: TrainConfig = { ...BASELINE, placement: 'hidden', dropout: 0.2, maxNorm: 3, lr: 0.1, momentum: 0.9 };

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export async function timeRuns(runs: number, body: () => unknown | Promise<unknown>): Promise<number> {
  const seconds: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await body();
    seconds.push((performance.now() - t) / 1000);
  }
  return median(seconds);
}

export function machine(): string {
  return `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown cpu'}), node ${process.version}`;
}

export function row(label: string, value: string): void {
  process.stdout.write(`  ${label.padEnd(58)} ${value}\n`);
}

const scratch: string[] = [];
process.on('exit', () => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder for one measurement, removed when the bench exits. */
export function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dropsweep-bench-'));
  scratch.push(dir);
  return dir;
}
