/** SQLite's schema, version by version (PostgreSQL's twins are in ../postgres/migrations.ts). */
import { CURVES_TABLE, METRIC_COLUMNS } from '../core/curve-blobs.js';
import { OUTER_FITS_TABLE } from '../core/outer-fits.js';

/** Population std over the scored folds (NULL when none is scored: max() of NULL is NULL in SQLite). */
const std = (x: string) => `sqrt(max(avg(r.${x} * r.${x}) - avg(r.${x}) * avg(r.${x}), 0))`;

/** trial_summary from schema 5: schema 3's columns, then a mean and std per held-out metric besides accuracy. */
const SUMMARY_V5 = `
    CREATE VIEW trial_summary AS
      SELECT t.id AS trial_id, s.name AS sweep, t.trial_key, t.label, t.state,
             t.placement, t.dropout, t.max_norm, t.lr, t.momentum, t.epochs, t.batch_size, t.hidden,
             count(r.id) AS folds_done,
             s.folds * s.repeats AS folds_planned,
             count(r.accuracy) AS folds_scored,
             coalesce(sum(r.diverged), 0) AS diverged,
             avg(r.accuracy) AS mean_accuracy,
             ${std('accuracy')} AS std_accuracy,
             100 * avg(r.accuracy) AS mean_pct,
             100 * ${std('accuracy')} AS std_pct,
             coalesce(sum(r.seconds), 0) AS seconds,
             t.error, t.pruned_by, t.pruned_p, t.pruned_after,
             ${METRIC_COLUMNS.map((m) => `avg(r.${m}) AS mean_${m}, ${std(m)} AS std_${m}`).join(',\n             ')}
      FROM trials t
      JOIN sweeps s ON s.id = t.sweep_id
      LEFT JOIN fold_results r ON r.trial_id = t.id
      GROUP BY t.id;`;

/** Migrations by target version (1 to SCHEMA_VERSION in ../core/driver.ts); each runs once, inside a transaction. */
export const MIGRATIONS: Record<number, string> = {
  1: `
    CREATE TABLE sweeps (
      id          INTEGER PRIMARY KEY,
      name        TEXT NOT NULL UNIQUE,
      spec        TEXT NOT NULL,
      spec_hash   TEXT NOT NULL,
      source_file TEXT,
      data        TEXT NOT NULL,
      seed        INTEGER NOT NULL,
      folds       INTEGER NOT NULL,
      repeats     INTEGER NOT NULL,
      engine      TEXT NOT NULL,
      created_at  TEXT NOT NULL
    );
    CREATE TABLE trials (
      id          INTEGER PRIMARY KEY,
      sweep_id    INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
      trial_key   TEXT NOT NULL,
      label       TEXT,
      config      TEXT NOT NULL,
      placement   TEXT NOT NULL,
      dropout     REAL NOT NULL,
      max_norm    REAL,
      lr          REAL NOT NULL,
      momentum    REAL NOT NULL,
      epochs      INTEGER NOT NULL,
      batch_size  INTEGER NOT NULL,
      hidden      TEXT NOT NULL,
      state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done', 'failed')),
      attempts    INTEGER NOT NULL DEFAULT 0,
      lease_owner TEXT,
      heartbeat_at REAL,
      started_at  REAL,
      finished_at REAL,
      error       TEXT,
      UNIQUE (sweep_id, trial_key)
    );
    CREATE INDEX trials_by_state ON trials (sweep_id, state);
    CREATE TABLE fold_results (
      id          INTEGER PRIMARY KEY,
      trial_id    INTEGER NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
      fold        INTEGER NOT NULL,
      repeat      INTEGER NOT NULL,
      accuracy    REAL,
      loss        REAL,
      train_loss  REAL,
      epochs_run  INTEGER NOT NULL,
      diverged    INTEGER NOT NULL CHECK (diverged IN (0, 1)),
      seconds     REAL NOT NULL,
      backend     TEXT NOT NULL,
      engine      TEXT NOT NULL,
      seed        TEXT NOT NULL,
      created_at  REAL NOT NULL,
      UNIQUE (trial_id, fold, repeat)
    );
    CREATE TABLE runs (
      id          INTEGER PRIMARY KEY,
      sweep_id    INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
      owner       TEXT NOT NULL,
      backend     TEXT,
      engine      TEXT NOT NULL,
      workers     INTEGER NOT NULL,
      started_at  REAL NOT NULL,
      ended_at    REAL,
      fits_done   INTEGER NOT NULL DEFAULT 0,
      outcome     TEXT
    );
    CREATE VIEW trial_summary AS
      SELECT t.id AS trial_id, s.name AS sweep, t.trial_key, t.label, t.state,
             t.placement, t.dropout, t.max_norm, t.lr, t.momentum, t.epochs, t.batch_size, t.hidden,
             count(r.id) AS folds_done,
             s.folds * s.repeats AS folds_planned,
             count(r.accuracy) AS folds_scored,
             coalesce(sum(r.diverged), 0) AS diverged,
             avg(r.accuracy) AS mean_accuracy,
             sqrt(max(avg(r.accuracy * r.accuracy) - avg(r.accuracy) * avg(r.accuracy), 0)) AS std_accuracy,
             coalesce(sum(r.seconds), 0) AS seconds,
             t.error
      FROM trials t
      JOIN sweeps s ON s.id = t.sweep_id
      LEFT JOIN fold_results r ON r.trial_id = t.id
      GROUP BY t.id;
  `,
  // Data identity, lease fencing, durable run accounting and percent columns for --where.
  2: `
    ALTER TABLE sweeps ADD COLUMN data_sha256 TEXT;
    ALTER TABLE sweeps ADD COLUMN data_rows INTEGER;
    ALTER TABLE sweeps ADD COLUMN data_columns INTEGER;
    ALTER TABLE sweeps ADD COLUMN data_classes TEXT;
    ALTER TABLE trials ADD COLUMN lease_token INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE runs ADD COLUMN fits_fenced INTEGER NOT NULL DEFAULT 0;
    DROP VIEW trial_summary;
    CREATE VIEW trial_summary AS
      SELECT t.id AS trial_id, s.name AS sweep, t.trial_key, t.label, t.state,
             t.placement, t.dropout, t.max_norm, t.lr, t.momentum, t.epochs, t.batch_size, t.hidden,
             count(r.id) AS folds_done,
             s.folds * s.repeats AS folds_planned,
             count(r.accuracy) AS folds_scored,
             coalesce(sum(r.diverged), 0) AS diverged,
             avg(r.accuracy) AS mean_accuracy,
             sqrt(max(avg(r.accuracy * r.accuracy) - avg(r.accuracy) * avg(r.accuracy), 0)) AS std_accuracy,
             100 * avg(r.accuracy) AS mean_pct,
             100 * sqrt(max(avg(r.accuracy * r.accuracy) - avg(r.accuracy) * avg(r.accuracy), 0)) AS std_pct,
             coalesce(sum(r.seconds), 0) AS seconds,
             t.error
      FROM trials t
      JOIN sweeps s ON s.id = t.sweep_id
      LEFT JOIN fold_results r ON r.trial_id = t.id
      GROUP BY t.id;
  `,
  // Racing: the state pruned (a CHECK can only change by rebuilding the table, which the store does
  // with foreign keys off, so dropping the old table cascades to no fold result), the evidence of
  // each stop, and every look in the order it was made.
  3: `
    DROP VIEW trial_summary;
    CREATE TABLE trials_v3 (
      id          INTEGER PRIMARY KEY,
      sweep_id    INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
      trial_key   TEXT NOT NULL,
      label       TEXT,
      config      TEXT NOT NULL,
      placement   TEXT NOT NULL,
      dropout     REAL NOT NULL,
      max_norm    REAL,
      lr          REAL NOT NULL,
      momentum    REAL NOT NULL,
      epochs      INTEGER NOT NULL,
      batch_size  INTEGER NOT NULL,
      hidden      TEXT NOT NULL,
      state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done', 'failed', 'pruned')),
      attempts    INTEGER NOT NULL DEFAULT 0,
      lease_owner TEXT,
      heartbeat_at REAL,
      started_at  REAL,
      finished_at REAL,
      error       TEXT,
      lease_token INTEGER NOT NULL DEFAULT 0,
      pruned_by   TEXT,
      pruned_p    REAL,
      pruned_after INTEGER,
      UNIQUE (sweep_id, trial_key)
    );
    INSERT INTO trials_v3 (id, sweep_id, trial_key, label, config, placement, dropout, max_norm, lr, momentum, epochs, batch_size, hidden,
                           state, attempts, lease_owner, heartbeat_at, started_at, finished_at, error, lease_token)
      SELECT id, sweep_id, trial_key, label, config, placement, dropout, max_norm, lr, momentum, epochs, batch_size, hidden,
             state, attempts, lease_owner, heartbeat_at, started_at, finished_at, error, lease_token FROM trials;
    DROP TABLE trials;
    ALTER TABLE trials_v3 RENAME TO trials;
    CREATE INDEX trials_by_state ON trials (sweep_id, state);
    CREATE TABLE decisions (
      id          INTEGER PRIMARY KEY,
      sweep_id    INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
      trial_id    INTEGER NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
      folds_done  INTEGER NOT NULL,
      reference   TEXT NOT NULL,
      shared      INTEGER NOT NULL,
      trial_mean  REAL,
      reference_mean REAL,
      p           REAL,
      threshold   REAL NOT NULL,
      pruned      INTEGER NOT NULL CHECK (pruned IN (0, 1)),
      created_at  REAL NOT NULL
    );
    CREATE INDEX decisions_by_sweep ON decisions (sweep_id, id);
    CREATE VIEW trial_summary AS
      SELECT t.id AS trial_id, s.name AS sweep, t.trial_key, t.label, t.state,
             t.placement, t.dropout, t.max_norm, t.lr, t.momentum, t.epochs, t.batch_size, t.hidden,
             count(r.id) AS folds_done,
             s.folds * s.repeats AS folds_planned,
             count(r.accuracy) AS folds_scored,
             coalesce(sum(r.diverged), 0) AS diverged,
             avg(r.accuracy) AS mean_accuracy,
             sqrt(max(avg(r.accuracy * r.accuracy) - avg(r.accuracy) * avg(r.accuracy), 0)) AS std_accuracy,
             100 * avg(r.accuracy) AS mean_pct,
             100 * sqrt(max(avg(r.accuracy * r.accuracy) - avg(r.accuracy) * avg(r.accuracy), 0)) AS std_pct,
             coalesce(sum(r.seconds), 0) AS seconds,
             t.error, t.pruned_by, t.pruned_p, t.pruned_after
      FROM trials t
      JOIN sweeps s ON s.id = t.sweep_id
      LEFT JOIN fold_results r ON r.trial_id = t.id
      GROUP BY t.id;
  `,
  // Work counted where it is done: the fits a run trained (worker results as they arrived), beside
  // the rows it inserted (fits_done) and the fits the fence refused (fits_fenced). NULL for runs
  // recorded before: they did not count it.
  4: `
    ALTER TABLE runs ADD COLUMN fits_trained INTEGER;
  `,
  // Every held-out metric of a fold (NULL for fits stored before: they kept accuracy and loss only),
  // their means and stds in trial_summary, and each fold's learning curve (see CURVES_TABLE).
  5: `
    ALTER TABLE fold_results ADD COLUMN balanced_accuracy REAL;
    ALTER TABLE fold_results ADD COLUMN macro_f1 REAL;
    ALTER TABLE fold_results ADD COLUMN log_loss REAL;
    ALTER TABLE fold_results ADD COLUMN roc_auc REAL;
    ${CURVES_TABLE('BLOB')}
    DROP VIEW trial_summary;
    ${SUMMARY_V5}
  `,
  // Notes (one per trial, and one on the sweep itself: trial_id NULL), and the race settings a
  // sweep was first raced with, so a resumed sweep races the same whatever the flag.
  6: `
    CREATE TABLE notes (
      id          INTEGER PRIMARY KEY,
      sweep_id    INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
      trial_id    INTEGER REFERENCES trials(id) ON DELETE CASCADE,
      text        TEXT NOT NULL,
      created_at  REAL NOT NULL
    );
    CREATE UNIQUE INDEX notes_one_per_target ON notes (sweep_id, coalesce(trial_id, 0));
    ALTER TABLE sweeps ADD COLUMN race TEXT;
  `,
  // Nested cross-validation's outer fits, one per inner sweep (see OUTER_FITS_TABLE), so a resumed
  // `nested` trains only the missing ones and the read commands can show the estimate.
  7: OUTER_FITS_TABLE('INTEGER PRIMARY KEY', 'REAL'),
};
