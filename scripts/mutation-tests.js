// The test command of `npm run mutate` (Stryker's command runner runs it once per mutant, in its
// sandbox, after `tsc -p tsconfig.mutate.json`). It imports the compiled tests of the pure modules
// into this one process: no child process per file, so a mutant costs one Node start-up.
//   dist/test/{report,sweep,data}, less html-report (a sweep run and a browser: not pure) and
//   planner-scale (100,000 grid points: most of a second, several once instrumented).
// A failing test sets the exit code to 1, which is what marks a mutant killed.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const DIRS = ['report', 'sweep', 'data'];
const EXCLUDED = ['html-report.test.js', 'planner-scale.test.js'];

const files = DIRS.flatMap((d) =>
  readdirSync(join('dist/test', d))
    .filter((f) => f.endsWith('.test.js') && !EXCLUDED.includes(f))
    .map((f) => join('dist/test', d, f)),
).sort();
if (files.length === 0) {
  console.error('no compiled tests under dist/test: build first');
  process.exit(1);
}
for (const f of files) await import(pathToFileURL(resolve(f)).href);
