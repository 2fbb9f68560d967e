/**
 * Nested cross-validation's outer fits (schema 7): per outer fold, the inner sweep NAME-outer-i,
 * the winner it picked by its ranking metric, the winner's inner score, and that winner trained on
 * the outer training rows and scored on the outer test fold (every held-out metric, the engine and
 * kernel that computed it). One row per inner sweep: it goes with the sweep (ON DELETE CASCADE), and
 * a resumed `nested` trains only the outer folds that have none.
 */
import { clock, type Driver } from './driver.js';

/** The outer_fits table of schema 7 in either dialect: `id` its key clause, `real` its float type. */
export const OUTER_FITS_TABLE = (id: string, real: string) => `
    CREATE TABLE outer_fits (
      id          ${id},
      sweep_id    INTEGER NOT NULL UNIQUE REFERENCES sweeps(id) ON DELETE CASCADE,
      nested      TEXT NOT NULL,
      outer_folds INTEGER NOT NULL,
      outer_fold  INTEGER NOT NULL,
      metric      TEXT NOT NULL,
      winner_key  TEXT NOT NULL,
      inner_score ${real} NOT NULL,
      outer_score ${real},
      test_rows   INTEGER NOT NULL,
      accuracy    ${real},
      balanced_accuracy ${real},
      macro_f1    ${real},
      log_loss    ${real},
      roc_auc     ${real},
      diverged    INTEGER NOT NULL CHECK (diverged IN (0, 1)),
      epochs_run  INTEGER NOT NULL,
      seconds     ${real} NOT NULL,
      engine      TEXT NOT NULL,
      backend     TEXT NOT NULL,
      seed        TEXT NOT NULL,
      created_at  ${real} NOT NULL
    );
    CREATE INDEX outer_fits_by_nested ON outer_fits (nested, outer_folds, outer_fold);`;

/** One stored outer fit, as the table holds it (metrics null when the fit diverged, ROC AUC also where undefined). */
export interface OuterFitRow {
  /** The inner sweep's name (NAME-outer-i). */
  sweep: string;
  nested: string;
  outer_folds: number;
  /** 0-based. */
  outer_fold: number;
  metric: string;
  winner_key: string;
  /** The winner's mean of `metric` over its inner folds (accuracies as fractions). */
  inner_score: number;
  /**
   * The value of `metric` the nested estimate takes for this fold: the fit's, or for a diverged fit
   * what a model predicting the majority class scores on these test rows (divergedScore); null
   * where the metric is undefined (ROC AUC with a class absent).
   */
  outer_score: number | null;
  test_rows: number;
  accuracy: number | null;
  balanced_accuracy: number | null;
  macro_f1: number | null;
  log_loss: number | null;
  roc_auc: number | null;
  diverged: number;
  epochs_run: number;
  seconds: number;
  engine: string;
  /** The fused kernel build, or the tfjs backend. */
  backend: string;
  seed: string;
  created_at: number;
}

export type NewOuterFit = Omit<OuterFitRow, 'sweep' | 'created_at'> & { sweep_id: number };

/** Writes outer fits (the `nested` command); reading them is ResultsReader.outerFits. */
export class OuterFitBook {
  constructor(private readonly db: Driver) {}

  /** Stores the outer fit of an inner sweep, replacing one made for another winner or metric (the inner sweep changed since). */
  async save(fit: NewOuterFit): Promise<void> {
    const { sql } = this.db;
    await this.db.transaction(async (tx) => {
      await tx.run(sql.clearOuterFit, { sweep_id: fit.sweep_id });
      await tx.run(sql.insertOuterFit, { ...fit, now: clock() });
    });
  }
}
