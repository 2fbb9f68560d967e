/**
 * What `run` does with a sweep already stored under the file's name: resume it, extend it with
 * new trials, or refuse. Pure: the stored row and the file's spec in, a decision out; the caller
 * does the writing.
 */
import { identityChange, type DataIdentity } from '../data/identity.js';
import { specChange } from './spec-change.js';
import type { SweepSpec } from './spec.js';

/** A stored sweep as the decision reads it; no data identity for sweeps made before they were recorded. */
export interface StoredSweep {
  name: string;
  spec: string;
  spec_hash: string;
  data_sha256: string | null;
  data_rows: number | null;
  data_columns: number | null;
  data_classes: string | null;
}

/** The sweep file as loaded now. */
export interface SweepFileNow {
  /** The file, or `(object)`. */
  file: string;
  spec: SweepSpec;
  specHash: string;
  /** The data as messages name it: `data sonar` for a shipped set, else the file's path. */
  dataName: string;
  identity: DataIdentity;
}

export type ResumeDecision =
  /** The same spec: go on; `adoptIdentity`: record the data's identity first. */
  | { action: 'resume'; adoptIdentity: boolean }
  /**
   * Record the new spec and add its new trials: asked with --extend, or only the wording or the
   * ranking metric changed (`sameTrials`); `notes` say what reads differently now (a new metric).
   */
  | { action: 'extend'; adoptIdentity: boolean; sameTrials: boolean; notes: string[] }
  /** One line (or a few) for the user, saying what changed and what to run instead. */
  | { action: 'refuse'; message: string };

/**
 * The same sweep over edited data would mix results from two data sets: refused. The same spec
 * resumes. A changed spec is refused unless it only renames, reorders or re-ranks (same trials),
 * or `extend` is asked and no setting that makes results comparable (data, seeds, folds, engine)
 * changed.
 */
export function resumeDecision(stored: StoredSweep, now: SweepFileNow, o: { extend: boolean; db: string }): ResumeDecision {
  const adoptIdentity = stored.data_sha256 === null;
  if (!adoptIdentity) {
    const changed = identityChange(stored as DataIdentity, now.identity);
    if (changed.length) {
      return {
        action: 'refuse',
        message:
          `${now.dataName}: the data changed since sweep "${stored.name}" started (${changed.join(', ')}); ` +
          `its stored results were computed on the old data. Restore the file, or start a separate sweep with --new`,
      };
    }
  }
  if (stored.spec_hash === now.specHash) return { action: 'resume', adoptIdentity };
  const change = specChange(JSON.parse(stored.spec) as SweepSpec, now.spec);
  if (o.extend || change.sameTrials) {
    if (change.blockers.length) {
      return {
        action: 'refuse',
        message: `cannot extend sweep "${stored.name}": ${change.blockers.join(', ')} changed, so old and new results would not be comparable.\nRun with --new to start a separate sweep.`,
      };
    }
    return { action: 'extend', adoptIdentity, sameTrials: change.sameTrials, notes: change.notes };
  }
  return {
    action: 'refuse',
    message:
      `${now.file}: sweep "${stored.name}" is already in ${o.db} with a different spec:\n` +
      change.lines.map((d) => `  ${d}`).join('\n') +
      `\nRun with --extend to add the new trials and keep old results, or --new to start a separate sweep.`,
  };
}
