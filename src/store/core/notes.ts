/** Notes on a sweep's trials (and on the sweep itself): one each, replaced when written again. */
import { clock, type Driver } from './driver.js';

export interface StoredNote {
  /** The trial the note is on, or null for a note on the sweep. */
  trialKey: string | null;
  text: string;
  /** Unix seconds, the store's clock. */
  createdAt: number;
}

export class NoteBook {
  constructor(private readonly db: Driver) {}

  /** Writes the note on a trial (`trialId`) or on the sweep (null), replacing the one there; `text` null removes it. Returns whether a note was there before. */
  async set(sweepId: number, trialId: number | null, text: string | null): Promise<boolean> {
    const { sql } = this.db;
    return this.db.transaction(async (tx) => {
      const removed = await tx.run(sql.clearNote, { sweep_id: sweepId, trial_id: trialId });
      if (text !== null) await tx.run(sql.insertNote, { sweep_id: sweepId, trial_id: trialId, text, now: clock() });
      return removed > 0;
    });
  }
}
