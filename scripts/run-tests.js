// Runs every compiled *.test.js under dist/test with node's test runner. Node 20's runner takes no
// globs and, given a folder, also runs helper modules; so the files are listed here.
//
// Skips are counted here, for every file at once, from a TAP copy of the results: a skipped test
// is listed at the end, and under CI (CI set, as .ci/run does) it fails the run, so no missing
// prerequisite (a browser, PostgreSQL, root, a tmpfs) can pass for a green run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? find(join(dir, e.name)) : e.name.endsWith('.test.js') ? [join(dir, e.name)] : [],
  );
}

/** The skipped and todo tests of a TAP stream (subtests are indented; the directive ends the line). */
function skippedTests(tap) {
  const skipped = [];
  for (const line of tap.split('\n')) {
    const m = /^\s*(?:not )?ok \d+ - (.*?) # (SKIP|TODO)\b ?(.*)$/.exec(line);
    if (m) skipped.push({ name: m[1], directive: m[2], reason: m[3] });
  }
  return skipped;
}

const filter = process.argv[2];
// The tests of this script point it at a folder of their own.
const root = process.env.DROPSWEEP_TEST_ROOT ?? 'dist/test';
const files = find(root).filter((f) => !filter || f.includes(filter)).sort();
if (files.length === 0) {
  console.error(`no test files match ${filter ?? root}`);
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'dropsweep-tap-'));
const tapFile = join(dir, 'results.tap');
const shown = process.stdout.isTTY ? 'spec' : 'tap';
const r = spawnSync(process.execPath, ['--test', `--test-reporter=${shown}`, '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tapFile}`, ...files], {
  stdio: 'inherit',
});
const tap = existsSync(tapFile) ? readFileSync(tapFile, 'utf8') : '';
rmSync(dir, { recursive: true, force: true });
const skipped = skippedTests(tap);
if (skipped.length) {
  console.error(`\n${skipped.length} test(s) did not run:`);
  for (const s of skipped) console.error(`  ${s.directive === 'SKIP' ? 'skipped' : 'todo'}: ${s.name}${s.reason ? ` (${s.reason})` : ''}`);
  if (process.env.CI) {
    console.error('CI is set: a test that did not run is a failure (install what it names, or run as root)');
    process.exit(1);
  }
}
process.exit(r.status ?? 1);
