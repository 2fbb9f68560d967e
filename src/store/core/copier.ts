/**
 * Whole sweeps between stores (`copy`), matched by sweep name, trial key and (fold, repeat), never
 * by id: copying twice adds nothing.
 */
import type { CopyCounts, RunCopy, SweepDump, SweepRow, TrialCopy } from '../types.js';
import type { Driver } from './driver.js';

const FINISHED = new Set(['done', 'failed', 'pruned']);
/** A dumped row is already its columns. */
const asRow = <T extends object>(row: T) => row;

export class Copier {
  constructor(private readonly db: Driver) {}

  get location(): string {
    return this.db.location;
  }

  async sweepNames(): Promise<string[]> {
    return (await this.db.all<{ name: string }>(this.db.sql.sweepNames)).map((r) => r.name);
  }

  /** A whole sweep: its row, every trial, fold result, run and note (racing's decisions stay behind). */
  async dump(name: string): Promise<SweepDump | undefined> {
    const { sql } = this.db;
    const [row] = await this.db.all<SweepRow>(sql.sweepByName, { name });
    if (!row) return undefined;
    const { id, ...sweep } = row;
    return {
      sweep,
      trials: await this.db.all<TrialCopy>(sql.dumpTrials, { sweep_id: id }),
      folds: await this.db.all<SweepDump['folds'][number]>(sql.dumpFolds, { sweep_id: id }),
      curves: await this.db.all<NonNullable<SweepDump['curves']>[number]>(sql.dumpCurves, { sweep_id: id }),
      runs: await this.db.all<RunCopy>(sql.dumpRuns, { sweep_id: id }),
      notes: await this.db.all<NonNullable<SweepDump['notes']>[number]>(sql.notesOf, { sweep_id: id }),
    };
  }

  /**
   * Adds what is missing of a dump in one transaction (checked for conflicts by the caller). A
   * trial running in the source is pending here (its lease means nothing in this store); a trial
   * still pending here takes a finished trial's state from the source.
   */
  async load(dump: SweepDump): Promise<CopyCounts> {
    const { sql } = this.db;
    return this.db.transaction(async (tx) => {
      const counts: CopyCounts = { sweeps: 0, trials: 0, folds: 0, runs: 0 };
      const [made] = await tx.all<{ id: number }>(sql.insertSweep, dump.sweep);
      counts.sweeps = made ? 1 : 0;
      const sweepId = made?.id ?? (await tx.all<SweepRow>(sql.sweepByName, { name: dump.sweep.name }))[0].id;
      const trials = dump.trials.map((t) => (t.state === 'running' ? { ...t, state: 'pending', lease_owner: null, heartbeat_at: null } : t));
      counts.trials = await tx.insertMany(sql.copyTrial, trials, asRow, { sweep_id: sweepId });
      for (const t of trials) if (FINISHED.has(t.state)) await tx.run(sql.adoptTrialState, { ...t, sweep_id: sweepId });
      counts.folds = await tx.insertMany(sql.copyFold, dump.folds, asRow, { sweep_id: sweepId });
      if (dump.curves?.length) await tx.insertMany(sql.copyCurve, dump.curves, asRow, { sweep_id: sweepId });
      for (const r of dump.runs) {
        if ((await tx.all(sql.hasRun, { sweep_id: sweepId, owner: r.owner, started_at: r.started_at })).length) continue;
        await tx.run(sql.copyRun, { ...r, sweep_id: sweepId });
        counts.runs++;
      }
      for (const n of dump.notes ?? []) await tx.run(sql.copyNote, { ...n, sweep_id: sweepId });
      return counts;
    });
  }
}
