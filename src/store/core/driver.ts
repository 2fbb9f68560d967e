/**
 * The seam between the store protocol (written once, in this folder) and a database dialect
 * (../sqlite/, ../postgres/). A dialect gives a driver and its SQL; the protocol never looks at
 * the dialect's name. What differs between the two, and where it lives:
 *
 * - Parameters are named (`@name`) in both dialects' SQL; the core passes objects. SQLite binds
 *   them natively; the PostgreSQL driver compiles them to `$1...`. An array parameter is a list of
 *   ids or owners: JSON text for SQLite (`json_each`), an array for PostgreSQL (`= ANY`).
 * - The clock: every call passes `now` (Unix seconds of this process). SQLite's statements use it;
 *   PostgreSQL's use the server's `now()` instead, so leases do not depend on runners' clocks.
 * - Locking: `transaction` takes what the dialect needs for a write transaction (SQLite: the
 *   database's write lock up front, BEGIN IMMEDIATE; PostgreSQL: row locks taken by the statements,
 *   `FOR UPDATE` on a pack's trials, `FOR UPDATE SKIP LOCKED` when claiming, so claims never wait
 *   for each other). Racing's decisions are serialized by `raceLock` where the transaction alone
 *   does not (PostgreSQL: an advisory lock; SQLite: none, the write lock already does).
 * - Batch inserts: `insertMany` runs one statement per row (SQLite: in-process, prepared) or one
 *   statement for many rows (PostgreSQL: each column as an array, `unnest`; one round trip).
 */

/** Named parameters of one statement, by name: numbers, text, null, or arrays (lists of ids or owners). */
export type Params = object;

/** What a statement can be run with, inside a transaction or not. */
export interface Queryable {
  /** The rows a statement returns. */
  all<T extends object>(sql: string, params?: Params): Promise<T[]>;
  /** Runs a statement; the number of rows it inserted, changed or deleted. */
  run(sql: string, params?: Params): Promise<number>;
  /**
   * Runs an INSERT for many rows, one per item, its columns given by `columns` (numbers, text and
   * NULL only, the same names for every item; each row is made as it is sent, so a plan of 100,000
   * trials never holds 100,000 row objects); `shared` holds the parameters every row has in common.
   * Returns the rows inserted (a row skipped by ON CONFLICT DO NOTHING is not counted).
   */
  insertMany<T>(sql: string, items: readonly T[], columns: (item: T) => Params, shared?: Params): Promise<number>;
}

export interface Driver extends Queryable {
  readonly dialect: 'sqlite' | 'postgres';
  /** For messages: the file path, or the URL without its password. */
  readonly location: string;
  readonly sql: DialectSql;
  /** Runs `body` in one write transaction: committed if it returns, rolled back if it throws. */
  transaction<T>(body: (tx: Queryable) => Promise<T>): Promise<T>;
  /** The user's SQL, read-only, rows as objects keyed by column (a repeated name gets `_2`, ...). */
  readOnlyQuery(text: string): Promise<{ columns: string[]; rows: Record<string, unknown>[] }>;
  /** True when `err` is the statement's own fault (bad SQL in --where), not the store's. */
  isStatementError(err: unknown): boolean;
  close(): Promise<void>;
}

/**
 * Every statement the protocol runs, by name: each dialect's sql.ts gives them all (checked by the
 * compiler), with the same named parameters and the same result columns.
 */
export interface DialectSql {
  sweepByName: string;
  sweepNames: string;
  /** Returns `id` when the sweep was inserted, nothing when a sweep of that name exists. */
  insertSweep: string;
  setDataIdentity: string;
  updateSweepSpec: string;
  /** One planned trial per row (insertMany); shared: sweep_id. */
  insertTrial: string;
  retryFailed: string;
  /** Locks a sweep's row until commit where the dialect needs it (PostgreSQL), so a delete or rename and a run's writes do not cross. */
  lockSweep: string;
  /** A sweep's running trials by owner, with the age in seconds of the owner's latest heartbeat on the store's clock. */
  leasesHeld: string;
  /** How much a sweep holds: trials, fold results, notes. */
  sweepSize: string;
  /** Deletes a sweep; its trials, fold results, runs, decisions and notes go with it (ON DELETE CASCADE). */
  deleteSweep: string;
  renameSweep: string;
  /** Records the race settings of a sweep the first time it races. */
  setRace: string;
  /** Removes the note on a trial (@trial_id) or on the sweep (@trial_id NULL). */
  clearNote: string;
  insertNote: string;
  /** A sweep's notes with their trial keys (NULL for the sweep's own), oldest first. */
  notesOf: string;

  runningOwners: string;
  otherLeases: string;
  /** Leases up to @limit claimable trials; returns id, trial_key, label, config, attempts, lease_token. */
  claim: string;
  doneFits: string;
  heartbeat: string;
  /** The lease of each of @ids (locking the rows where the dialect needs it until commit). */
  leasesOf: string;
  release: string;
  releaseTrial: string;
  /** One fold result per row (insertMany); shared: backend, engine, now. */
  insertFoldResult: string;
  /** One learning curve per row (insertMany, fold_curves); a curve already stored is kept. */
  insertCurve: string;
  countFits: string;
  finishTrials: string;
  failAttempt: string;
  failTrial: string;

  /** Serializes racing decisions of one sweep across runners, or null when `transaction` already does. */
  raceLock: string | null;
  completeScores: string;
  racedTrials: string;
  scoresOf: string;
  insertDecision: string;
  pruneTrial: string;

  startRun: string;
  /** Adds a pack's stored and refused fits to a run and sets its trained count (never lowering it). */
  countRunWork: string;
  endRun: string;
  /** Runs with no outcome (still running, or killed): sweep (name), id, owner. */
  unendedRuns: string;

  sweepCounts: string;
  fitTimings: string;
  trialScores(where: string | undefined): string;
  trialsByPrefix: string;
  foldResultsOf: string;
  /** The stored learning curves of @trial_id, by repeat and fold. */
  curvesOf: string;
  /** Every stored learning curve of a sweep, with its trial's key (export, copy). */
  dumpCurves: string;
  exportRows: string;
  sweepBackends: string;
  /** The best mean of a metric column of trial_summary (`mean_accuracy`, `mean_log_loss`, ...): max, or min when lower is better. */
  bestMean: (column: string, lowerIsBetter: boolean) => string;

  dumpTrials: string;
  dumpFolds: string;
  dumpRuns: string;
  /** One trial per row (insertMany); shared: sweep_id. */
  copyTrial: string;
  adoptTrialState: string;
  /** One fold result per row (insertMany), matched to its trial by key; shared: sweep_id. */
  copyFold: string;
  /** One learning curve per row (insertMany), matched to its trial by key; shared: sweep_id. */
  copyCurve: string;
  hasRun: string;
  copyRun: string;
  /** A note matched to its trial by key (@trial_key NULL: the sweep's own); one already there is kept. */
  copyNote: string;

  /** Removes an inner sweep's outer fit (nested cross-validation), before one is stored in its place. */
  clearOuterFit: string;
  insertOuterFit: string;
  /** The outer fits of nested cross-validation @nested, with their inner sweep's name, by outer folds and fold. */
  outerFitsOf: string;
}

/** The schema version both dialects' migrations reach (each dialect has MIGRATIONS 1..SCHEMA_VERSION). */
export const SCHEMA_VERSION = 7;

/** This process's clock in Unix seconds (statements that run on the server's clock ignore it). */
export const clock = () => Date.now() / 1000;
