/**
 * Every SQLite statement of the store protocol (../core/), by the names the core runs them by.
 * Parameters are named; a list (@ids, @dead_owners) arrives as JSON text and is read with
 * json_each. Times are this process's clock (@now). The write lock is taken by the transaction
 * (BEGIN IMMEDIATE), so no statement here locks rows. PostgreSQL's twins: ../postgres/sql.ts.
 */
import type { DialectSql } from '../core/driver.js';

/** Internal statements of the SQLite driver (opening and migrating), outside the protocol. */
export const schemaSql = {
  schemaVersionTable: `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`,
  schemaVersion: `SELECT max(version) AS version FROM schema_version`,
  setSchemaVersion: `INSERT INTO schema_version (version) VALUES (@version)`,
  listTables: `SELECT name FROM sqlite_master WHERE type = 'table'`,
};

const IN_IDS = `(SELECT value FROM json_each(@ids))`;

export const sql = {
  sweepByName: `SELECT * FROM sweeps WHERE name = @name`,
  sweepNames: `SELECT name FROM sweeps ORDER BY id`,
  insertSweep: `
    INSERT INTO sweeps (name, spec, spec_hash, source_file, data, seed, folds, repeats, engine, created_at,
                        data_sha256, data_rows, data_columns, data_classes, race)
    VALUES (@name, @spec, @spec_hash, @source_file, @data, @seed, @folds, @repeats, @engine, @created_at,
            @data_sha256, @data_rows, @data_columns, @data_classes, @race)
    ON CONFLICT (name) DO NOTHING RETURNING id`,
  setDataIdentity: `
    UPDATE sweeps SET data_sha256 = @data_sha256, data_rows = @data_rows, data_columns = @data_columns, data_classes = @data_classes
    WHERE id = @id AND data_sha256 IS NULL`,
  updateSweepSpec: `UPDATE sweeps SET spec = @spec, spec_hash = @spec_hash, source_file = @source_file WHERE id = @id`,
  insertTrial: `
    INSERT INTO trials (sweep_id, trial_key, label, config, placement, dropout, max_norm, lr, momentum, epochs, batch_size, hidden)
    VALUES (@sweep_id, @trial_key, @label, @config, @placement, @dropout, @max_norm, @lr, @momentum, @epochs, @batch_size, @hidden)
    ON CONFLICT (sweep_id, trial_key) DO NOTHING`,
  retryFailed: `UPDATE trials SET state = 'pending', attempts = 0, error = NULL, finished_at = NULL WHERE sweep_id = @sweep_id AND state = 'failed'`,
  lockSweep: `SELECT id FROM sweeps WHERE id = @id`,
  leasesHeld: `
    SELECT lease_owner AS owner, count(*) AS trials, @now - max(heartbeat_at) AS age
    FROM trials WHERE sweep_id = @sweep_id AND state = 'running' GROUP BY lease_owner ORDER BY lease_owner`,
  sweepSize: `
    SELECT (SELECT count(*) FROM trials WHERE sweep_id = @id) AS trials,
           (SELECT count(*) FROM fold_results r JOIN trials t ON t.id = r.trial_id WHERE t.sweep_id = @id) AS folds,
           (SELECT count(*) FROM notes WHERE sweep_id = @id) AS notes`,
  deleteSweep: `DELETE FROM sweeps WHERE id = @id`,
  renameSweep: `UPDATE sweeps SET name = @name, spec = @spec, spec_hash = @spec_hash WHERE id = @id`,
  setRace: `UPDATE sweeps SET race = @race WHERE id = @id AND race IS NULL`,
  clearNote: `DELETE FROM notes WHERE sweep_id = @sweep_id AND trial_id IS @trial_id`,
  insertNote: `INSERT INTO notes (sweep_id, trial_id, text, created_at) VALUES (@sweep_id, @trial_id, @text, @now)`,
  notesOf: `
    SELECT t.trial_key, n.text, n.created_at FROM notes n LEFT JOIN trials t ON t.id = n.trial_id
    WHERE n.sweep_id = @sweep_id ORDER BY n.id`,

  /** Leases held by this sweep's running trials, for finding dead owners. */
  runningOwners: `SELECT DISTINCT lease_owner FROM trials WHERE sweep_id = @sweep_id AND state = 'running'`,
  otherLeases: `
    SELECT lease_owner AS owner, count(*) AS trials FROM trials
    WHERE sweep_id = @sweep_id AND state = 'running' AND lease_owner != @owner
    GROUP BY lease_owner ORDER BY lease_owner`,
  claim: `
    UPDATE trials SET state = 'running', lease_owner = @owner, lease_token = lease_token + 1, heartbeat_at = @now,
                      started_at = coalesce(started_at, @now)
    WHERE id IN (
      SELECT id FROM trials
      WHERE sweep_id = @sweep_id
        AND (state = 'pending'
             OR (state = 'running' AND (heartbeat_at < @now - @lease_seconds OR lease_owner IN (SELECT value FROM json_each(@dead_owners)))))
      ORDER BY id LIMIT @limit)
    RETURNING id, trial_key, label, config, attempts, lease_token`,
  doneFits: `SELECT trial_id, fold, repeat FROM fold_results WHERE trial_id IN ${IN_IDS}`,
  heartbeat: `UPDATE trials SET heartbeat_at = @now WHERE lease_owner = @owner AND state = 'running' RETURNING id, lease_token`,
  leasesOf: `SELECT id, lease_owner, lease_token, state FROM trials WHERE id IN ${IN_IDS}`,
  release: `UPDATE trials SET state = 'pending', lease_owner = NULL, heartbeat_at = NULL WHERE lease_owner = @owner AND state = 'running'`,
  releaseTrial: `
    UPDATE trials SET state = 'pending', lease_owner = NULL, heartbeat_at = NULL
    WHERE id = @id AND lease_owner = @owner AND lease_token = @token AND state = 'running'`,
  insertFoldResult: `
    INSERT INTO fold_results (trial_id, fold, repeat, accuracy, loss, train_loss, epochs_run, diverged, seconds, backend, engine, seed, created_at,
                              balanced_accuracy, macro_f1, log_loss, roc_auc)
    VALUES (@trial_id, @fold, @repeat, @accuracy, @loss, @train_loss, @epochs_run, @diverged, @seconds, @backend, @engine, @seed, @now,
            @balanced_accuracy, @macro_f1, @log_loss, @roc_auc)
    ON CONFLICT (trial_id, fold, repeat) DO NOTHING`,
  insertCurve: `
    INSERT INTO fold_curves (trial_id, fold, repeat, train_loss, checkpoints, held_out, held_out_metrics)
    VALUES (@trial_id, @fold, @repeat, @train_loss, @checkpoints, @held_out, @held_out_metrics)
    ON CONFLICT (trial_id, fold, repeat) DO NOTHING`,
  countFits: `SELECT trial_id, count(*) AS n FROM fold_results WHERE trial_id IN ${IN_IDS} GROUP BY trial_id`,
  finishTrials: `UPDATE trials SET state = 'done', finished_at = @now, lease_owner = NULL, heartbeat_at = NULL, error = NULL WHERE id IN ${IN_IDS}`,
  failAttempt: `
    UPDATE trials SET attempts = attempts + 1, error = @error
    WHERE id = @id AND state = 'running' AND lease_owner = @owner AND lease_token = @token RETURNING attempts`,
  failTrial: `UPDATE trials SET state = 'failed', finished_at = @now, lease_owner = NULL, heartbeat_at = NULL WHERE id = @id`,

  raceLock: null,
  /**
   * The folds of every complete trial of a sweep (done, every planned fold stored, none diverged):
   * racing's candidate references, one row per fold.
   */
  completeScores: `
    SELECT t.id AS trial_id, t.trial_key, r.fold, r.repeat, r.accuracy, r.balanced_accuracy, r.macro_f1, r.log_loss, r.roc_auc FROM trials t JOIN fold_results r ON r.trial_id = t.id
    WHERE t.sweep_id = @sweep_id AND t.state = 'done'
      AND t.id IN (SELECT c.trial_id FROM fold_results c JOIN trials ct ON ct.id = c.trial_id
                   WHERE ct.sweep_id = @sweep_id AND ct.state = 'done'
                   GROUP BY c.trial_id HAVING count(c.accuracy) >= @planned AND count(c.accuracy) = count(*))
    ORDER BY t.trial_key, r.repeat, r.fold`,
  /** Trials of @ids racing has tested already, with the number of tests (their rows in decisions). */
  racedTrials: `SELECT trial_id, count(*) AS n FROM decisions WHERE trial_id IN ${IN_IDS} GROUP BY trial_id`,
  scoresOf: `SELECT trial_id, fold, repeat, accuracy, balanced_accuracy, macro_f1, log_loss, roc_auc FROM fold_results WHERE trial_id IN ${IN_IDS}`,
  insertDecision: `
    INSERT INTO decisions (sweep_id, trial_id, folds_done, reference, shared, trial_mean, reference_mean, p, threshold, pruned, created_at)
    VALUES (@sweep_id, @trial_id, @folds_done, @reference, @shared, @trial_mean, @reference_mean, @p, @threshold, @pruned, @now)`,
  pruneTrial: `
    UPDATE trials SET state = 'pruned', pruned_by = @reference, pruned_p = @p, pruned_after = @folds_done, finished_at = @now,
                      lease_owner = NULL, heartbeat_at = NULL
    WHERE id = @id AND state = 'running'`,

  startRun: `
    INSERT INTO runs (sweep_id, owner, backend, engine, workers, started_at, fits_trained)
    VALUES (@sweep_id, @owner, @backend, @engine, @workers, @now, 0) RETURNING id`,
  countRunWork: `
    UPDATE runs SET ended_at = @now, fits_done = fits_done + @stored, fits_fenced = fits_fenced + @refused,
                    fits_trained = max(coalesce(fits_trained, 0), @trained)
    WHERE id = @id`,
  endRun: `UPDATE runs SET ended_at = @now, outcome = @outcome, fits_trained = max(coalesce(fits_trained, 0), @trained) WHERE id = @id`,
  unendedRuns: `SELECT s.name AS sweep, r.id, r.owner FROM runs r JOIN sweeps s ON s.id = r.sweep_id WHERE r.outcome IS NULL ORDER BY r.id`,

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
  fitTimings: `
    SELECT t.config AS config, s.data_rows AS rows, s.data_columns AS columns, s.folds AS folds,
           sum(r.seconds) AS seconds, count(*) AS fits
    FROM fold_results r JOIN trials t ON t.id = r.trial_id JOIN sweeps s ON s.id = t.sweep_id
    WHERE r.engine = @engine AND r.diverged = 0 AND s.data_rows IS NOT NULL
    GROUP BY t.id`,
  /**
   * One row per trial of a sweep with its fold results as a JSON array of
   * [fold, repeat, accuracy, diverged, seconds, balanced_accuracy, macro_f1, log_loss, roc_auc]; `{where}` is the user's filter on trial_summary.
   * (Aggregating in SQL is 2x faster than a join that repeats each trial's columns per fold.)
   */
  trialScores: (where: string | undefined) => `
    SELECT t.id, t.trial_key, t.label, t.state, t.error, t.placement, t.dropout, t.max_norm, t.lr, t.momentum,
           t.epochs, t.batch_size, t.hidden, t.pruned_by, t.pruned_p, t.pruned_after,
           (SELECT json_group_array(json_array(r.fold, r.repeat, r.accuracy, r.diverged, r.seconds, r.balanced_accuracy, r.macro_f1, r.log_loss, r.roc_auc))
            FROM fold_results r WHERE r.trial_id = t.id) AS folds
    FROM trials t
    WHERE t.sweep_id = @sweep_id
    ${where ? `AND t.id IN (SELECT trial_id FROM trial_summary WHERE sweep = @sweep_name AND (${where}))` : ''}`,
  trialsByPrefix: `
    SELECT t.*, s.name AS sweep, s.folds, s.repeats, s.seed AS sweep_seed, s.data AS data, s.data_sha256 AS data_sha256 FROM trials t JOIN sweeps s ON s.id = t.sweep_id
    WHERE t.trial_key LIKE @prefix || '%' AND (@sweep IS NULL OR s.name = @sweep)
    ORDER BY t.id LIMIT 20`,
  foldResultsOf: `
    SELECT fold, repeat, accuracy, loss, train_loss, epochs_run, diverged, seconds, backend, engine, seed, created_at, balanced_accuracy, macro_f1, log_loss, roc_auc
    FROM fold_results WHERE trial_id = @trial_id ORDER BY repeat, fold`,
  curvesOf: `
    SELECT fold, repeat, train_loss, checkpoints, held_out, held_out_metrics FROM fold_curves WHERE trial_id = @trial_id ORDER BY repeat, fold`,
  dumpCurves: `
    SELECT t.trial_key, c.fold, c.repeat, c.train_loss, c.checkpoints, c.held_out, c.held_out_metrics
    FROM fold_curves c JOIN trials t ON t.id = c.trial_id WHERE t.sweep_id = @sweep_id ORDER BY t.id, c.repeat, c.fold`,
  exportRows: `
    SELECT s.name AS sweep, t.trial_key, t.label, t.placement, t.dropout, t.max_norm, t.lr, t.momentum, t.epochs,
           t.batch_size, t.hidden, r.fold, r.repeat, r.accuracy, r.loss, r.train_loss, r.epochs_run, r.diverged,
           r.seconds, r.backend, r.engine, r.seed, r.balanced_accuracy, r.macro_f1, r.log_loss, r.roc_auc
    FROM fold_results r JOIN trials t ON t.id = r.trial_id JOIN sweeps s ON s.id = t.sweep_id
    WHERE s.id = @sweep_id ORDER BY t.id, r.repeat, r.fold`,
  sweepBackends: `SELECT DISTINCT f.engine, f.backend FROM fold_results f JOIN trials t ON t.id = f.trial_id WHERE t.sweep_id = @sweep_id ORDER BY f.engine, f.backend`,
  bestMean: (column: string, lowerIsBetter: boolean) =>
    `SELECT ${lowerIsBetter ? 'min' : 'max'}(${column}) AS best FROM trial_summary WHERE sweep = @sweep AND folds_done = folds_planned AND diverged = 0`,

  dumpTrials: `
    SELECT trial_key, label, config, placement, dropout, max_norm, lr, momentum, epochs, batch_size, hidden, state, attempts,
           lease_owner, lease_token, heartbeat_at, started_at, finished_at, error, pruned_by, pruned_p, pruned_after
    FROM trials WHERE sweep_id = @sweep_id ORDER BY id`,
  dumpFolds: `
    SELECT t.trial_key, r.fold, r.repeat, r.accuracy, r.loss, r.train_loss, r.epochs_run, r.diverged, r.seconds, r.backend, r.engine, r.seed, r.created_at,
           r.balanced_accuracy, r.macro_f1, r.log_loss, r.roc_auc
    FROM fold_results r JOIN trials t ON t.id = r.trial_id WHERE t.sweep_id = @sweep_id ORDER BY t.id, r.repeat, r.fold`,
  dumpRuns: `SELECT owner, backend, engine, workers, started_at, ended_at, fits_done, fits_fenced, fits_trained, outcome FROM runs WHERE sweep_id = @sweep_id ORDER BY id`,
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
    INSERT INTO fold_results (trial_id, fold, repeat, accuracy, loss, train_loss, epochs_run, diverged, seconds, backend, engine, seed, created_at,
                              balanced_accuracy, macro_f1, log_loss, roc_auc)
    SELECT id, @fold, @repeat, @accuracy, @loss, @train_loss, @epochs_run, @diverged, @seconds, @backend, @engine, @seed, @created_at,
           @balanced_accuracy, @macro_f1, @log_loss, @roc_auc
    FROM trials WHERE sweep_id = @sweep_id AND trial_key = @trial_key
    ON CONFLICT (trial_id, fold, repeat) DO NOTHING`,
  copyCurve: `
    INSERT INTO fold_curves (trial_id, fold, repeat, train_loss, checkpoints, held_out, held_out_metrics)
    SELECT id, @fold, @repeat, @train_loss, @checkpoints, @held_out, @held_out_metrics
    FROM trials WHERE sweep_id = @sweep_id AND trial_key = @trial_key
    ON CONFLICT (trial_id, fold, repeat) DO NOTHING`,
  hasRun: `SELECT 1 AS found FROM runs WHERE sweep_id = @sweep_id AND owner = @owner AND started_at = @started_at`,
  copyRun: `
    INSERT INTO runs (sweep_id, owner, backend, engine, workers, started_at, ended_at, fits_done, fits_fenced, fits_trained, outcome)
    VALUES (@sweep_id, @owner, @backend, @engine, @workers, @started_at, @ended_at, @fits_done, @fits_fenced, @fits_trained, @outcome)`,
  copyNote: `
    INSERT INTO notes (sweep_id, trial_id, text, created_at)
    VALUES (@sweep_id, (SELECT id FROM trials WHERE sweep_id = @sweep_id AND trial_key = @trial_key), @text, @created_at)
    ON CONFLICT DO NOTHING`,
  clearOuterFit: `DELETE FROM outer_fits WHERE sweep_id = @sweep_id`,
  insertOuterFit: `
    INSERT INTO outer_fits (sweep_id, nested, outer_folds, outer_fold, metric, winner_key, inner_score, outer_score, test_rows, accuracy, balanced_accuracy, macro_f1, log_loss, roc_auc, diverged, epochs_run, seconds, engine, backend, seed, created_at)
    VALUES (@sweep_id, @nested, @outer_folds, @outer_fold, @metric, @winner_key, @inner_score, @outer_score, @test_rows, @accuracy, @balanced_accuracy, @macro_f1, @log_loss, @roc_auc, @diverged, @epochs_run, @seconds, @engine, @backend, @seed, @now)`,
  outerFitsOf: `
    SELECT s.name AS sweep, o.nested, o.outer_folds, o.outer_fold, o.metric, o.winner_key, o.inner_score, o.outer_score, o.test_rows,
           o.accuracy, o.balanced_accuracy, o.macro_f1, o.log_loss, o.roc_auc, o.diverged, o.epochs_run, o.seconds,
           o.engine, o.backend, o.seed, o.created_at
    FROM outer_fits o JOIN sweeps s ON s.id = o.sweep_id WHERE o.nested = @nested ORDER BY o.outer_folds, o.outer_fold`,
} satisfies DialectSql;
