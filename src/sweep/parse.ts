import { parseDocument } from 'yaml';
import { badSpec } from '../errors.js';
import { validateSpec, type SweepSpec } from './spec.js';

/** Parses sweep text (YAML, which includes JSON) and validates it; errors name file and line. */
export function parseSweepText(text: string, file: string, engines: readonly string[]): SweepSpec {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const pos = err.linePos?.[0];
    const where = pos ? `${file}:${pos.line}:${pos.col}` : file;
    throw badSpec(where, '', err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''));
  }
  return validateSpec(doc.toJS(), file, engines);
}
