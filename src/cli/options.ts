import { UserError } from '../errors.js';
import { settingChecks, type SettingName } from '../sweep/checks.js';

/** Parses a numeric option and runs the shared range check, naming the option on failure. */
/** Plain decimals only: Number() would also take 0x10, 1_0-less oddities like '' and ' 1 '. */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function numberOption(flag: string, setting: SettingName, raw: string): number {
  const value = Number(raw);
  const problem = !DECIMAL.test(raw) || !Number.isFinite(value) ? `"${raw}" is not a number` : settingChecks[setting](value);
  if (problem) throw new UserError(`option ${flag}: ${problem}`);
  return value;
}

export function maxNormOption(raw: string): number | null {
  if (raw === 'none') return null;
  const value = Number(raw);
  const problem = !DECIMAL.test(raw) || !Number.isFinite(value) ? `"${raw}" is neither none nor a positive number` : settingChecks.maxNorm(value);
  if (problem) throw new UserError(`option --max-norm: ${problem}`);
  return value;
}

export function hiddenOption(raw: string): number[] {
  const widths = raw.split(',').map((w) => Number(w.trim()));
  const problem = settingChecks.hidden(widths);
  if (problem) throw new UserError(`option --hidden: "${raw}": ${problem}`);
  return widths;
}

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

export const FORMATS = ['table', 'json'] as const;

/** Output that cannot be written (a full disk, /dev/full): one line and exit 3, like a failing store. A path that cannot be a file stays the user's mistake (2). */
export const OUTPUT_FAULTS: ReadonlySet<string> = new Set(['ENOSPC', 'EDQUOT', 'EFBIG', 'EIO']);

export const MAX_DATA_MB_FLAG = '--max-data-mb <mb>';
export const MAX_DATA_MB_HELP = 'refuse a data file larger than this many MB, before reading it (at most 500)';

/** `--max-data-mb`, given or not (the default, 100, is the library's). */
export const maxDataMbOption = (raw: string | undefined) => (raw === undefined ? undefined : integerOption('--max-data-mb', raw, 1, 500));

/**
 * How the user reached this program, for the hints it prints: `npx dropsweep` in a clone (npm
 * sets npm_command=exec for npx), plain `dropsweep` once it is on PATH.
 */
export function invocation(env: NodeJS.ProcessEnv = process.env): string {
  return env.npm_command === 'exec' ? 'npx dropsweep' : 'dropsweep';
}

export const DB_HELP = 'database: a SQLite file or postgresql://user@host:port/db[?schema=NAME] (default: $DROPSWEEP_DB, else results/dropsweep.sqlite)';
