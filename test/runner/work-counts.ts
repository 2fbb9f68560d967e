import assert from 'node:assert/strict';
import { pgQuery } from '../store/pg-fixture.js';
import { query } from './runner-fixture.js';

/**
 * The work counts of runs, checked from outside. A run's row holds three counts made in three
 * places: fits_trained (the runner's count of worker results, as they arrived), fits_done (rows its
 * commits inserted) and fits_fenced (fits the store's fence refused). A fold computed twice that
 * the unique key quietly drops shows as trained > stored + fenced + lost.
 */
export interface RunRow {
  fits_trained: number;
  fits_done: number;
  fits_fenced: number;
  outcome: string | null;
}

export async function runRows(db: string): Promise<RunRow[]> {
  const text = 'SELECT fits_trained, fits_done, fits_fenced, outcome FROM runs ORDER BY id';
  return /^postgres(ql)?:/.test(db) ? pgQuery<RunRow>(db, text) : query<RunRow>(db, text);
}

/** What a run printed about its own work on stderr (its last lines). */
export interface PrintedWork {
  /** "this runner: T trial(s), N fold fits": N, the fits it trained. */
  trained: number;
  leasesLost: number;
  /** "F fold fits refused", printed with lost leases. */
  refused: number;
  /** Finished fits it could not store ("N finished fold fits could not be stored", "N fold fits in flight were lost"). */
  lost: number;
}

export function printedWork(stderr: string): PrintedWork {
  const share = /this runner: \d+ trial\(s\), (\d+) fold fits in /.exec(stderr);
  assert.ok(share, `the run printed its share of the work: ${stderr.trim().split('\n').slice(-2).join(' | ')}`);
  const lease = /lost (\d+) lease\(s\) to other runners, (\d+) fold fits refused/.exec(stderr);
  const lost = /(\d+) finished fold fits could not be stored|(\d+) fold fits in flight were lost/.exec(stderr);
  return { trained: Number(share[1]), leasesLost: Number(lease?.[1] ?? 0), refused: Number(lease?.[2] ?? 0), lost: Number(lost?.[1] ?? lost?.[2] ?? 0) };
}

/**
 * One run as the test saw it end: the stderr of a run that ended on its own (and, when it could not
 * learn of a takeover at once, the fits it may train per lost lease), or how much a killed one may
 * have lost.
 */
export type RunEnd = { stderr: string; fencedPerLostLease?: number } | { killedWithAtMost: number };

/**
 * Every run's work adds up, and nothing was trained twice beyond what losing a lease costs:
 * - a run that ended on its own printed what it trained, which is its row's fits_trained, and
 *   trained = stored + fenced + lost (lost: what it said it could not store);
 * - a killed run trained at most `killedWithAtMost` fits it never got to store (in memory when it
 *   died); those, and only those, are trained again by the next run;
 * - a run fenced at most one pack of fits per lease it lost (none without a lost lease);
 * - across runs, every planned fit is stored exactly once.
 */
export async function assertWorkAddsUp(db: string, o: { fits: number; packSize: number; runs: RunEnd[] }): Promise<RunRow[]> {
  const rows = await runRows(db);
  const shown = JSON.stringify(rows);
  assert.equal(rows.length, o.runs.length, `one row per run: ${shown}`);
  rows.forEach((row, i) => {
    const end = o.runs[i];
    const unaccounted = row.fits_trained - row.fits_done - row.fits_fenced;
    if ('stderr' in end) {
      const printed = printedWork(end.stderr);
      assert.equal(row.fits_trained, printed.trained, `run ${i + 1} printed the fits it trained: ${shown}`);
      assert.equal(unaccounted, printed.lost, `run ${i + 1}: trained = stored + fenced + lost (${printed.lost} lost): ${shown}`);
      if (printed.leasesLost > 0) assert.equal(row.fits_fenced, printed.refused, `run ${i + 1} printed the fits refused: ${shown}`);
      const perLease = end.fencedPerLostLease ?? o.packSize;
      assert.ok(row.fits_fenced <= perLease * printed.leasesLost, `run ${i + 1}: at most ${perLease} fenced fits per lost lease (${printed.leasesLost} lost): ${shown}`);
    } else {
      assert.ok(unaccounted >= 0 && unaccounted <= end.killedWithAtMost, `killed run ${i + 1}: 0 to ${end.killedWithAtMost} fits trained but not stored: ${shown}`);
      assert.equal(row.fits_fenced, 0, `killed run ${i + 1} lost no lease: ${shown}`);
    }
  });
  assert.equal(
    rows.reduce((n, r) => n + r.fits_done, 0),
    o.fits,
    `every planned fit stored exactly once across runs: ${shown}`,
  );
  return rows;
}

/** Ends of runs started together, in the order of their rows: each row's owner (host:pid:...) names its process. */
export async function endsInRowOrder(db: string, runs: { child: { pid?: number } }[], ends: { stderr: string }[]): Promise<RunEnd[]> {
  const text = 'SELECT owner FROM runs ORDER BY id';
  const owners = /^postgres(ql)?:/.test(db) ? await pgQuery<{ owner: string }>(db, text) : query<{ owner: string }>(db, text);
  return owners.map(({ owner }) => {
    const i = runs.findIndex((r) => String(r.child.pid) === owner.split(':')[1]);
    assert.ok(i >= 0, `run ${owner} is one of the processes started`);
    return ends[i];
  });
}
