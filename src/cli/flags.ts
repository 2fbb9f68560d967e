import { Option, type Command } from 'commander';
import { UserError } from '../errors.js';
import { flagOf, type LibraryValues, type OptionSpec, type OptionTable, type ValueOf } from '../api/options/declare.js';

type AnySpec = OptionSpec<never> | OptionSpec<unknown>;

/** The values of a command's flags after reading: a declared default always holds a value. */
export type FlagValues<T> = { [K in keyof T as T[K] extends { where: 'library' } ? never : K]: T[K] extends { readonly default: infer V } ? V : ValueOf<T[K]> | undefined };

/** A default as the command line would write it, for `--help`: 20, 60,30, none. */
function defaultText(spec: AnySpec): string | undefined {
  const d = spec.default as unknown;
  if (d === undefined) return undefined;
  return d === null ? 'none' : Array.isArray(d) ? d.join(',') : String(d);
}

/** commander's property for a flag: `--store-timeout` -> storeTimeout. */
const attributeOf = (flag: string) => flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** Adds a table's options (all but the library's own) to a command, in table order. */
export function addOptions(command: Command, table: OptionTable): Command {
  for (const [key, spec] of Object.entries(table) as [string, AnySpec][]) {
    if (spec.where === 'library') continue;
    const option = new Option(`${flagOf(key, spec)}${spec.arg ? ` ${spec.arg}` : ''}`, spec.defaultText ? `${spec.help} (default: ${spec.defaultText})` : spec.help);
    if (spec.repeatable) option.argParser((value: string, previous: string[] = []) => [...previous, value]).default([]);
    else if (spec.arg && spec.default !== undefined) option.default(defaultText(spec));
    if (spec.required) option.makeOptionMandatory();
    command.addOption(option);
  }
  return command;
}

/**
 * Reads a command's flags through their table: text to value by the option's parse, then its
 * check (the same the library runs); a mistake names the flag. Flags left out take the default.
 */
export function readFlags<T extends OptionTable>(table: T, flags: Record<string, unknown>): FlagValues<T> {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(table) as [string, AnySpec][]) {
    if (spec.where === 'library') continue;
    const flag = flagOf(key, spec);
    const raw = flags[attributeOf(flag)];
    if (raw === undefined) {
      out[key] = spec.default;
      continue;
    }
    let value: unknown;
    if (raw === true) value = true;
    else if (spec.repeatable) value = (raw as string[]).flatMap((r) => parsed(spec, flag, r) as unknown[]);
    else value = parsed(spec, flag, raw as string);
    const problem = spec.check(value);
    if (problem) throw new UserError(`option ${flag}: ${problem}`);
    out[key] = value;
  }
  return out as FlagValues<T>;
}

function parsed(spec: AnySpec, flag: string, raw: string): unknown {
  const r = spec.parse(raw);
  if ('problem' in r) throw new UserError(`option ${flag}: ${r.problem}`);
  return r.value;
}

/** The values a library call takes from a command's flags: its table's keys, set ones only. */
export function libraryPart<T extends OptionTable>(table: T, values: Record<string, unknown>): LibraryValues<T> {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(table) as [string, AnySpec][]) if (spec.where !== 'cli' && values[key] !== undefined) out[key] = values[key];
  return out as LibraryValues<T>;
}
