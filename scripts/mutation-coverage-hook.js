// Loaded into every Node process of a dry-run measure (NODE_OPTIONS=--import, set by
// scripts/mutation-tests.js): at exit, the mutants this process reached go to
// $DROPSWEEP_COVERAGE_OUT.<pid>. So a test that runs the CLI in a child (with the mutant active in
// it, as the environment passes on) is counted as reaching the mutants the child reached.
import { writeFileSync } from 'node:fs';

const out = process.env.DROPSWEEP_COVERAGE_OUT;
if (out) {
  process.on('exit', () => {
    const reached = Object.keys(globalThis.__stryker__?.mutantCoverage?.static ?? {});
    if (reached.length > 0) writeFileSync(`${out}.${process.pid}`, JSON.stringify(reached));
  });
}
