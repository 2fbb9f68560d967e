import type { LeaderboardOptions } from '../../src/report/leaderboard.js';
import type { TrialScores } from '../../src/sweep/scores.js';

export type Fold = { accuracy: number | null; diverged?: boolean; seconds?: number };

/**
 * A trial as the store hands it to the leaderboard. Folds are given by position (fold i of repeat
 * 0: an accuracy, null for a diverged fold, or a Fold) or keyed `fold/repeat`.
 */
export function trial(key: string, folds: (number | null | Fold)[] | Record<string, number | null>, extra: Partial<TrialScores> = {}): TrialScores {
  const entries: [string, number | null | Fold][] = Array.isArray(folds) ? folds.map((f, i) => [`${i}/0`, f]) : Object.entries(folds);
  return {
    trialKey: key,
    label: null,
    state: 'done',
    error: null,
    placement: 'none',
    dropout: 0,
    maxNorm: null,
    lr: 0.01,
    momentum: 0.8,
    epochs: 300,
    batchSize: 16,
    hidden: '60-30',
    folds: new Map(
      entries.map(([k, f]) => {
        const fold = typeof f === 'object' && f !== null ? f : { accuracy: f };
        return [k, { accuracy: fold.accuracy, diverged: fold.diverged ?? fold.accuracy === null, seconds: fold.seconds ?? 1 }];
      }),
    ),
    ...extra,
  };
}

/** Four equal folds: n_test / n_train = 1/3. */
export const FOUR_FOLDS: LeaderboardOptions = { foldsPlanned: 4, testTrainRatio: 1 / 3 };
