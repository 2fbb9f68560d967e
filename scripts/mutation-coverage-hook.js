// Loaded into every process a test starts during the dry run of scripts/mutation-runner.js
// (NODE_OPTIONS=--import): at exit, the mutants the process reached go to
// $DROPSWEEP_COVERAGE_OUT.<pid>. So a test that runs the CLI in a child is counted as reaching the
// mutants the child reached (and in a mutant's run, the child gets the mutant through
// __STRYKER_ACTIVE_MUTANT__ in its environment).
import { writeFileSync } from 'node:fs';

const out = process.env.DROPSWEEP_COVERAGE_OUT;
if (out) {
  process.on('exit', () => {
    const reached = Object.keys(globalThis.__stryker__?.mutantCoverage?.static ?? {});
    if (reached.length > 0) writeFileSync(`${out}.${process.pid}`, JSON.stringify(reached));
  });
}
