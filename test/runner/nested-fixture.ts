import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI } from '../helpers.js';

/**
 * A sweep whose inner winner is known: lr 0.0005 learns nothing in 40 epochs (a one-class model,
 * the majority rate), lr 0.03 learns Sonar; every inner sweep must pick lr 0.03.
 */
export function writeNestedSweep(dir: string, extra = ''): string {
  const file = join(dir, 'n.yaml');
  writeFileSync(file, `name: n\nfolds: 3\n${extra}protocol:\n  epochs: 40\n  hidden: [20, 10]\n  momentum: 0.9\ngrid:\n  lr: [0.0005, 0.03]\n`);
  return file;
}

export interface NestedJson {
  sweep: string;
  outer: number;
  metric: string;
  percent: boolean;
  outcome: string;
  folds: {
    sweep: string;
    outerFold: number;
    testRows: number;
    winner: string;
    innerScore: number;
    outerScore: number;
    diverged: boolean;
    metrics: Record<string, number | null>;
    backend: string;
  }[];
  estimate: { mean: number; low: number; high: number; se: number; df: number; cells: number };
  optimistic: number;
  outerFitsTrained: number;
  outerFitsReused: number;
}

/** `dropsweep nested FILE --outer K --format json` (must succeed). */
export function runNested(file: string, db: string, outer = 3): NestedJson {
  const r = spawnSync(process.execPath, [CLI, 'nested', file, '--outer', String(outer), '--db', db, '--workers', '2', '--format', 'json', '--quiet'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as NestedJson;
}

/** Two-sided 95% quantile of Student's t with 2 degrees of freedom: sqrt(2) x 3.0424... = 4.302653 (tables). */
export const T_975_2 = 4.302652729911275;

export const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} vs ${b}`);
