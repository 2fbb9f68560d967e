/**
 * How many replicates a simulation test runs: `full` in the test suite; `quick` under mutation
 * testing, where scripts/mutation-runner.js sets DROPSWEEP_QUICK_SIMULATIONS. There a mutant runs a
 * simulation only when every likelier killer among the tests that reach it passed (mostly
 * equivalent mutants), and the instrumented code is some 40 times slower, so the full size would make the
 * simulations most of `npm run mutate`. Each test derives its allowance from the number it ran, so
 * the quick run checks the same claim with a wider margin; docs/mutation-testing.md says what that
 * costs in power.
 */
export function replicates(full: number, quick: number): number {
  return process.env.DROPSWEEP_QUICK_SIMULATIONS ? quick : full;
}
