import { UserError, nearest } from '../../errors.js';
import { oneOf, type Check } from '../../sweep/checks.js';
import { DECIMAL } from '../../data/labels.js';

/**
 * Every option of every command is declared once, here and in the tables beside this file: its
 * name, type, range, default and help. The CLI builds its commander options and reads its flags
 * from a table (src/cli/flags.ts); the library checks the objects it is given against the same
 * table (`resolveOptions`), so a range or a default cannot differ between the two.
 */

/** Who takes an option: both, only the command line (`--format`, `--quiet`), or only the library (callbacks). */
export type Where = 'both' | 'cli' | 'library';

/** Text from the command line made into a value, or the problem with it in words. */
export type Parsed<T> = { value: T } | { problem: string };

export interface OptionSpec<T = unknown> {
  /** One line for `--help`, docs/commands.md and docs/library.md. */
  readonly help: string;
  /** The flag's value placeholder (`<n>`); absent for a switch, which takes no value. */
  readonly arg?: string;
  /** The flag when it is not `--` + the key in kebab case (`--all` for includePending). */
  readonly flag?: string;
  readonly default?: T;
  /** The default in words when it is decided at run time ("the number of cores"). */
  readonly defaultText?: string;
  readonly where: Where;
  /** The flag may be given more than once; the value is the list. */
  readonly repeatable?: boolean;
  /** The command cannot run without it (`copy --from`). */
  readonly required?: boolean;
  /** The command line's text to a value (the `check` runs after it). */
  readonly parse: (raw: string) => Parsed<T>;
  /** The value's type and range: null when it is fine, else the problem (`0 is not an integer in [1, 256]`). */
  readonly check: Check;
}

export type OptionTable = Readonly<Record<string, OptionSpec<never> | OptionSpec<unknown>>>;

/** The value type an option holds. */
export type ValueOf<S> = S extends OptionSpec<infer V> ? V : never;

/** The keys the library takes: every option but the command line's own. */
export type LibraryKey<T> = { [K in keyof T]: T[K] extends { where: 'cli' } ? never : K }[keyof T];

/** The object a library function takes, typed from its table: every key optional. */
export type LibraryValues<T> = { [K in LibraryKey<T>]?: ValueOf<T[K]> };

/** The same after `resolveOptions`: keys with a declared default always hold a value. */
export type Resolved<T> = { [K in LibraryKey<T>]: T[K] extends { readonly default: infer V } ? V : ValueOf<T[K]> | undefined };

interface Meta<T> {
  help: string;
  arg?: string;
  flag?: string;
  default?: T;
  defaultText?: string;
  repeatable?: boolean;
  required?: boolean;
}

type Spec<T, M> = OptionSpec<T> & M & { where: 'both' };

const show = (v: unknown): string => (typeof v === 'string' ? `"${v}"` : typeof v === 'function' ? 'a function' : v === undefined ? 'undefined' : JSON.stringify(v) ?? String(v));

/** Plain decimals only: Number() would also take 0x10, '' and ' 1 '. */

function make<T, M extends Meta<T>>(meta: M, parse: (raw: string) => Parsed<T>, check: Check): Spec<T, M> {
  return { ...meta, where: 'both', parse, check } as Spec<T, M>;
}

/** A whole number in [min, max]; with max Number.MAX_SAFE_INTEGER, any whole number from min up. */
export function integer<M extends Meta<number>>(min: number, max: number, meta: M): Spec<number, M> {
  const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
  const check: Check = (v) => (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? null : `${show(v)} is not ${range}`);
  // -0 is 0.
  return make<number, M>(meta, (raw) => (/^[+-]?\d+$/.test(raw) && Number.isSafeInteger(Number(raw)) ? { value: Number(raw) + 0 } : { problem: `"${raw}" is not ${range}` }), check);
}

/** A number, checked by `check` (one of the shared setting checks, so sweep files agree). */
export function decimal<M extends Meta<number>>(check: Check, meta: M): Spec<number, M> {
  return make<number, M>(meta, (raw) => (DECIMAL.test(raw) && Number.isFinite(Number(raw)) ? { value: Number(raw) } : { problem: `"${raw}" is not a number` }), check);
}

/** One of a few words; `aliases` are other spellings the command line takes (md for markdown). */
export function choice<C extends string, M extends Meta<C>>(choices: readonly C[], meta: M & { aliases?: Readonly<Record<string, C>> }): Spec<C, M> {
  const check = oneOf(choices);
  return make<C, M>(meta, (raw) => ({ value: (meta.aliases?.[raw] ?? raw) as C }), check);
}

/** Any text (a name, a path, a SQL condition); `check` may narrow it. */
export function text<M extends Meta<string>>(meta: M, check: Check = (v) => (typeof v === 'string' ? null : `${show(v)} is not a string`)): Spec<string, M> {
  return make<string, M>(meta, (raw) => ({ value: raw }), check);
}

/** A switch: no value on the command line, true or false in the library. */
export function flag<M extends Meta<boolean>>(meta: M): Spec<boolean, M> {
  return make<boolean, M>(meta, () => ({ value: true }), (v) => (typeof v === 'boolean' ? null : `${show(v)} is not true or false`));
}

/** A repeatable flag: each occurrence one string, checked by `checkOne`; a list of strings in the library. */
export function list<M extends Meta<string[]>>(checkOne: Check, meta: M): Spec<string[], M> {
  const check: Check = (v) => {
    if (!Array.isArray(v)) return `${show(v)} is not a list of strings`;
    for (const item of v) {
      const problem = typeof item === 'string' ? checkOne(item) : `${show(item)} is not a string`;
      if (problem) return problem;
    }
    return null;
  };
  return make<string[], M>({ ...meta, repeatable: true }, (raw) => ({ value: [raw] }), check);
}

/** A value with its own reading of text and its own check (max-norm's `none`, a list of widths). */
export function custom<T, M extends Meta<T>>(parse: (raw: string) => Parsed<T>, check: Check, meta: M): Spec<T, M> {
  return make<T, M>(meta, parse, check);
}

/** Only on the command line (`--format`, `--quiet`, `--wide`): the library has no such key. */
export function cliOnly<S extends OptionSpec<never> | OptionSpec<unknown>>(spec: S): Omit<S, 'where'> & { where: 'cli' } {
  return { ...spec, where: 'cli' };
}

/** Only in the library (a callback, an AbortSignal, a polling interval): no flag. */
export function libraryOnly<S extends OptionSpec<never> | OptionSpec<unknown>>(spec: S): Omit<S, 'where'> & { where: 'library' } {
  return { ...spec, where: 'library' };
}

const neverParsed = (): Parsed<never> => ({ problem: 'not a command-line option' });

export const callback = <T extends (...args: never[]) => unknown>(help: string): OptionSpec<T> & { where: 'library' } => ({
  help,
  where: 'library',
  parse: neverParsed,
  check: (v) => (typeof v === 'function' ? null : `${show(v)} is not a function`),
});

export const abortSignal = (help: string): OptionSpec<AbortSignal> & { where: 'library' } => ({
  help,
  where: 'library',
  parse: neverParsed,
  check: (v) => (v instanceof AbortSignal ? null : `${show(v)} is not an AbortSignal`),
});

/** `maxAttempts` -> `--max-attempts`, or the spec's own flag. */
export function flagOf(key: string, spec: OptionSpec<unknown> | OptionSpec<never>): string {
  return spec.flag ?? `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

export interface ResolveContext {
  /** What the object is, in messages: `the second argument`, `options`. */
  argument?: string;
  /** Another argument of the same function, whose keys are named as belonging there. */
  other?: { table: OptionTable; argument: string };
}

/**
 * Checks an options object a library function was given against its table and returns it with
 * the declared defaults filled in. Unknown keys are refused with a did-you-mean (or, when the key
 * belongs to the function's other argument, saying so); each value's type and range are checked by
 * the option's own check; a key given as undefined counts as left out.
 */
export function resolveOptions<T extends OptionTable>(fn: string, table: T, given: unknown, context: ResolveContext = {}): Resolved<T> {
  const argument = context.argument ?? 'options';
  if (given === undefined) given = {};
  if (!isPlainObject(given)) throw new UserError(`${fn}: ${argument} must be an object, not ${Array.isArray(given) ? 'a list' : show(given)}`);
  const keys = Object.keys(table).filter((k) => table[k].where !== 'cli');
  const entries = Object.entries(given).filter(([, value]) => value !== undefined);
  const other = context.other;
  const misplaced = other ? entries.map(([k]) => k).filter((k) => !keys.includes(k) && k in other.table && other.table[k].where !== 'cli') : [];
  if (misplaced.length && other) {
    const names = misplaced.length === 1 ? misplaced[0] : `${misplaced.slice(0, -1).join(', ')} and ${misplaced.at(-1)}`;
    throw new UserError(`${fn}: ${names} belong${misplaced.length === 1 ? 's' : ''} in the ${other.argument}, not the ${argument}`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    if (!keys.includes(key)) {
      const guess = nearest(key, keys);
      throw new UserError(`${fn}: unknown option "${key}" in the ${argument} (${guess ? `did you mean "${guess}"?` : `it takes ${keys.join(', ')}`})`);
    }
    const problem = table[key].check(value);
    if (problem) throw new UserError(`option ${key}: ${problem}`);
    out[key] = value;
  }
  for (const key of keys) {
    if (out[key] === undefined && table[key].required) throw new UserError(`${fn}: option ${key} is required`);
    if (out[key] === undefined && table[key].default !== undefined) out[key] = table[key].default;
  }
  return out as Resolved<T>;
}

/** Checks one positional argument of a library call (a trial reference, a SQL text). */
export function checkArgument(fn: string, name: string, value: unknown, check: Check): void {
  const problem = check(value);
  if (problem) throw new UserError(`${fn}: ${name}: ${problem}`);
}

export const isText: Check = (v) => (typeof v === 'string' ? null : `${show(v)} is not a string`);
export const optionalText: Check = (v) => (v === undefined || typeof v === 'string' ? null : `${show(v)} is not a string`);
