// Which compiled test files `npm run mutate` runs, per Stryker config: the pure modules' tests
// (stryker.config.json) or the store suite (stryker.store.json, the set called `store`).
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const DIRS = { pure: ['stats', 'report', 'sweep', 'data'], store: ['store'] };
// Left out: the tests that run the CLI or train (the mutation build has no wasm kernel, and a
// child process per test would cost more than the suite): data-file-limits, the store's read
// commands and URL messages, and the 3-class sweep; html-report (a sweep and a browser) and
// planner-scale (100,000 grid points: most of a second, several once instrumented).
const EXCLUDED = [
  'html-report.test.js',
  'planner-scale.test.js',
  'copy.test.js',
  'damaged-database.test.js',
  'data-file-limits.test.js',
  'pg-read-commands-cannot-write.test.js',
  'sqlite-read-commands-cannot-write.test.js',
  'postgres-url-messages.test.js',
  'three-class-sweep-stores-metrics-and-curves.test.js',
];

/** The absolute paths of the set's compiled test files under `root`/dist/test, sorted. */
export function testFiles(set, root = process.cwd()) {
  return DIRS[set]
    .flatMap((d) => {
      const dir = resolve(root, 'dist/test', d);
      return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.test.js') && !EXCLUDED.includes(f)).map((f) => join(dir, f)) : [];
    })
    .sort();
}
