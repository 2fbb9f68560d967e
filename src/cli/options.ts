import { UserError } from '../errors.js';

// Options are declared in src/api/options/ and read through src/cli/flags.ts. What is left here
// serves `confirm`, which keeps its own flags until it is redesigned (issue 17).
export { DB_HELP, FORMATS } from '../api/options/common.js';

export function choiceOption<T extends string>(flag: string, allowed: readonly T[], raw: string): T {
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new UserError(`option ${flag}: "${raw}" is not one of ${allowed.join(', ')}`);
  }
  return raw as T;
}

export function integerOption(flag: string, raw: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(raw);
  if (!/^[+-]?\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UserError(`option ${flag}: "${raw}" is not an integer in [${min}, ${max === Number.MAX_SAFE_INTEGER ? 'inf' : max}]`);
  }
  // -0 is 0.
  return value + 0;
}

/**
 * How the user reached this program, for the hints it prints: `npx dropsweep` in a clone (npm
 * sets npm_command=exec for npx), plain `dropsweep` once it is on PATH.
 */
export function invocation(env: NodeJS.ProcessEnv = process.env): string {
  return env.npm_command === 'exec' ? 'npx dropsweep' : 'dropsweep';
}

/** Output that cannot be written (a full disk, /dev/full): one line and exit 3, like a failing store. A path that cannot be a file stays the user's mistake (2). */
export const OUTPUT_FAULTS: ReadonlySet<string> = new Set(['ENOSPC', 'EDQUOT', 'EFBIG', 'EIO']);

// confirm's own flag for the data limit (the other commands declare it in src/api/options/common.ts).
export const MAX_DATA_MB_FLAG = '--max-data-mb <mb>';
export const MAX_DATA_MB_HELP = 'refuse a data file larger than this many MB, before reading it (at most 500)';

/** `--max-data-mb`, given or not (the default, 100, is the library's). */
export const maxDataMbOption = (raw: string | undefined) => (raw === undefined ? undefined : integerOption('--max-data-mb', raw, 1, 500));
