// Registered by the in-process test runner of `npm run mutate` (scripts/mutation-runner.js): the
// test files' `import ... from 'node:test'` gets the harness that can run a test many times
// (scripts/mutation-harness.js). Every other specifier resolves as usual.
const HARNESS = new URL('./mutation-harness.js', import.meta.url).href;

export async function resolve(specifier, context, next) {
  if (specifier === 'node:test') return { url: HARNESS, shortCircuit: true };
  return next(specifier, context);
}
