import { badData } from '../errors.js';

/**
 * How a label column becomes class indices, as a user of pandas + scikit-learn's LabelEncoder
 * expects (LabelEncoder orders classes by np.unique, i.e. sorted):
 *
 * - Text labels sort by Unicode code point (numpy's order for str arrays): "B" < "a" < "b".
 * - When every label is a plain decimal, pandas reads the column as numbers, so the classes
 *   sort numerically ("2" < "10", "-2" < "-1") and spellings of one number are one class
 *   ("1" and "1.0", "01" and "1"), named by the spelling met first in the file.
 * - A column with some text is text throughout, as pandas reads it (object dtype): "10" < "2" < "a".
 */

/** Above this many distinct numbers a numeric label column is a regression target, refused. */
export const MAX_NUMERIC_CLASSES = 20;
/** Above this many distinct labels the column is more likely an identifier than classes. */
export const MAX_CLASSES = 100;

// A plain decimal, as people write them in data files (feature cells and numeric labels alike).
// Number() alone would also take "0x1F", "0b1", "Infinity" and a blank cell (as 0).
// `\d+(?:\.\d*)?`, not `\d+\.?\d*`: the latter tries every split of a long run of digits in two
// (a 100,000-digit cell took a minute to refuse); this one backtracks in linear time.
export const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export interface LabelEncoding {
  /** Class names in class-index order. */
  classes: string[];
  /** The class index of each distinct label text, in the order the texts were given. */
  classOf: Uint8Array;
}

/** numpy's order for unicode strings: by code point (JavaScript's `<` compares UTF-16 units). */
export function codePointCompare(a: string, b: string): number {
  const x = Array.from(a, (ch) => ch.codePointAt(0)!);
  const y = Array.from(b, (ch) => ch.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/**
 * The classes of a label column from its distinct texts (in the order first met in the file).
 * `column` names the column in messages, e.g. `column 61` or `column 3 ("species")`.
 */
export function encodeLabels(texts: readonly string[], column: string, file: string): LabelEncoding {
  const numeric = texts.length > 0 && texts.every((t) => DECIMAL.test(t));
  return numeric ? encodeNumbers(texts, column, file) : encodeText(texts, column, file);
}

function encodeNumbers(texts: readonly string[], column: string, file: string): LabelEncoding {
  // A Map keys by SameValueZero, so -0 and 0 are one number, as np.unique has them.
  const spelling = new Map<number, string>();
  for (const t of texts) if (!spelling.has(Number(t))) spelling.set(Number(t), t);
  const values = [...spelling.keys()].sort((a, b) => a - b);
  if (values.length > MAX_NUMERIC_CLASSES) {
    throw badData(
      file,
      '',
      `${column} holds ${values.length} distinct numbers (${values[0]} to ${values[values.length - 1]}), so it looks like a regression target; ` +
        `dropsweep classifies (at most ${MAX_NUMERIC_CLASSES} numeric classes): name the label column with --target (target: in a sweep file)`,
    );
  }
  const rank = new Map(values.map((v, i) => [v, i]));
  return finish(
    values.map((v) => spelling.get(v)!),
    Uint8Array.from(texts, (t) => rank.get(Number(t))!),
    column,
    file,
  );
}

function encodeText(texts: readonly string[], column: string, file: string): LabelEncoding {
  const classes = [...texts].sort(codePointCompare);
  if (classes.length > MAX_CLASSES) {
    const shown = classes.slice(0, 3).map((c) => JSON.stringify(c)).join(', ');
    throw badData(
      file,
      '',
      `${column} has ${classes.length} distinct labels (${shown}, ...); dropsweep classifies into at most ${MAX_CLASSES} classes: ` +
        `name the label column with --target (target: in a sweep file)`,
    );
  }
  const index = new Map(classes.map((c, i) => [c, i]));
  return finish(classes, Uint8Array.from(texts, (t) => index.get(t)!), column, file);
}

function finish(classes: string[], classOf: Uint8Array, column: string, file: string): LabelEncoding {
  if (classes.length < 2) throw badData(file, '', `only one class (${JSON.stringify(classes[0])}) in ${column}; need two`);
  return { classes, classOf };
}
