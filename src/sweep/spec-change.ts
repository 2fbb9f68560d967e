import { planSweep } from './planner.js';
import { curveEvery, rankingMetric, type SweepSpec } from './spec.js';

export interface SpecChange {
  /** One line per difference, for the refusal message. */
  lines: string[];
  /** Settings that must not change under --extend, or old and new results would not be comparable. */
  blockers: string[];
  /** No setting and no trial key differs: only trial names, grid order, comments or the ranking metric do. */
  sameTrials: boolean;
  /**
   * Changes taken without --extend because they change how results are read, not the results:
   * a new `metric:` re-ranks the stored folds (every metric is stored for every fold).
   */
  notes: string[];
}

/** What changed between a stored spec and a new one. */
export function specChange(stored: SweepSpec, next: SweepSpec): SpecChange {
  const lines: string[] = [];
  for (const key of ['data', 'target', 'seed', 'trainSeed', 'folds', 'repeats', 'splitSeeds', 'outer', 'split', 'engine', 'protocol', 'description'] as const) {
    const a = JSON.stringify(stored[key]);
    const b = JSON.stringify(next[key]);
    if (a !== b) lines.push(`${key}: ${a ?? 'unset'} -> ${b ?? 'unset'}`);
  }
  // The curve cadence changes what the folds still to fit store (checkpoints at other epochs than
  // the folds already stored), so it is a change to accept with --extend, not silently.
  if (curveEvery(stored) !== curveEvery(next)) lines.push(`curves.every: ${curveEvery(stored)} -> ${curveEvery(next)}`);
  // Another split deals other rows into the folds: old and new fold results would not pair.
  const blockers = (['data', 'target', 'seed', 'trainSeed', 'folds', 'repeats', 'splitSeeds', 'outer', 'split', 'engine'] as const).filter((k) => JSON.stringify(stored[k]) !== JSON.stringify(next[k]));
  const before = new Set(planSweep(stored).trials.map((t) => t.key));
  const after = new Set(planSweep(next).trials.map((t) => t.key));
  const added = [...after].filter((k) => !before.has(k)).length;
  const removed = [...before].filter((k) => !after.has(k)).length;
  if (added) lines.push(`${added} trial(s) added`);
  if (removed) lines.push(`${removed} trial(s) no longer in the file`);
  const sameTrials = lines.length === 0;
  const notes = rankingMetric(stored) === rankingMetric(next) ? [] : [`ranked by ${rankingMetric(next)} now (was ${rankingMetric(stored)}; the stored results are unchanged)`];
  if (sameTrials && !notes.length) lines.push('same trials, different wording (grid order, names or comments)');
  return { lines, blockers, sameTrials, notes };
}
