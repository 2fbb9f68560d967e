import { openResults, type Results } from '../api/results.js';
import { fixed } from '../report/formats.js';

/** Runs one read command over the results database and always closes it. */
export async function reading<T>(db: string | undefined, body: (results: Results) => Promise<T>): Promise<T> {
  const results = await openResults(db);
  try {
    return await body(results);
  } finally {
    await results.close();
  }
}

/** A fraction of one as a percent with two decimals, or `-`. */
export const pct = (v: number | null) => fixed(2)(v === null ? null : v * 100);

/** Lines printed under a table: markdown would read a line right under a table as one more row, so a blank line comes first there. */
export function underTable(format: string, lines: string[]): string {
  if (lines.length === 0) return '';
  return `${format === 'markdown' ? '\n' : ''}${lines.join('\n')}\n`;
}
