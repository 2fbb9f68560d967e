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

  sweepCounts: string;
  fitTimings: string;
  trialScores(where: string | undefined): string;
  trialsByPrefix: string;
  foldResultsOf: string;
  exportRows: string;
  sweepBackends: string;
  bestMean: string;

  dumpTrials: string;
  dumpFolds: string;
  dumpRuns: string;
  /** One trial per row (insertMany); shared: sweep_id. */
  copyTrial: string;
  adoptTrialState: string;
  /** One fold result per row (insertMany), matched to its trial by key; shared: sweep_id. */
  copyFold: string;
  hasRun: string;
  copyRun: string;
}

/** The schema version both dialects' migrations reach (each dialect has MIGRATIONS 1..SCHEMA_VERSION). */
export const SCHEMA_VERSION = 4;

/** This process's clock in Unix seconds (statements that run on the server's clock ignore it). */
export const clock = () => Date.now() / 1000;
