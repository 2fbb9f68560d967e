/**
 * The lease protocol, written once for both dialects: claims with lease tokens, heartbeats, fenced
 * writes, attempts, and a run's work counts. The runner is its only caller.
 */
import { fitKey, type ClaimRequest, type ClaimedTrial, type FailedAttempt, type NewRun, type PackToStore, type StoredPack } from '../types.js';
import { clock, type Driver } from './driver.js';
import { trialConfig, type ClaimRow } from './rows.js';
import { storePack } from './packs.js';

export class LeaseStore {
  constructor(private readonly db: Driver) {}

  /** For messages: the file path, or the URL without its password. */
  get location(): string {
    return this.db.location;
  }

  /**
   * Leases up to `limit` trials: pending ones, and running ones whose heartbeat is older than
   * `leaseSeconds` on the store's clock or whose owner `isDead`. Each claim bumps the trial's lease
   * token: a runner whose lease was taken over still holds the old token, and every write it makes
   * for that trial is then refused. A trial whose planned fits are all stored is marked done
   * instead of being handed out.
   */
  async claim(c: ClaimRequest): Promise<ClaimedTrial[]> {
    const { sql } = this.db;
    return this.db.transaction(async (tx) => {
      const now = clock();
      const dead = (await tx.all<{ lease_owner: string | null }>(sql.runningOwners, { sweep_id: c.sweepId }))
        .map((r) => r.lease_owner)
        .filter((o): o is string => o !== null && o !== c.owner && c.isDead(o));
      const rows = await tx.all<ClaimRow>(sql.claim, { sweep_id: c.sweepId, owner: c.owner, limit: c.limit, lease_seconds: c.leaseSeconds, dead_owners: dead, now });
      // Stryker disable next-line ConditionalExpression: equivalent, an empty claim would only ask for the folds of no trial
      if (rows.length === 0) return [];
      // PostgreSQL's UPDATE ... RETURNING has no order: trials are handed out in plan order.
      rows.sort((a, b) => a.id - b.id);
      const done = new Map<number, Set<string>>(rows.map((r) => [r.id, new Set()]));
      for (const f of await tx.all<{ trial_id: number; fold: number; repeat: number }>(sql.doneFits, { ids: rows.map((r) => r.id) })) {
        done.get(f.trial_id)!.add(fitKey(f.fold, f.repeat));
      }
      const complete = rows.filter((r) => done.get(r.id)!.size >= c.fitsPerTrial).map((r) => r.id);
      // Stryker disable next-line ConditionalExpression: equivalent, finishing no trial changes nothing
      if (complete.length) await tx.run(sql.finishTrials, { ids: complete, now });
      return rows
        .filter((r) => !complete.includes(r.id))
        .map((r) => ({ id: r.id, key: r.trial_key, label: r.label, config: trialConfig(r.config), attempts: r.attempts, token: r.lease_token, done: done.get(r.id)! }));
    });
  }

  /** Renews this owner's leases; returns the trials (id -> token) it still holds. */
  async heartbeat(owner: string): Promise<Map<number, number>> {
    const rows = await this.db.all<{ id: number; lease_token: number }>(this.db.sql.heartbeat, { owner, now: clock() });
    return new Map(rows.map((r) => [r.id, r.lease_token]));
  }

  /** Live leases of other owners on a sweep, for a runner that waits for them. */
  async otherLeases(sweepId: number, owner: string): Promise<{ owner: string; trials: number }[]> {
    return this.db.all(this.db.sql.otherLeases, { sweep_id: sweepId, owner });
  }

  /** Gives this owner's unfinished trials back as pending. */
  async release(owner: string): Promise<number> {
    return this.db.run(this.db.sql.release, { owner });
  }

  /** Gives one trial back, if this owner still holds it under `token`. */
  async releaseTrial(id: number, owner: string, token: number): Promise<boolean> {
    return (await this.db.run(this.db.sql.releaseTrial, { id, owner, token })) > 0;
  }

  /**
   * Stores one pack in one transaction: fits of trials the owner no longer holds under the fit's
   * token are refused (fenced); a fit already stored is not stored again; a trial with every fit
   * stored is marked done; the run's counts are updated in the same commit; with `race`, each live
   * unfinished trial is raced against the best complete one.
   */
  async storePack(pack: PackToStore): Promise<StoredPack> {
    return this.db.transaction((tx) => storePack(this.db.sql, tx, pack, clock()));
  }

  /** Charges a failed try to a trial still held; after `maxAttempts` the trial is failed. */
  async failAttempt(f: FailedAttempt): Promise<'retry' | 'failed' | 'lost'> {
    const { sql } = this.db;
    return this.db.transaction(async (tx) => {
      const [row] = await tx.all<{ attempts: number }>(sql.failAttempt, { id: f.trialId, owner: f.owner, token: f.token, error: f.error });
      if (!row) return 'lost' as const;
      if (row.attempts < f.maxAttempts) return 'retry' as const;
      await tx.run(sql.failTrial, { id: f.trialId, now: clock() });
      return 'failed' as const;
    });
  }

  /** Records a run (its work counts start at 0); returns its id. */
  async startRun(r: NewRun): Promise<number> {
    const [row] = await this.db.all<{ id: number }>(this.db.sql.startRun, { sweep_id: r.sweepId, owner: r.owner, backend: r.backend, engine: r.engine, workers: r.workers, now: clock() });
    return row.id;
  }

  /** Closes a run with its outcome and the fits it trained in all. */
  async endRun(r: { runId: number; outcome: string; trained: number }): Promise<void> {
    await this.db.run(this.db.sql.endRun, { id: r.runId, outcome: r.outcome, trained: r.trained, now: clock() });
  }
}
