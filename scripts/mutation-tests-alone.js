// Checks what the mutation runner's per-test selection takes for granted: every test of a mutation
// set passes when run alone, without the tests declared before it (scripts/mutation-runner.js runs
// only the tests that reached a mutant; a test that needs an earlier one would fail there and count
// the mutant killed). Runs each test of the set alone through the harness, last declared first, on
// the compiled tests in dist/ (no mutant), twice (the second run is what every mutant's run is: the
// test again in a process that ran it), and lists any that fail.
// Usage: node scripts/mutation-tests-alone.js pure|store (in the project folder, after a build);
// exit 1 when one fails alone. The store set runs on SQLite.
import { loadFiles, runTests, testsById } from './mutation-harness.js';
import { testFiles } from './mutation-test-files.js';

const set = process.argv[2] === 'store' ? 'store' : 'pure';
process.env.DROPSWEEP_QUICK_SIMULATIONS ??= '1';
if (set === 'store') process.env.DROPSWEEP_TEST_STORES = 'sqlite';
await loadFiles(testFiles(set));
const ids = [...testsById.keys()].reverse();
let failing = 0;
for (const id of ids) {
  for (const run of ['', ' (run again)']) {
    const [result] = await runTests([id], { bail: true });
    if (result?.status !== 'failed') continue;
    failing++;
    console.log(`fails alone${run}: ${id}: ${result.message}`);
    break;
  }
}
console.log(`${set}: ${ids.length} tests run alone, ${failing} failed`);
process.exit(failing > 0 ? 1 : 0);
