/**
 * Tables of remembered results of pure functions (a t quantile, a Pocock level): every trial of a
 * sweep asks for the same few, and each costs a bisection or a numerical integration.
 * `forgetAll` empties every table. The mutation runner (scripts/mutation-runner.js) calls it
 * before each mutant's run and each test of its dry run: it runs many mutants in one process, and
 * a value remembered while one mutant was active, or before any was, would hide the next mutant of
 * the code that computes it.
 */
const tables: Map<string, unknown>[] = [];

/** A new remembered-results table, emptied by forgetAll. */
export function memoTable<V>(): Map<string, V> {
  const table = new Map<string, V>();
  tables.push(table as Map<string, unknown>);
  return table;
}

export function forgetAll(): void {
  for (const table of tables) table.clear();
}
