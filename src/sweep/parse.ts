import { parseDocument } from 'yaml';
import { badSpec } from '../errors.js';
import { validateSpec, type SweepSpec } from './spec.js';

/** Alias expansions a sweep file may make (the yaml package's own default, stated). */
const MAX_ALIAS_COUNT = 100;

/** Parses sweep text (YAML, which includes JSON) and validates it; errors name file and line. */
export function parseSweepText(text: string, file: string, engines: readonly string[]): SweepSpec {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const pos = err.linePos?.[0];
    const where = pos ? `${file}:${pos.line}:${pos.col}` : file;
    throw badSpec(where, '', err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''));
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    // The yaml package stops an alias bomb ("billion laughs") with a ReferenceError.
    if (err instanceof ReferenceError && /alias/i.test(err.message)) {
      throw badSpec(file, '', `its YAML aliases (*name) expand to more than ${MAX_ALIAS_COUNT} copies; a sweep file needs few if any: write the values out`);
    }
    throw err;
  }
  return validateSpec(value, file, engines);
}
