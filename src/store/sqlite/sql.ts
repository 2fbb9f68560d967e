/**
 * Every SQLite statement of dropsweep, as plain strings, in one place. The SQLite store
 * (sqlite-store.ts) prepares them; PostgreSQL's twins are in ../postgres/sql.ts.
 */

export const SCHEMA_VERSION = 3;

/** Migrations by target version; each runs once, inside a transaction. */
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
};

export const sql = {
  schemaVersionTable: `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`,
  schemaVersion: `SELECT max(version) AS version FROM schema_version`,
  setSchemaVersion: `INSERT INTO schema_version (version) VALUES (?)`,
  listTables: `SELECT name FROM sqlite_master WHERE type = 'table'`,

  sweepByName: `SELECT * FROM sweeps WHERE name = ?`,
  sweepNames: `SELECT name FROM sweeps ORDER BY id`,
  insertSweep: `
    INSERT INTO sweeps (name, spec, spec_hash, source_file, data, seed, folds, repeats, engine, created_at,
                        data_sha256, data_rows, data_columns, data_classes)
    VALUES (@name, @spec, @spec_hash, @source_file, @data, @seed, @folds, @repeats, @engine, @created_at,
            @data_sha256, @data_rows, @data_columns, @data_classes)`,
  /** A sweep made before data identities were recorded gets the identity of the data it resumes with. */
  setDataIdentity: `
    UPDATE sweeps SET data_sha256 = @data_sha256, data_rows = @data_rows, data_columns = @data_columns, data_classes = @data_classes
    WHERE id = @id AND data_sha256 IS NULL`,
  updateSweepSpec: `UPDATE sweeps SET spec = @spec, spec_hash = @spec_hash, source_file = @source_file WHERE id = @id`,

  insertTrial: `
    INSERT INTO trials (sweep_id, trial_key, label, config, placement, dropout, max_norm, lr, momentum, epochs, batch_size, hidden)
    VALUES (@sweep_id, @trial_key, @label, @config, @placement, @dropout, @max_norm, @lr, @momentum, @epochs, @batch_size, @hidden)
    ON CONFLICT (sweep_id, trial_key) DO NOTHING`,

  /** Leases held by this sweep's running trials, for finding dead owners. */
  runningOwners: `SELECT DISTINCT lease_owner FROM trials WHERE sweep_id = ? AND state = 'running'`,
  /** Live leases of other owners, for a runner that waits for them. */
  otherLeases: `
    SELECT lease_owner AS owner, count(*) AS trials FROM trials
    WHERE sweep_id = @sweep_id AND state = 'running' AND lease_owner != @owner
    GROUP BY lease_owner ORDER BY lease_owner`,
  /** The best complete trial (every fold stored, none diverged) of a sweep: racing's reference. */
  raceReference: `
    SELECT t.id, t.trial_key FROM trials t JOIN fold_results r ON r.trial_id = t.id
    WHERE t.sweep_id = @sweep_id AND t.state = 'done'
    GROUP BY t.id HAVING count(r.accuracy) >= @planned
    ORDER BY avg(r.accuracy) DESC, t.trial_key LIMIT 1`,
  scoresOf: `SELECT fold, repeat, accuracy FROM fold_results WHERE trial_id = ?`,
  insertDecision: `
    INSERT INTO decisions (sweep_id, trial_id, folds_done, reference, shared, trial_mean, reference_mean, p, threshold, pruned, created_at)
    VALUES (@sweep_id, @trial_id, @folds_done, @reference, @shared, @trial_mean, @reference_mean, @p, @threshold, @pruned, @now)`,
  pruneTrial: `
    UPDATE trials SET state = 'pruned', pruned_by = @reference, pruned_p = @p, pruned_after = @folds_done, finished_at = @now,
                      lease_owner = NULL, heartbeat_at = NULL
    WHERE id = @id AND state = 'running'`,
  claimable: `
    SELECT id FROM trials
    WHERE sweep_id = @sweep_id
      AND (state = 'pending'
           OR (state = 'running' AND (heartbeat_at < @stale_before OR lease_owner IN (SELECT value FROM json_each(@dead_owners)))))
    ORDER BY id LIMIT @limit`,
  // Each claim bumps the trial's lease token: a runner whose lease was taken over still holds the
  // old token, and every write it makes for that trial is then refused (fencing).
  claim: `
    UPDATE trials SET state = 'running', lease_owner = @owner, lease_token = lease_token + 1, heartbeat_at = @now,
                      started_at = coalesce(started_at, @now)
    WHERE id = @id
    RETURNING id, trial_key, label, config, attempts, lease_token`,
  heartbeat: `UPDATE trials SET heartbeat_at = @now WHERE lease_owner = @owner AND state = 'running' RETURNING id, lease_token`,
  leaseOf: `SELECT lease_owner, lease_token, state FROM trials WHERE id = ?`,
  release: `UPDATE trials SET state = 'pending', lease_owner = NULL, heartbeat_at = NULL WHERE lease_owner = @owner AND state = 'running'`,
  releaseTrial: `
    UPDATE trials SET state = 'pending', lease_owner = NULL, heartbeat_at = NULL
    WHERE id = @id AND lease_owner = @owner AND lease_token = @token AND state = 'running'`,
  doneFits: `SELECT fold, repeat FROM fold_results WHERE trial_id = ?`,
  insertFoldResult: `
    INSERT INTO fold_results (trial_id, fold, repeat, accuracy, loss, train_loss, epochs_run, diverged, seconds, backend, engine, seed, created_at)
    VALUES (@trial_id, @fold, @repeat, @accuracy, @loss, @train_loss, @epochs_run, @diverged, @seconds, @backend, @engine, @seed, @created_at)
    ON CONFLICT (trial_id, fold, repeat) DO NOTHING`,
  countFits: `SELECT count(*) AS n FROM fold_results WHERE trial_id = ?`,
  finishTrial: `UPDATE trials SET state = 'done', finished_at = @now, lease_owner = NULL, heartbeat_at = NULL, error = NULL WHERE id = @id`,
  failAttempt: `
    UPDATE trials SET attempts = attempts + 1, error = @error
    WHERE id = @id AND state = 'running' AND lease_owner = @owner AND lease_token = @token RETURNING attempts`,
  failTrial: `UPDATE trials SET state = 'failed', finished_at = @now, lease_owner = NULL, heartbeat_at = NULL WHERE id = @id`,
  retryFailed: `UPDATE trials SET state = 'pending', attempts = 0, error = NULL, finished_at = NULL WHERE sweep_id = ? AND state = 'failed'`,

  startRun: `INSERT INTO runs (sweep_id, owner, backend, engine, workers, started_at) VALUES (@sweep_id, @owner, @backend, @engine, @workers, @now)`,
  progressRun: `UPDATE runs SET ended_at = @now, fits_done = fits_done + @fits, fits_fenced = fits_fenced + @fenced WHERE id = @id`,
  endRun: `UPDATE runs SET ended_at = @now, outcome = @outcome WHERE id = @id`,

  sweepCounts: `
    SELECT s.id, s.name, s.folds, s.repeats, s.engine, s.created_at, s.data, s.data_sha256,
           count(t.id) AS trials,
           sum(t.state = 'done') AS done,
           sum(t.state = 'running') AS running,
           sum(t.state = 'pending') AS pending,
           sum(t.state = 'failed') AS failed,
           coalesce(sum(t.state = 'pruned'), 0) AS pruned,
           (SELECT coalesce(sum(s.folds * s.repeats - (SELECT count(*) FROM fold_results r3 WHERE r3.trial_id = t3.id)), 0)
            FROM trials t3 WHERE t3.sweep_id = s.id AND t3.state = 'pruned') AS fits_saved,
           (SELECT count(*) FROM fold_results r JOIN trials t2 ON t2.id = r.trial_id WHERE t2.sweep_id = s.id) AS fits_done,
           (SELECT coalesce(sum(fits_done), 0) FROM runs WHERE sweep_id = s.id) AS run_fits,
           (SELECT coalesce(sum(coalesce(ended_at, started_at) - started_at), 0) FROM runs WHERE sweep_id = s.id) AS run_seconds
    FROM sweeps s LEFT JOIN trials t ON t.sweep_id = s.id
    GROUP BY s.id ORDER BY s.id`,
  /** Training time of every trial's finished fits on one engine, with its data's size, for estimates. */
  fitTimings: `
    SELECT t.config AS config, s.data_rows AS rows, s.data_columns AS columns, s.folds AS folds,
           sum(r.seconds) AS seconds, count(*) AS fits
    FROM fold_results r JOIN trials t ON t.id = r.trial_id JOIN sweeps s ON s.id = t.sweep_id
    WHERE r.engine = @engine AND r.diverged = 0 AND s.data_rows IS NOT NULL
    GROUP BY t.id`,
  /**
   * One row per trial of a sweep with its fold results as a JSON array of
   * [fold, repeat, accuracy, diverged, seconds]; `{where}` is the user's filter on trial_summary.
   * (Aggregating in SQL is 2x faster than a join that repeats each trial's columns per fold.)
   */
  trialScores: (where: string | undefined) => `
    SELECT t.id, t.trial_key, t.label, t.state, t.error, t.placement, t.dropout, t.max_norm, t.lr, t.momentum,
           t.epochs, t.batch_size, t.hidden, t.pruned_by, t.pruned_p, t.pruned_after,
           (SELECT json_group_array(json_array(r.fold, r.repeat, r.accuracy, r.diverged, r.seconds))
            FROM fold_results r WHERE r.trial_id = t.id) AS folds
    FROM trials t
    WHERE t.sweep_id = @sweep_id
    ${where ? `AND t.id IN (SELECT trial_id FROM trial_summary WHERE sweep = @sweep_name AND (${where}))` : ''}`,
  trialsByPrefix: `
    SELECT t.*, s.name AS sweep, s.folds, s.repeats, s.seed AS sweep_seed, s.data AS data, s.data_sha256 AS data_sha256 FROM trials t JOIN sweeps s ON s.id = t.sweep_id
    WHERE t.trial_key LIKE @prefix || '%' AND (@sweep IS NULL OR s.name = @sweep)
    ORDER BY t.id LIMIT 20`,
  foldResultsOf: `
    SELECT fold, repeat, accuracy, loss, train_loss, epochs_run, diverged, seconds, backend, engine, seed, created_at
    FROM fold_results WHERE trial_id = ? ORDER BY repeat, fold`,
  exportRows: `
    SELECT s.name AS sweep, t.trial_key, t.label, t.placement, t.dropout, t.max_norm, t.lr, t.momentum, t.epochs,
           t.batch_size, t.hidden, r.fold, r.repeat, r.accuracy, r.loss, r.train_loss, r.epochs_run, r.diverged,
           r.seconds, r.backend, r.engine, r.seed
    FROM fold_results r JOIN trials t ON t.id = r.trial_id JOIN sweeps s ON s.id = t.sweep_id
    WHERE s.id = ? ORDER BY t.id, r.repeat, r.fold`,
  sweepBackends: `SELECT DISTINCT f.engine, f.backend FROM fold_results f JOIN trials t ON t.id = f.trial_id WHERE t.sweep_id = ? ORDER BY f.engine, f.backend`,
  bestMean: `SELECT max(mean_accuracy) AS best FROM trial_summary WHERE sweep = ? AND folds_done = folds_planned AND diverged = 0`,
  // What `copy` reads and writes: whole sweeps, matched by name, trial key and (fold, repeat), never by id.
  dumpTrials: `
    SELECT trial_key, label, config, placement, dropout, max_norm, lr, momentum, epochs, batch_size, hidden, state, attempts,
           lease_owner, lease_token, heartbeat_at, started_at, finished_at, error, pruned_by, pruned_p, pruned_after
    FROM trials WHERE sweep_id = ? ORDER BY id`,
  dumpFolds: `
    SELECT t.trial_key, r.fold, r.repeat, r.accuracy, r.loss, r.train_loss, r.epochs_run, r.diverged, r.seconds, r.backend, r.engine, r.seed, r.created_at
    FROM fold_results r JOIN trials t ON t.id = r.trial_id WHERE t.sweep_id = ? ORDER BY t.id, r.repeat, r.fold`,
  dumpRuns: `SELECT owner, backend, engine, workers, started_at, ended_at, fits_done, fits_fenced, outcome FROM runs WHERE sweep_id = ? ORDER BY id`,
  copyTrial: `
    INSERT INTO trials (sweep_id, trial_key, label, config, placement, dropout, max_norm, lr, momentum, epochs, batch_size, hidden, state, attempts,
                        lease_owner, lease_token, heartbeat_at, started_at, finished_at, error, pruned_by, pruned_p, pruned_after)
    VALUES (@sweep_id, @trial_key, @label, @config, @placement, @dropout, @max_norm, @lr, @momentum, @epochs, @batch_size, @hidden, @state, @attempts,
            @lease_owner, @lease_token, @heartbeat_at, @started_at, @finished_at, @error, @pruned_by, @pruned_p, @pruned_after)
    ON CONFLICT (sweep_id, trial_key) DO NOTHING`,
  /** A trial still pending in the target takes the source's finished state (its folds come with it). */
  adoptTrialState: `
    UPDATE trials SET state = @state, attempts = @attempts, started_at = @started_at, finished_at = @finished_at, error = @error,
                      pruned_by = @pruned_by, pruned_p = @pruned_p, pruned_after = @pruned_after
    WHERE sweep_id = @sweep_id AND trial_key = @trial_key AND state = 'pending'`,
  copyFold: `
    INSERT INTO fold_results (trial_id, fold, repeat, accuracy, loss, train_loss, epochs_run, diverged, seconds, backend, engine, seed, created_at)
    SELECT id, @fold, @repeat, @accuracy, @loss, @train_loss, @epochs_run, @diverged, @seconds, @backend, @engine, @seed, @created_at
    FROM trials WHERE sweep_id = @sweep_id AND trial_key = @trial_key
    ON CONFLICT (trial_id, fold, repeat) DO NOTHING`,
  hasRun: `SELECT 1 FROM runs WHERE sweep_id = @sweep_id AND owner = @owner AND started_at = @started_at`,
  copyRun: `
    INSERT INTO runs (sweep_id, owner, backend, engine, workers, started_at, ended_at, fits_done, fits_fenced, outcome)
    VALUES (@sweep_id, @owner, @backend, @engine, @workers, @started_at, @ended_at, @fits_done, @fits_fenced, @outcome)`,
};


