/**
 * Names of a sweep's confirmations. The first is NAME-confirm; a confirmation with other
 * `--top`/`--repeats` (or of another design) is a new sweep, NAME-confirm-2, -3, ...: a stored
 * confirmation is never changed under its results. The leaderboard shows the newest.
 */

/** The i-th confirmation of sweep NAME (i from 1). */
export function confirmationName(name: string, i = 1): string {
  return i === 1 ? `${name}-confirm` : `${name}-confirm-${i}`;
}

/** True when the sweep is a confirmation (its own sweep is never confirmed again). */
export function isConfirmation(name: string): boolean {
  return /-confirm(-\d+)?$/.test(name);
}

/** The confirmations of NAME among the stored names, oldest first. */
export function confirmationsOf(name: string, names: readonly string[]): string[] {
  const have = new Set(names);
  const out: string[] = [];
  for (let i = 1; have.has(confirmationName(name, i)); i++) out.push(confirmationName(name, i));
  return out;
}
