import { PLACEMENTS } from '../engine/model.js';

/**
 * Range checks for every setting of a trial, shared by the CLI (which names the option) and the
 * sweep parser (which names the key path). Each returns null when the value is fine, else the
 * problem in words, e.g. `1.2 is not in [0, 1)`.
 */
export type Check = (value: unknown) => string | null;

const show = (v: unknown): string => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v));
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export const numberIn =
  (lo: number, hi: number, hiOpen: boolean, loOpen = false): Check =>
  (v) => {
    const range = `${loOpen ? '(' : '['}${lo}, ${hi === Infinity ? 'inf' : hi}${hiOpen ? ')' : ']'}`;
    if (!isNumber(v)) return `${show(v)} is not a number in ${range}`;
    const okLo = loOpen ? v > lo : v >= lo;
    const okHi = hiOpen ? v < hi : v <= hi;
    return okLo && okHi ? null : `${show(v)} is not in ${range}`;
  };

export const integerIn =
  (lo: number, hi: number): Check =>
  (v) =>
    isNumber(v) && Number.isInteger(v) && v >= lo && v <= hi ? null : `${show(v)} is not an integer in [${lo}, ${hi}]`;

export const oneOf =
  (allowed: readonly string[]): Check =>
  (v) =>
    typeof v === 'string' && allowed.includes(v) ? null : `${show(v)} is not one of ${allowed.join(', ')}`;

export const checkHidden: Check = (v) => {
  if (!Array.isArray(v) || v.length === 0) return `${show(v)} is not a non-empty list of layer widths`;
  const bad = v.find((w) => !(isNumber(w) && Number.isInteger(w) && w >= 1 && w <= 4096));
  return bad === undefined ? null : `layer width ${show(bad)} is not an integer in [1, 4096]`;
};

export const checkMaxNorm: Check = (v) =>
  v === null || (isNumber(v) && v > 0) ? null : `${show(v)} is neither none nor a positive number`;

/** One check per trial setting, keyed by its sweep-file name. */
export const settingChecks = {
  dropout: numberIn(0, 1, true),
  placement: oneOf(PLACEMENTS),
  maxNorm: checkMaxNorm,
  lr: numberIn(0, Infinity, false, true),
  lrMultiplier: numberIn(0, Infinity, false, true),
  momentum: numberIn(0, 1, true),
  epochs: integerIn(1, 100_000),
  batchSize: integerIn(1, 65_536),
  hidden: checkHidden,
  folds: integerIn(2, 1000),
  repeats: integerIn(1, 1000),
} satisfies Record<string, Check>;

export type SettingName = keyof typeof settingChecks;

/** A sweep's name: what a sweep file's `name:` takes (and `rename --to`). */
export const SWEEP_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const checkSweepName: Check = (v) =>
  typeof v === 'string' && SWEEP_NAME.test(v) ? null : `${show(v)} is not a name of letters, digits, ".", "_" or "-" (at most 64)`;

/** Control characters would reach terminals as escape sequences (a newline in a note is kept). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

/** Longest note, in characters: a note is a line or a short paragraph, not a document. */
export const NOTE_MAX = 2000;

export const checkNote: Check = (v) => {
  if (typeof v !== 'string') return `${show(v)} is not text`;
  if (CONTROL.test(v)) return 'has a control character (a terminal would act on it)';
  if (v.length > NOTE_MAX) return `is ${v.length} characters long; at most ${NOTE_MAX}`;
  return null;
};
