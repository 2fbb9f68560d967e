/**
 * Every PostgreSQL statement of the store protocol (../core/): the twins of ../sqlite/sql.ts, by
 * the same names, with the same named parameters (compiled to $1... by the driver) and result
 * columns. Differences, and why: times are `extract(epoch from now())` on the server (@now is
 * ignored), so leases do not depend on the runners' clocks agreeing; claims lock rows with
 * FOR UPDATE SKIP LOCKED and a pack locks its trials FOR UPDATE, instead of a database-wide write
 * lock; lists are arrays (= ANY); a batch of rows travels as one array per column (unnest), one
 * round trip instead of one per row.
 */
import type { DialectSql } from '../core/driver.js';
import { checkUserSql } from './user-sql.js';

/** The server's clock, in Unix seconds (REAL in SQLite). */
const NOW = `extract(epoch from now())::float8`;

/** Internal statements of the PostgreSQL driver (opening and migrating), outside the protocol. */
export const schemaSql = {
  /** Serializes migrations of one schema across runners that open a new database at once. */
  migrationLock: `SELECT pg_advisory_xact_lock(hashtext('dropsweep migrate ' || @schema))`,
  createSchema: (schema: string) => `CREATE SCHEMA IF NOT EXISTS "${schema}"`,
  schemaVersionTable: `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`,
  schemaVersion: `SELECT max(version) AS version FROM schema_version`,
  setSchemaVersion: `INSERT INTO schema_version (version) VALUES (@version)`,
  listTables: `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = @schema`,
};

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
    SELECT @sweep_id::int, u.* FROM unnest(@trial_key::text[], @label::text[], @config::text[], @placement::text[], @dropout::float8[],
                                           @max_norm::float8[], @lr::float8[], @momentum::float8[], @epochs::int[], @batch_size::int[],
                                           @hidden::text[]) AS u
    ON CONFLICT (sweep_id, trial_key) DO NOTHING`,
  retryFailed: `UPDATE trials SET state = 'pending', attempts = 0, error = NULL, finished_at = NULL WHERE sweep_id = @sweep_id AND state = 'failed'`,
  lockSweep: `SELECT id FROM sweeps WHERE id = @id FOR UPDATE`,
  leasesHeld: `
    SELECT lease_owner AS owner, count(*)::int AS trials, ${NOW} - max(heartbeat_at) AS age
    FROM trials WHERE sweep_id = @sweep_id AND state = 'running' GROUP BY lease_owner ORDER BY lease_owner`,
  sweepSize: `
    SELECT (SELECT count(*)::int FROM trials WHERE sweep_id = @id) AS trials,
           (SELECT count(*)::int FROM fold_results r JOIN trials t ON t.id = r.trial_id WHERE t.sweep_id = @id) AS folds,
           (SELECT count(*)::int FROM notes WHERE sweep_id = @id) AS notes`,
  deleteSweep: `DELETE FROM sweeps WHERE id = @id`,
  renameSweep: `UPDATE sweeps SET name = @name, spec = @spec, spec_hash = @spec_hash WHERE id = @id`,
  setRace: `UPDATE sweeps SET race = @race WHERE id = @id AND race IS NULL`,
  clearNote: `DELETE FROM notes WHERE sweep_id = @sweep_id AND trial_id IS NOT DISTINCT FROM @trial_id::int`,
  insertNote: `INSERT INTO notes (sweep_id, trial_id, text, created_at) VALUES (@sweep_id, @trial_id, @text, ${NOW})`,
  notesOf: `
    SELECT t.trial_key, n.text, n.created_at FROM notes n LEFT JOIN trials t ON t.id = n.trial_id
    WHERE n.sweep_id = @sweep_id ORDER BY n.id`,

  runningOwners: `SELECT DISTINCT lease_owner FROM trials WHERE sweep_id = @sweep_id AND state = 'running'`,
  otherLeases: `
    SELECT lease_owner AS owner, count(*)::int AS trials FROM trials
    WHERE sweep_id = @sweep_id AND state = 'running' AND lease_owner != @owner
    GROUP BY lease_owner ORDER BY lease_owner`,
  // SKIP LOCKED: rows another runner is claiming (or storing for) right now are passed over rather
  // than waited for, so claims never block each other.
  claim: `
    WITH picked AS (
      SELECT id FROM trials
      WHERE sweep_id = @sweep_id
        AND (state = 'pending'
             OR (state = 'running' AND (heartbeat_at < ${NOW} - @lease_seconds OR lease_owner = ANY(@dead_owners::text[]))))
      ORDER BY id LIMIT @limit
      FOR UPDATE SKIP LOCKED)
    UPDATE trials t SET state = 'running', lease_owner = @owner, lease_token = t.lease_token + 1, heartbeat_at = ${NOW},
                        started_at = coalesce(t.started_at, ${NOW})
    FROM picked WHERE t.id = picked.id
    RETURNING t.id, t.trial_key, t.label, t.config, t.attempts, t.lease_token`,
  doneFits: `SELECT trial_id, fold, repeat FROM fold_results WHERE trial_id = ANY(@ids::int[])`,
  heartbeat: `UPDATE trials SET heartbeat_at = ${NOW} WHERE lease_owner = @owner AND state = 'running' RETURNING id, lease_token`,
  /** Locks the pack's trials until commit: no claim can take one over between the lease check and the insert. */
  leasesOf: `SELECT id, lease_owner, lease_token, state FROM trials WHERE id = ANY(@ids::int[]) ORDER BY id FOR UPDATE`,
  release: `UPDATE trials SET state = 'pending', lease_owner = NULL, heartbeat_at = NULL WHERE lease_owner = @owner AND state = 'running'`,
  releaseTrial: `
    UPDATE trials SET state = 'pending', lease_owner = NULL, heartbeat_at = NULL
    WHERE id = @id AND lease_owner = @owner AND lease_token = @token AND state = 'running'`,
  insertFoldResult: `
    INSERT INTO fold_results (trial_id, fold, repeat, accuracy, loss, train_loss, epochs_run, diverged, seconds, seed,
                              balanced_accuracy, macro_f1, log_loss, roc_auc, backend, engine, created_at)
    SELECT u.*, @backend, @engine, ${NOW}
    FROM unnest(@trial_id::int[], @fold::int[], @repeat::int[], @accuracy::float8[], @loss::float8[], @train_loss::float8[],
                @epochs_run::int[], @diverged::int[], @seconds::float8[], @seed::text[],
                @balanced_accuracy::float8[], @macro_f1::float8[], @log_loss::float8[], @roc_auc::float8[]) AS u
    ON CONFLICT (trial_id, fold, repeat) DO NOTHING`,
  insertCurve: `
    INSERT INTO fold_curves (trial_id, fold, repeat, train_loss, checkpoints, held_out, held_out_metrics)
    SELECT * FROM unnest(@trial_id::int[], @fold::int[], @repeat::int[], @train_loss::bytea[], @checkpoints::bytea[], @held_out::bytea[],
                         @held_out_metrics::text[])
    ON CONFLICT (trial_id, fold, repeat) DO NOTHING`,
  countFits: `SELECT trial_id, count(*)::int AS n FROM fold_results WHERE trial_id = ANY(@ids::int[]) GROUP BY trial_id`,
  finishTrials: `UPDATE trials SET state = 'done', finished_at = ${NOW}, lease_owner = NULL, heartbeat_at = NULL, error = NULL WHERE id = ANY(@ids::int[])`,
  failAttempt: `
    UPDATE trials SET attempts = attempts + 1, error = @error
    WHERE id = @id AND state = 'running' AND lease_owner = @owner AND lease_token = @token RETURNING attempts`,
  failTrial: `UPDATE trials SET state = 'failed', finished_at = ${NOW}, lease_owner = NULL, heartbeat_at = NULL WHERE id = @id`,

  /**
   * Racing decisions of one sweep are serialized across runners (held to commit), so the order of
   * the decisions' ids is the order in which the evidence arrived.
   */
  raceLock: `SELECT pg_advisory_xact_lock(hashtext('dropsweep race ' || @sweep_id::text))`,
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
  racedTrials: `SELECT trial_id, count(*)::int AS n FROM decisions WHERE trial_id = ANY(@ids::int[]) GROUP BY trial_id`,
  scoresOf: `SELECT trial_id, fold, repeat, accuracy, balanced_accuracy, macro_f1, log_loss, roc_auc FROM fold_results WHERE trial_id = ANY(@ids::int[])`,
  insertDecision: `
    INSERT INTO decisions (sweep_id, trial_id, folds_done, reference, shared, trial_mean, reference_mean, p, threshold, pruned, created_at)
    VALUES (@sweep_id, @trial_id, @folds_done, @reference, @shared, @trial_mean, @reference_mean, @p, @threshold, @pruned, ${NOW})`,
  pruneTrial: `
    UPDATE trials SET state = 'pruned', pruned_by = @reference, pruned_p = @p, pruned_after = @folds_done, finished_at = ${NOW},
                      lease_owner = NULL, heartbeat_at = NULL
    WHERE id = @id AND state = 'running'`,

  startRun: `
    INSERT INTO runs (sweep_id, owner, backend, engine, workers, started_at, fits_trained)
    VALUES (@sweep_id, @owner, @backend, @engine, @workers, ${NOW}, 0) RETURNING id`,
  countRunWork: `
    UPDATE runs SET ended_at = ${NOW}, fits_done = fits_done + @stored, fits_fenced = fits_fenced + @refused,
                    fits_trained = greatest(coalesce(fits_trained, 0), @trained)
    WHERE id = @id`,
  endRun: `UPDATE runs SET ended_at = ${NOW}, outcome = @outcome, fits_trained = greatest(coalesce(fits_trained, 0), @trained) WHERE id = @id`,
  unendedRuns: `SELECT s.name AS sweep, r.id, r.owner FROM runs r JOIN sweeps s ON s.id = r.sweep_id WHERE r.outcome IS NULL ORDER BY r.id`,

  sweepCounts: `
    SELECT s.id, s.name, s.folds, s.repeats, s.engine, s.created_at, s.data, s.data_sha256,
           count(t.id)::int AS trials,
           count(*) FILTER (WHERE t.state = 'done')::int AS done,
           count(*) FILTER (WHERE t.state = 'running')::int AS running,
           count(*) FILTER (WHERE t.state = 'pending')::int AS pending,
           count(*) FILTER (WHERE t.state = 'failed')::int AS failed,
           count(*) FILTER (WHERE t.state = 'pruned')::int AS pruned,
           (SELECT coalesce(sum(s.folds * s.repeats - (SELECT count(*) FROM fold_results r3 WHERE r3.trial_id = t3.id)), 0)
            FROM trials t3 WHERE t3.sweep_id = s.id AND t3.state = 'pruned')::int AS fits_saved,
           (SELECT count(*) FROM fold_results r JOIN trials t2 ON t2.id = r.trial_id WHERE t2.sweep_id = s.id)::int AS fits_done,
           (SELECT coalesce(sum(fits_done), 0) FROM runs WHERE sweep_id = s.id)::int AS run_fits,
           (SELECT coalesce(sum(coalesce(ended_at, started_at) - started_at), 0) FROM runs WHERE sweep_id = s.id)::float8 AS run_seconds
    FROM sweeps s LEFT JOIN trials t ON t.sweep_id = s.id
    GROUP BY s.id ORDER BY s.id`,
  fitTimings: `
    SELECT t.config AS config, s.data_rows AS rows, s.data_columns AS columns, s.folds AS folds,
           sum(r.seconds) AS seconds, count(*)::int AS fits
    FROM fold_results r JOIN trials t ON t.id = r.trial_id JOIN sweeps s ON s.id = t.sweep_id
    WHERE r.engine = @engine AND r.diverged = 0 AND s.data_rows IS NOT NULL
    GROUP BY t.id, s.id`,
  /** As in SQLite: one row per trial, its folds as a JSON array of [fold, repeat, accuracy, diverged, seconds]. */
  trialScores: (where: string | undefined) => {
    if (where) checkUserSql(where, 'option --where');
    return `
    SELECT t.id, t.trial_key, t.label, t.state, t.error, t.placement, t.dropout, t.max_norm, t.lr, t.momentum,
           t.epochs, t.batch_size, t.hidden, t.pruned_by, t.pruned_p, t.pruned_after,
           (SELECT coalesce(json_agg(json_build_array(r.fold, r.repeat, r.accuracy, r.diverged, r.seconds, r.balanced_accuracy, r.macro_f1, r.log_loss, r.roc_auc)), '[]'::json)
            FROM fold_results r WHERE r.trial_id = t.id) AS folds
    FROM trials t
    WHERE t.sweep_id = @sweep_id
    ${where ? `AND t.id IN (SELECT trial_id FROM trial_summary WHERE sweep = @sweep_name AND (${where}))` : ''}
    ORDER BY t.id`;
  },
  trialsByPrefix: `
    SELECT t.*, s.name AS sweep, s.folds, s.repeats, s.seed AS sweep_seed, s.data AS data, s.data_sha256 AS data_sha256 FROM trials t JOIN sweeps s ON s.id = t.sweep_id
    WHERE t.trial_key LIKE @prefix || '%' AND (@sweep::text IS NULL OR s.name = @sweep)
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
    SELECT @sweep_id::int, u.* FROM unnest(@trial_key::text[], @label::text[], @config::text[], @placement::text[], @dropout::float8[],
                                           @max_norm::float8[], @lr::float8[], @momentum::float8[], @epochs::int[], @batch_size::int[],
                                           @hidden::text[], @state::text[], @attempts::int[], @lease_owner::text[], @lease_token::int[],
                                           @heartbeat_at::float8[], @started_at::float8[], @finished_at::float8[], @error::text[],
                                           @pruned_by::text[], @pruned_p::float8[], @pruned_after::int[]) AS u
    ON CONFLICT (sweep_id, trial_key) DO NOTHING`,
  adoptTrialState: `
    UPDATE trials SET state = @state, attempts = @attempts, started_at = @started_at, finished_at = @finished_at, error = @error,
                      pruned_by = @pruned_by, pruned_p = @pruned_p, pruned_after = @pruned_after
    WHERE sweep_id = @sweep_id AND trial_key = @trial_key AND state = 'pending'`,
  copyFold: `
    INSERT INTO fold_results (trial_id, fold, repeat, accuracy, loss, train_loss, epochs_run, diverged, seconds, backend, engine, seed, created_at,
                              balanced_accuracy, macro_f1, log_loss, roc_auc)
    SELECT t.id, u.fold, u.repeat, u.accuracy, u.loss, u.train_loss, u.epochs_run, u.diverged, u.seconds, u.backend, u.engine, u.seed, u.created_at,
           u.balanced_accuracy, u.macro_f1, u.log_loss, u.roc_auc
    FROM unnest(@trial_key::text[], @fold::int[], @repeat::int[], @accuracy::float8[], @loss::float8[], @train_loss::float8[], @epochs_run::int[],
                @diverged::int[], @seconds::float8[], @backend::text[], @engine::text[], @seed::text[], @created_at::float8[],
                @balanced_accuracy::float8[], @macro_f1::float8[], @log_loss::float8[], @roc_auc::float8[])
         AS u(trial_key, fold, repeat, accuracy, loss, train_loss, epochs_run, diverged, seconds, backend, engine, seed, created_at,
              balanced_accuracy, macro_f1, log_loss, roc_auc)
    JOIN trials t ON t.sweep_id = @sweep_id AND t.trial_key = u.trial_key
    ON CONFLICT (trial_id, fold, repeat) DO NOTHING`,
  copyCurve: `
    INSERT INTO fold_curves (trial_id, fold, repeat, train_loss, checkpoints, held_out, held_out_metrics)
    SELECT t.id, u.fold, u.repeat, u.train_loss, u.checkpoints, u.held_out, u.held_out_metrics
    FROM unnest(@trial_key::text[], @fold::int[], @repeat::int[], @train_loss::bytea[], @checkpoints::bytea[], @held_out::bytea[],
                @held_out_metrics::text[]) AS u(trial_key, fold, repeat, train_loss, checkpoints, held_out, held_out_metrics)
    JOIN trials t ON t.sweep_id = @sweep_id AND t.trial_key = u.trial_key
    ON CONFLICT (trial_id, fold, repeat) DO NOTHING`,
  hasRun: `SELECT 1 AS found FROM runs WHERE sweep_id = @sweep_id AND owner = @owner AND started_at = @started_at`,
  copyRun: `
    INSERT INTO runs (sweep_id, owner, backend, engine, workers, started_at, ended_at, fits_done, fits_fenced, fits_trained, outcome)
    VALUES (@sweep_id, @owner, @backend, @engine, @workers, @started_at, @ended_at, @fits_done, @fits_fenced, @fits_trained, @outcome)`,
  copyNote: `
    INSERT INTO notes (sweep_id, trial_id, text, created_at)
    VALUES (@sweep_id, (SELECT id FROM trials WHERE sweep_id = @sweep_id AND trial_key = @trial_key::text), @text, @created_at)
    ON CONFLICT DO NOTHING`,
  clearOuterFit: `DELETE FROM outer_fits WHERE sweep_id = @sweep_id`,
  insertOuterFit: `
    INSERT INTO outer_fits (sweep_id, nested, outer_folds, outer_fold, metric, winner_key, inner_score, outer_score, test_rows, accuracy, balanced_accuracy, macro_f1, log_loss, roc_auc, diverged, epochs_run, seconds, engine, backend, seed, created_at)
    VALUES (@sweep_id, @nested, @outer_folds, @outer_fold, @metric, @winner_key, @inner_score, @outer_score, @test_rows, @accuracy, @balanced_accuracy, @macro_f1, @log_loss, @roc_auc, @diverged, @epochs_run, @seconds, @engine, @backend, @seed, ${NOW})`,
  outerFitsOf: `
    SELECT s.name AS sweep, o.nested, o.outer_folds, o.outer_fold, o.metric, o.winner_key, o.inner_score, o.outer_score, o.test_rows,
           o.accuracy, o.balanced_accuracy, o.macro_f1, o.log_loss, o.roc_auc, o.diverged, o.epochs_run, o.seconds,
           o.engine, o.backend, o.seed, o.created_at
    FROM outer_fits o JOIN sweeps s ON s.id = o.sweep_id WHERE o.nested = @nested ORDER BY o.outer_folds, o.outer_fold`,
} satisfies DialectSql;
