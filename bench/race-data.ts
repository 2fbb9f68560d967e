/**
 * The shipped grid's stored folds (bench/fixtures/dropout-grid-folds.json, made by
 * scripts/grid-folds-fixture.js from an unraced run of sweeps/dropout-grid.yaml), and the null
 * model of racing's simulation built from them. Used by `npm run bench -- --only race` and by
 * test/sweep/racing-null.test.ts.
 */
import { readFileSync } from 'node:fs';
import seedrandom from 'seedrandom';
import type { ReplayTrial } from '../src/sweep/race-replay.js';

export interface GridFolds {
  folds: number;
  /** Held-out rows of each fold. */
  foldRows: number[];
  trials: ReplayTrial[];
}

/** Read from the repository root (where npm runs the bench and the tests). */
export function loadGridFolds(path = 'bench/fixtures/dropout-grid-folds.json'): GridFolds {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as { folds: number; foldRows: number[]; trials: { key: string; correct: (number | null)[]; epochs: number[]; seconds: number[] }[] };
  return {
    folds: raw.folds,
    foldRows: raw.foldRows,
    trials: raw.trials.map((t) => ({ key: t.key, scores: t.correct.map((c, f) => (c === null ? null : c / raw.foldRows[f])), epochs: t.epochs, seconds: t.seconds })),
  };
}

/** A seeded permutation of 0..n-1 (Fisher-Yates). */
export function permutation(n: number, random: () => number): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/**
 * The null model: trials of equal true accuracy with the grid's own noise. Each complete trial
 * with a mean of at least 75% (a model that learned) is split as mean + fold effect + residual
 * (the fold effect: the average deviation of every complete trial on that fold). A null trial's
 * fold f scores the pooled mean + the fold effect + the fold-f residual of a trial drawn at random
 * (drawn anew for every fold), rounded to whole held-out rows.
 */
export class NullGrid {
  readonly level: number;
  private readonly foldEffect: number[];
  private readonly residuals: number[][];
  constructor(private readonly grid: GridFolds) {
    const complete = grid.trials.filter((t) => t.scores.every((s) => s !== null)).map((t) => t.scores as number[]);
    const meanOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    this.foldEffect = Array.from({ length: grid.folds }, (_, f) => meanOf(complete.map((s) => s[f] - meanOf(s))));
    const learners = complete.filter((s) => meanOf(s) >= 0.75);
    this.residuals = learners.map((s) => s.map((x, f) => x - meanOf(s) - this.foldEffect[f]));
    this.level = meanOf(learners.map(meanOf));
  }

  /** Residual vectors in the pool. */
  get poolSize(): number {
    return this.residuals.length;
  }

  trials(count: number, random: () => number): ReplayTrial[] {
    const rows = this.grid.foldRows;
    return Array.from({ length: count }, (_, i) => ({
      key: `null-${i}`,
      scores: rows.map((n, f) => {
        const e = this.residuals[Math.floor(random() * this.residuals.length)][f];
        return Math.min(n, Math.max(0, Math.round((this.level + this.foldEffect[f] + e) * n))) / n;
      }),
      epochs: rows.map(() => 300),
      seconds: rows.map(() => 1),
    }));
  }
}

export const seeded = (seed: string) => seedrandom.alea(seed);
