import { flagOf, type OptionSpec, type OptionTable } from './declare.js';

const cell = (s: string) => s.replace(/\|/g, '\\|');

function defaultOf(spec: OptionSpec<unknown> | OptionSpec<never>): string {
  const d = spec.default as unknown;
  if (d !== undefined) return `\`${JSON.stringify(d)}\``;
  return spec.defaultText ?? '';
}

/** A library function's options as a markdown table, from its declaration: docs/library.md shows these. */
export function optionsTable(table: OptionTable): string {
  const rows = Object.entries(table)
    .filter(([, spec]) => spec.where !== 'cli')
    .map(([key, spec]) => `| \`${key}\` | ${cell(spec.help)}${spec.required ? ' (required)' : ''} | ${cell(defaultOf(spec))} | ${spec.where === 'library' ? '' : `\`${flagOf(key, spec)}\``} |`);
  return ['| key | what it does | default | flag |', '|---|---|---|---|', ...rows].join('\n');
}

/** A region of docs/library.md made from a table: `<!-- options: NAME -->` ... `<!-- /options -->`. */
const REGION = /(<!-- options: ([\w.-]+) -->\n)(?:\|.*\n)*(<!-- \/options -->)/g;

/** docs/library.md with every options region made again from the tables named; an unknown name is an error. */
export function refreshLibraryDoc(text: string, tables: Readonly<Record<string, OptionTable>>): string {
  return text.replace(REGION, (_all, open: string, name: string, close: string) => {
    const table = tables[name];
    if (!table) throw new Error(`docs/library.md: no option table named ${name}`);
    return `${open}${optionsTable(table)}\n${close}`;
  });
}
