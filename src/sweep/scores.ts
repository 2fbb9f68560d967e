/** A trial and its stored fold scores, as analysis reads them: plain values, no I/O. */

/** A trial's configuration as its own columns (hidden widths joined: `60-30`). */
export interface TrialSettings {
  placement: string;
  dropout: number;
  maxNorm: number | null;
  lr: number;
  momentum: number;
  epochs: number;
  batchSize: number;
  hidden: string;
}

/** One trial with its stored fold results, as the store reads them. */
export interface TrialScores extends TrialSettings {
  trialKey: string;
  label: string | null;
  state: string;
  error: string | null;
  /** For a pruned trial: the reference trial's key, the p-value and the folds it had. */
  prunedBy?: string | null;
  prunedP?: number | null;
  prunedAfter?: number | null;
  /** Fold results keyed by `fold/repeat`. */
  folds: Map<string, { accuracy: number | null; diverged: boolean; seconds: number }>;
}
