/** Writing sweeps and their plans: what `run` does before any trial is claimed. */
import type { DataIdentity } from '../../data/identity.js';
import type { PlannedTrial } from '../../sweep/planner.js';
import type { NewSweep, SweepRow } from '../types.js';
import type { Driver, Queryable } from './driver.js';
import { sweepColumns, trialColumns } from './rows.js';

export class SweepCatalog {
  constructor(private readonly db: Driver) {}

  /** Writes a sweep and all its planned trials in one transaction; a sweep another runner made first is returned untouched. */
  async create(row: NewSweep, trials: PlannedTrial[]): Promise<SweepRow> {
    const { sql } = this.db;
    return this.db.transaction(async (tx) => {
      const [made] = await tx.all<{ id: number }>(sql.insertSweep, sweepColumns(row, new Date().toISOString()));
      if (made) await this.insertTrials(tx, made.id, trials);
      return (await tx.all<SweepRow>(sql.sweepByName, { name: row.name }))[0];
    });
  }

  /** Adds the trials not yet in the sweep (extend) and records the new spec; returns how many were added. */
  async extend(id: number, spec: { spec: string; spec_hash: string; source_file: string | null }, trials: PlannedTrial[]): Promise<number> {
    return this.db.transaction(async (tx) => {
      await tx.run(this.db.sql.updateSweepSpec, { id, ...spec });
      return this.insertTrials(tx, id, trials);
    });
  }

  private insertTrials(tx: Queryable, sweepId: number, trials: PlannedTrial[]): Promise<number> {
    return tx.insertMany(this.db.sql.insertTrial, trials, trialColumns, { sweep_id: sweepId });
  }

  /** A sweep made before data identities were recorded gets the identity of the data it resumes with. */
  async setDataIdentity(sweepId: number, identity: DataIdentity): Promise<void> {
    await this.db.run(this.db.sql.setDataIdentity, { id: sweepId, ...identity });
  }

  /** Failed trials become pending again, their attempts reset; returns how many. */
  async retryFailed(sweepId: number): Promise<number> {
    return this.db.run(this.db.sql.retryFailed, { sweep_id: sweepId });
  }
}
