// The node:test reporter of the mutation test command (scripts/mutation-tests.js), loaded with
// --test-reporter in the same process as the tests. With a mutant active
// (globalThis.__dropsweepFailFast, set by scripts/mutation-tests.js) it ends the process at the
// first failing test: one failure kills the mutant, and the tests after it could not change that.
// It prints only the failures: Stryker's command runner reads the exit code.
// It writes to stderr itself (synchronous on a pipe, so the line is out before the exit) and
// yields nothing.
// eslint-disable-next-line require-yield
export default async function* mutationReporter(source) {
  for await (const { type, data } of source) {
    if (type !== 'test:fail' || data.todo) continue;
    const error = data.details?.error;
    const message = String(error?.cause?.message ?? error?.message ?? error).split('\n')[0];
    process.stderr.write(`failed: ${data.name} (${data.file ?? 'no file'})\n  ${message}\n`);
    process.exitCode = 1;
    if (globalThis.__dropsweepFailFast) process.exit(1);
  }
}
