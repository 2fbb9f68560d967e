/**
 * One error type for the user's mistakes. The CLI prints its message alone (no stack) and
 * exits with its code; any other exception is a bug and keeps its stack.
 */
export class UserError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}

/** A problem longer than this is cut in its middle: its start (the value) and its end (what is wrong) stay. */
const MAX_PROBLEM = 300;
const KEEP_START = 160;
const KEEP_END = 100;

/**
 * A problem as one readable line: a value quoted from the input can be a whole 200 MB line of a
 * file, so a long problem keeps its start and its end and says how much was cut between them.
 */
export function clipProblem(problem: string): string {
  if (problem.length <= MAX_PROBLEM) return problem;
  const cut = problem.length - KEEP_START - KEEP_END;
  return `${problem.slice(0, KEEP_START)}[... ${cut.toLocaleString('en')} characters ...]${problem.slice(-KEEP_END)}`;
}

// Named factories keep the wording of each kind of mistake in one place.

export function badData(file: string, where: string, problem: string): UserError {
  return new UserError(`${file}${where ? `:${where}` : ''}: ${clipProblem(problem)}`);
}

export function badSpec(file: string, keyPath: string, problem: string): UserError {
  return new UserError(`${file}: ${keyPath ? `${clipProblem(keyPath)}: ` : ''}${clipProblem(problem)}`);
}

/** Levenshtein distance, for "did you mean" suggestions on misspelled keys. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 2)) ? best : undefined;
}
