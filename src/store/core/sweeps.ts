/** Writing sweeps and their plans: what `run` does before any trial is claimed. */
import type { DataIdentity } from '../../data/identity.js';
import type { PlannedTrial } from '../../sweep/planner.js';
import type { NewSweep, SweepRow } from '../types.js';
import { clock, type Driver, type Queryable } from './driver.js';
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

  /** Records the race settings a sweep races with, the first time it races (later runs read them back). */
  async setRace(sweepId: number, race: string): Promise<void> {
    await this.db.run(this.db.sql.setRace, { id: sweepId, race });
  }

  /**
   * Deletes a sweep with everything of it, in one transaction that first locks its row and reads
   * the leases on it: when `leaseIsLive` says a runner may still hold one, nothing is deleted and
   * the live leases are returned. Returns undefined when there is no such sweep.
   */
  async remove(name: string, leaseIsLive: (lease: HeldLease) => boolean): Promise<SweepChange | undefined> {
    const { sql } = this.db;
    return this.db.transaction(async (tx) => {
      const held = await this.heldLeases(tx, name);
      if (!held) return undefined;
      const live = held.leases.filter(leaseIsLive);
      const [size] = await tx.all<SweepSize>(sql.sweepSize, { id: held.sweep.id });
      if (live.length === 0) await tx.run(sql.deleteSweep, { id: held.sweep.id });
      return { sweep: held.sweep, size, live };
    });
  }

  /**
   * Renames sweeps in one transaction (a sweep and its confirmation), refused like `remove` while a
   * runner may hold a lease on either. `renamed` gives each stored spec and hash under its new name
   * (so the sweep file with the new name resumes it). Undefined when the first sweep is missing.
   */
  async rename(
    pairs: { from: string; to: string }[],
    renamed: (sweep: SweepRow, to: string) => { spec: string; spec_hash: string },
    leaseIsLive: (lease: HeldLease) => boolean,
  ): Promise<SweepChange[] | undefined> {
    const { sql } = this.db;
    return this.db.transaction(async (tx) => {
      const found: (SweepChange & { to: string })[] = [];
      for (const { from, to } of pairs) {
        const held = await this.heldLeases(tx, from);
        if (!held) continue;
        const [size] = await tx.all<SweepSize>(sql.sweepSize, { id: held.sweep.id });
        found.push({ sweep: held.sweep, size, live: held.leases.filter(leaseIsLive), to });
      }
      if (found[0]?.sweep.name !== pairs[0].from) return undefined;
      if (found.every((c) => c.live.length === 0)) {
        for (const c of found) await tx.run(sql.renameSweep, { id: c.sweep.id, name: c.to, ...renamed(c.sweep, c.to) });
      }
      return found.map(({ to: _to, ...c }) => c);
    });
  }

  private async heldLeases(tx: Queryable, name: string): Promise<{ sweep: SweepRow; leases: HeldLease[] } | undefined> {
    const { sql } = this.db;
    const [sweep] = await tx.all<SweepRow>(sql.sweepByName, { name });
    if (!sweep) return undefined;
    await tx.all(sql.lockSweep, { id: sweep.id });
    return { sweep, leases: await tx.all<HeldLease>(sql.leasesHeld, { sweep_id: sweep.id, now: clock() }) };
  }
}

/** A runner's leases on a sweep: its owner, how many trials it holds, and how old its latest heartbeat is (seconds, the store's clock). */
export interface HeldLease {
  owner: string;
  trials: number;
  age: number | null;
}

export interface SweepSize {
  trials: number;
  folds: number;
  notes: number;
}

/** What a delete or rename found: the sweep as it was, its size, and the leases that stopped it (none: done). */
export interface SweepChange {
  sweep: SweepRow;
  size: SweepSize;
  live: HeldLease[];
}
