import { badSpec, nearest } from '../errors.js';
import { integerIn, settingChecks, type Check } from './checks.js';
import type { Placement } from '../engine/model.js';
import { DEFAULT_RACE, type RaceSettings } from './racing.js';
import { SHIPPED_NAMES } from '../data/registry.js';
import { DEFAULT_METRIC, METRICS, parseMetric, type MetricName } from '../stats/metrics.js';
import { SPLITS, type SplitMethod } from '../data/folds.js';

/** A sweep file, validated: every key known, every value in range. */
export interface SweepSpec {
  name: string;
  description?: string;
  /** A shipped data set (sonar, iris, digits) or a CSV path (relative paths are taken from the sweep file's folder). */
  data: string;
  target?: string | number;
  /** Split seed and (unless `trainSeed` is given) the root of every model seed. */
  seed: number;
  /** The root of every model seed when it is not `seed`: confirm's new training seeds. */
  trainSeed?: string;
  folds: number;
  repeats: number;
  /**
   * One split seed per repeat (`repeats` of them): repeat r deals the rows anew with splitSeeds[r],
   * so the repeats are fresh random splits (repeated k-fold CV; confirm on fresh splits). Absent:
   * every repeat uses the split of `seed`.
   */
  splitSeeds?: number[];
  /**
   * Nested cross-validation's inner sweep: the sweep runs on the rows outside outer fold `fold` of
   * the `folds`-fold split of the data with `seed` (the sweep's split method); its own folds
   * split those rows. Written by `dropsweep nested`, one sweep NAME-outer-i per outer fold.
   */
  outer?: OuterFold;
  /**
   * `sklearn`: scikit-learn's StratifiedKFold(shuffle=True, random_state=seed) folds. Absent means
   * dropsweep's own split (so `split: dropsweep` is stored as absent, and sweeps made before the
   * key existed keep their spec and their hash).
   */
  split?: Exclude<SplitMethod, 'dropsweep'>;
  engine?: string;
  protocol: Protocol;
  grid?: Partial<GridLists>;
  trials?: TrialEntry[];
  /** `random`: draw `samples` trials from `grid` lists and `ranges` instead of crossing the grid. */
  sampler?: 'random';
  samples?: number;
  ranges?: Partial<Record<RangeKey, Range>>;
  /** Fold-level racing (`race: true`, or `{ minFolds, tests, alpha, stopDiverged }`). */
  race?: RaceSettings;
  /** The held-out metric trials are ranked by (`metric:`); absent means DEFAULT_METRIC. Never part of a trial key. */
  metric?: MetricName;
  /** Learning-curve cadence (`curves: { every: E }`); absent means every DEFAULT_CURVE_EVERY epochs. Never part of a trial key. */
  curves?: CurveSettings;
}

/** How often the held-out rows are scored during training, for the learning curve. */
export interface CurveSettings {
  /** Score the held-out rows after every `every` epochs; 0 scores them only after the last epoch. */
  every: number;
}
export const DEFAULT_CURVE_EVERY = 10;

/** The metric a sweep ranks by: its `metric:` key, else accuracy. */
export function rankingMetric(spec: Pick<SweepSpec, 'metric'>): MetricName {
  return spec.metric ?? DEFAULT_METRIC;
}

/** The `curveEvery` a sweep's fits are trained with (TrainOptions.curveEvery). */
export function curveEvery(spec: Pick<SweepSpec, 'curves'>): number {
  return spec.curves?.every ?? DEFAULT_CURVE_EVERY;
}

/** A numeric setting drawn uniformly (or log-uniformly) between min and max, for random search. */
export interface Range {
  min: number;
  max: number;
  log?: boolean;
}
export const RANGE_KEYS = ['dropout', 'maxNorm', 'lr', 'lrMultiplier', 'momentum', 'epochs', 'batchSize'] as const;
export type RangeKey = (typeof RANGE_KEYS)[number];
export const INTEGER_SETTINGS: readonly string[] = ['epochs', 'batchSize'];

export interface Protocol {
  epochs: number;
  batchSize: number;
  hidden: number[];
  lr: number;
  momentum: number;
}

export interface Setting {
  dropout: number;
  placement: Placement;
  maxNorm: number | null;
  lr: number;
  lrMultiplier: number;
  momentum: number;
  epochs: number;
  batchSize: number;
  hidden: number[];
}
export type GridLists = { [K in keyof Setting]: Setting[K][] };
export type TrialEntry = Partial<Setting> & { name?: string };

export const SETTING_KEYS = ['dropout', 'placement', 'maxNorm', 'lr', 'lrMultiplier', 'momentum', 'epochs', 'batchSize', 'hidden'] as const;
const TOP_KEYS = ['name', 'description', 'data', 'target', 'seed', 'folds', 'repeats', 'split', 'engine', 'sampler', 'protocol', 'grid', 'trials', 'race', 'trainSeed', 'splitSeeds', 'outer', 'metric', 'curves'];
const PROTOCOL_KEYS = ['epochs', 'batchSize', 'hidden', 'lr', 'momentum'];

export const DEFAULT_PROTOCOL: Protocol = { epochs: 300, batchSize: 16, hidden: [60, 30], lr: 0.01, momentum: 0.8 };

/** Control characters in names would reach terminals as escape sequences. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `none`, `null` and YAML's null all mean no max-norm. */
function readMaxNorm(v: unknown): unknown {
  return v === 'none' || v === null ? null : v;
}

function settingCheck(key: (typeof SETTING_KEYS)[number]): Check {
  return settingChecks[key];
}

/**
 * Validates a parsed sweep document. Every problem is reported as `file: key.path: problem`, with
 * the nearest valid key suggested for an unknown one.
 */
export function validateSpec(doc: unknown, file: string, engines: readonly string[]): SweepSpec {
  const fail = (path: string, problem: string) => badSpec(file, path, problem);
  if (!isObject(doc)) throw fail('', 'a sweep file must be a mapping of keys (name, data, protocol, grid, trials, ...)');

  unknownKeys(doc, TOP_KEYS, '', fail);

  if (typeof doc.name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(doc.name)) {
    throw fail('name', `${JSON.stringify(doc.name)} is not a name of letters, digits, ".", "_" or "-" (at most 64)`);
  }
  if (doc.description !== undefined && (typeof doc.description !== 'string' || CONTROL.test(doc.description.replace(/\n/g, '')))) {
    throw fail('description', 'must be text without control characters');
  }
  const data = doc.data ?? 'sonar';
  if (typeof data !== 'string' || data === '') throw fail('data', `must be a shipped data set (${SHIPPED_NAMES.join(', ')}) or a CSV path`);
  const int = (key: string, value: unknown, fallback: number, check: Check) => {
    const v = value ?? fallback;
    const problem = check(v);
    if (problem) throw fail(key, problem);
    return v as number;
  };
  const seed = int('seed', doc.seed, 7, (v) => (Number.isSafeInteger(v) && (v as number) >= 0 ? null : `${JSON.stringify(v)} is not an integer in [0, ${Number.MAX_SAFE_INTEGER}]`));
  const folds = int('folds', doc.folds, 10, settingChecks.folds);
  const repeats = int('repeats', doc.repeats, 1, settingChecks.repeats);
  const split = readSplit(doc.split, seed, fail);
  const splitSeeds = readSplitSeeds(doc.splitSeeds, repeats, split, fail);
  const outer = readOuter(doc.outer, split, fail);
  if (doc.trainSeed !== undefined && (typeof doc.trainSeed !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(doc.trainSeed))) {
    throw fail('trainSeed', `${JSON.stringify(doc.trainSeed)} is not a text of letters, digits, ".", "_" or "-" (at most 64)`);
  }
  if (doc.engine !== undefined && !engines.includes(doc.engine as string)) {
    throw fail('engine', `${JSON.stringify(doc.engine)} is not one of ${engines.join(', ')}`);
  }
  if (doc.target !== undefined && typeof doc.target !== 'string' && typeof doc.target !== 'number') {
    throw fail('target', 'must be a column name or a 1-based column number');
  }

  const protocol = readProtocol(doc.protocol, fail);

  if (doc.sampler !== undefined && doc.sampler !== 'grid' && doc.sampler !== 'random') throw fail('sampler', `${JSON.stringify(doc.sampler)} is not one of grid, random`);
  const random = doc.sampler === 'random';
  let samples: number | undefined;
  if (random) {
    const problem = integerIn(1, 100_000)(doc.trials);
    if (problem) throw fail('trials', `with sampler: random, trials is how many to draw: ${problem}`);
    if (!isObject(doc.grid)) throw fail('grid', 'sampler: random needs a grid of lists and ranges to draw from');
    samples = doc.trials as number;
  }
  const { grid, ranges } = doc.grid === undefined ? { grid: undefined, ranges: undefined } : readGrid(doc.grid, random, fail);

  const trials = doc.trials !== undefined && !random ? readTrials(doc.trials, fail) : undefined;
  checkCombinations(grid, ranges, trials, random, fail);

  const race = readRace(doc.race, folds * repeats, fail);
  const metric = doc.metric === undefined ? undefined : readMetric(doc.metric, fail);
  const curves = doc.curves === undefined ? undefined : readCurves(doc.curves, fail);

  return {
    name: doc.name,
    ...(typeof doc.description === 'string' ? { description: doc.description } : {}),
    data,
    ...(doc.target !== undefined ? { target: doc.target as string | number } : {}),
    seed,
    ...(doc.trainSeed !== undefined ? { trainSeed: doc.trainSeed as string } : {}),
    folds,
    repeats,
    ...(splitSeeds ? { splitSeeds } : {}),
    ...(outer ? { outer } : {}),
    ...(split === 'sklearn' ? { split } : {}),
    ...(doc.engine !== undefined ? { engine: doc.engine as string } : {}),
    protocol,
    ...(grid && Object.keys(grid).length ? { grid } : {}),
    ...(trials ? { trials } : {}),
    ...(random ? { sampler: 'random' as const, samples, ...(ranges ? { ranges } : {}) } : {}),
    ...(race ? { race } : {}),
    // Only when written, so a sweep file without them keeps the spec (and spec hash) it had.
    ...(metric ? { metric } : {}),
    ...(curves ? { curves } : {}),
  };
}

type Fail = (path: string, problem: string) => Error;

/** Refuses a key not in `allowed`, suggesting the nearest one. */
function unknownKeys(obj: Record<string, unknown>, allowed: readonly string[], at: string, fail: Fail): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      const guess = nearest(key, allowed);
      throw fail(`${at}${key}`, `unknown key${guess ? `; did you mean "${guess}"?` : `; expected one of ${allowed.join(', ')}`}`);
    }
  }
}

/** `protocol:` over the tutorial's defaults. */
function readProtocol(value: unknown, fail: Fail): Protocol {
  const protocol: Protocol = { ...DEFAULT_PROTOCOL, hidden: [...DEFAULT_PROTOCOL.hidden] };
  if (value === undefined) return protocol;
  if (!isObject(value)) throw fail('protocol', 'must be a mapping');
  unknownKeys(value, PROTOCOL_KEYS, 'protocol.', fail);
  for (const [key, v] of Object.entries(value)) {
    const problem = settingCheck(key as keyof Protocol)(v);
    if (problem) throw fail(`protocol.${key}`, problem);
    (protocol as unknown as Record<string, unknown>)[key] = v;
  }
  return protocol;
}

/** `grid:` lists to cross; with `sampler: random`, also ranges to draw from. */
function readGrid(value: unknown, random: boolean, fail: Fail): { grid: Partial<GridLists>; ranges: Partial<Record<RangeKey, Range>> | undefined } {
  if (!isObject(value)) throw fail('grid', 'must be a mapping of setting: [values]');
  unknownKeys(value, SETTING_KEYS, 'grid.', fail);
  const grid: Partial<GridLists> = {};
  let ranges: Partial<Record<RangeKey, Range>> | undefined;
  for (const [key, list] of Object.entries(value)) {
    if (random && isObject(list)) {
      (ranges ??= {})[key as RangeKey] = checkRange(key, list, fail);
      continue;
    }
    if (!Array.isArray(list)) throw fail(`grid.${key}`, random ? 'must be a list of values or a range {min, max, log}' : 'must be a list of values');
    if (list.length === 0) throw fail(`grid.${key}`, 'is an empty list; give at least one value or leave the key out');
    const values = key === 'maxNorm' ? list.map(readMaxNorm) : list;
    values.forEach((v, i) => {
      const problem = settingCheck(key as keyof Setting)(v);
      if (problem) throw fail(`grid.${key}[${i}]`, problem);
    });
    (grid as Record<string, unknown[]>)[key] = values;
  }
  return { grid, ranges };
}

/** `trials:` (a grid sweep's list of configurations). */
function readTrials(value: unknown, fail: Fail): TrialEntry[] {
  if (!Array.isArray(value)) throw fail('trials', 'must be a list of configurations');
  if (value.length === 0) throw fail('trials', 'is an empty list; give at least one trial or leave the key out');
  return value.map((entry, i) => {
    if (!isObject(entry)) throw fail(`trials[${i}]`, 'must be a mapping of settings');
    unknownKeys(entry, [...SETTING_KEYS, 'name'], `trials[${i}].`, fail);
    const out: Record<string, unknown> = {};
    for (const [key, raw] of Object.entries(entry)) {
      if (key === 'name') {
        if (typeof raw !== 'string') throw fail(`trials[${i}].name`, 'must be a string');
        if (CONTROL.test(raw)) throw fail(`trials[${i}].name`, 'has a control character (a terminal would act on it)');
        out.name = raw;
        continue;
      }
      const v = key === 'maxNorm' ? readMaxNorm(raw) : raw;
      const problem = settingCheck(key as keyof Setting)(v);
      if (problem) throw fail(`trials[${i}].${key}`, problem);
      out[key] = v;
    }
    if (out.lr !== undefined && out.lrMultiplier !== undefined) throw fail(`trials[${i}]`, 'give lr or lrMultiplier, not both');
    return out as TrialEntry;
  });
}

/** What the keys say together: something to run, a grid within bounds, no setting without effect. */
function checkCombinations(grid: Partial<GridLists> | undefined, ranges: Partial<Record<RangeKey, Range>> | undefined, trials: TrialEntry[] | undefined, random: boolean, fail: Fail): void {
  if (grid && !random) checkGridSize(grid, fail);
  if (grid?.lr && grid.lrMultiplier) throw fail('grid', 'give lr or lrMultiplier, not both');
  // Dropout with placement none (the default) trains no dropout at all: a silent no-op, so refused.
  const placed = (p: Placement[] | undefined) => (p ?? ['none']).some((x) => x !== 'none');
  const rate = grid?.dropout?.find((r) => r > 0) ?? (ranges?.dropout && ranges.dropout.max > 0 ? ranges.dropout.max : undefined);
  if (rate !== undefined && !placed(grid?.placement)) {
    throw fail('grid.dropout', `${rate} has no effect without a placement (the default is none); add grid.placement: [visible, hidden, both]`);
  }
  trials?.forEach((t, i) => {
    if ((t.dropout ?? 0) > 0 && (t.placement ?? 'none') === 'none') {
      throw fail(`trials[${i}].dropout`, `${t.dropout} has no effect without a placement (the default is none); add placement: visible, hidden or both`);
    }
  });
  if (!grid && !trials && !ranges) throw fail('', 'nothing to run: give a grid: of settings to cross, a trials: list, or both');
  if (random && ranges?.lr && (grid?.lrMultiplier || ranges.lrMultiplier)) throw fail('grid', 'give lr or lrMultiplier, not both');
  if (random && ranges?.lrMultiplier && grid?.lr) throw fail('grid', 'give lr or lrMultiplier, not both');

}

/** The split a stored sweep was made with, from its stored spec (absent: dropsweep's own). */
export function storedSplit(specJson: string): SplitMethod {
  return (JSON.parse(specJson) as { split?: unknown }).split === 'sklearn' ? 'sklearn' : 'dropsweep';
}

/** One outer fold of nested cross-validation. */
export interface OuterFold {
  folds: number;
  fold: number;
  seed: number;
}

/** `outer: { folds, fold, seed }`: fold in [0, folds), folds in [2, 100]. */
export function readOuter(v: unknown, split: SplitMethod, fail: (path: string, problem: string) => Error): OuterFold | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v)) throw fail('outer', 'must be a mapping { folds, fold, seed }');
  for (const k of Object.keys(v)) if (!['folds', 'fold', 'seed'].includes(k)) throw fail(`outer.${k}`, 'is not a key of outer (folds, fold, seed)');
  const { folds, fold, seed } = v as Record<string, unknown>;
  if (!Number.isInteger(folds) || (folds as number) < 2 || (folds as number) > 100) throw fail('outer.folds', `${JSON.stringify(folds)} is not an integer in [2, 100]`);
  if (!Number.isInteger(fold) || (fold as number) < 0 || (fold as number) >= (folds as number)) throw fail('outer.fold', `${JSON.stringify(fold)} is not an integer in [0, ${(folds as number) - 1}]`);
  const most = split === 'sklearn' ? 0xffffffff : Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(seed) || (seed as number) < 0 || (seed as number) > most) throw fail('outer.seed', `${JSON.stringify(seed)} is not an integer in [0, ${most}]`);
  return { folds: folds as number, fold: fold as number, seed: seed as number };
}

/** `splitSeeds: [s0, s1, ...]`: one seed per repeat, each an integer a split of this method takes. */
export function readSplitSeeds(v: unknown, repeats: number, split: SplitMethod, fail: (path: string, problem: string) => Error): number[] | undefined {
  if (v === undefined) return undefined;
  const most = split === 'sklearn' ? 0xffffffff : Number.MAX_SAFE_INTEGER;
  if (!Array.isArray(v) || v.length !== repeats) throw fail('splitSeeds', `must be a list of ${repeats} seed(s), one per repeat`);
  for (const [i, x] of v.entries()) {
    if (!Number.isSafeInteger(x) || (x as number) < 0 || (x as number) > most) throw fail(`splitSeeds[${i}]`, `${JSON.stringify(x)} is not an integer in [0, ${most}]`);
  }
  return [...(v as number[])];
}

/** `split: dropsweep | sklearn`; numpy's RandomState takes seeds up to 2^32 - 1 only. */
export function readSplit(v: unknown, seed: number, fail: (path: string, problem: string) => Error): SplitMethod {
  if (v === undefined) return 'dropsweep';
  if (typeof v !== 'string' || !(SPLITS as readonly string[]).includes(v)) throw fail('split', `${JSON.stringify(v)} is not one of ${SPLITS.join(', ')}`);
  if (v === 'sklearn' && seed > 0xffffffff) throw fail('seed', `${seed} is above 4294967295, the largest seed numpy's RandomState (split: sklearn) takes`);
  return v as SplitMethod;
}

/**
 * `race: true` (the defaults), `false`, or `{ minFolds, tests, alpha, stopDiverged }`; the last test
 * (after minFolds + tests - 1 folds) leaves at least one fold to save.
 */
export function readRace(v: unknown, fitsPerTrial: number, fail: (path: string, problem: string) => Error): RaceSettings | undefined {
  if (v === undefined || v === false) return undefined;
  const defaultMin = Math.min(DEFAULT_RACE.minFolds, Math.max(2, fitsPerTrial - 1));
  const defaultTests = (minFolds: number) => Math.max(1, Math.min(DEFAULT_RACE.tests!, fitsPerTrial - minFolds));
  if (v === true) return { ...DEFAULT_RACE, minFolds: defaultMin, tests: defaultTests(defaultMin) };
  if (!isObject(v)) throw fail('race', 'must be true, false or a mapping { minFolds, tests, alpha, stopDiverged }');
  const keys = ['minFolds', 'tests', 'alpha', 'stopDiverged'];
  for (const k of Object.keys(v)) {
    if (!keys.includes(k)) {
      const guess = nearest(k, keys);
      throw fail(`race.${k}`, `unknown key${guess ? `; did you mean "${guess}"?` : '; race has minFolds, tests, alpha and stopDiverged'}`);
    }
  }
  const minFolds = v.minFolds ?? defaultMin;
  const problem = integerIn(2, Math.max(2, fitsPerTrial - 1))(minFolds);
  if (problem) throw fail('race.minFolds', `${problem} (a t-test needs 2 folds, and a trial stopped at its last fold saves nothing)`);
  const tests = v.tests ?? defaultTests(minFolds as number);
  const most = Math.max(1, fitsPerTrial - (minFolds as number));
  const testsProblem = integerIn(1, most)(tests);
  if (testsProblem) throw fail('race.tests', `${testsProblem} (tests come after ${minFolds}, ${minFolds as number + 1}, ... folds, and the last must leave a fold to save)`);
  const alpha = v.alpha ?? DEFAULT_RACE.alpha;
  if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 0.5)) throw fail('race.alpha', `${JSON.stringify(alpha)} is not a number in (0, 0.5)`);
  const stopDiverged = v.stopDiverged ?? DEFAULT_RACE.stopDiverged;
  if (typeof stopDiverged !== 'boolean') throw fail('race.stopDiverged', 'must be true or false');
  return { minFolds: minFolds as number, tests: tests as number, alpha, stopDiverged };
}

/** `metric: NAME`, one of METRICS (case and - for _ forgiven); a misspelling gets the nearest name. */
export function readMetric(v: unknown, fail: (path: string, problem: string) => Error): MetricName {
  const metric = typeof v === 'string' ? parseMetric(v) : null;
  if (metric) return metric;
  const guess = typeof v === 'string' ? nearest(v, METRICS) : undefined;
  throw fail('metric', `${JSON.stringify(v)} is not a metric; ${guess ? `did you mean "${guess}"? ` : ''}one of ${METRICS.join(', ')}`);
}

/** `curves: { every: E }`: held-out checkpoints every E epochs, 0 for none before the last epoch. */
export function readCurves(v: unknown, fail: (path: string, problem: string) => Error): CurveSettings {
  if (!isObject(v)) throw fail('curves', 'must be a mapping { every: E } (held-out rows scored every E epochs; 0 only after the last)');
  for (const k of Object.keys(v)) {
    if (k !== 'every') throw fail(`curves.${k}`, `unknown key${nearest(k, ['every']) ? '; did you mean "every"?' : '; curves has every'}`);
  }
  const every = v.every ?? DEFAULT_CURVE_EVERY;
  const problem = integerIn(0, 100_000)(every);
  if (problem) throw fail('curves.every', `${problem} (0 scores the held-out rows only after the last epoch)`);
  return { every: every as number };
}

/**
 * The most grid points a sweep may cross. Far past any sweep that can finish (150,000 trials of 5
 * epochs take hours; of the tutorial's 300, months), and a plan this size still fits in memory
 * (about 0.8 KB a trial while it is planned and written). Random search draws at most 100,000.
 */
export const MAX_GRID_POINTS = 1_000_000;

/** Counts the grid before anything is expanded: a 12,000,000-point grid is refused without a byte allocated for it. */
function checkGridSize(grid: Partial<GridLists>, fail: (path: string, problem: string) => Error): void {
  const sizes = Object.entries(grid).map(([key, list]) => [key, (list as unknown[]).length] as const);
  const points = sizes.reduce((n, [, length]) => n * length, 1);
  if (points <= MAX_GRID_POINTS) return;
  const n = (x: number) => x.toLocaleString('en');
  throw fail(
    'grid',
    `crosses to ${n(points)} grid points (${sizes.map(([key, length]) => `${key} ${length}`).join(' x ')}), more than the ${n(MAX_GRID_POINTS)} a sweep may plan; ` +
      'split it into several sweeps, or draw from it with sampler: random and trials: N (at most 100,000)',
  );
}

/** A range of a numeric setting for random search: both ends valid values, min <= max, log only above 0. */
function checkRange(key: string, range: Record<string, unknown>, fail: (path: string, problem: string) => Error): Range {
  const at = `grid.${key}`;
  if (!(RANGE_KEYS as readonly string[]).includes(key)) throw fail(at, `${key} takes a list of values, not a range`);
  for (const k of Object.keys(range)) {
    if (!['min', 'max', 'log'].includes(k)) {
      const guess = nearest(k, ['min', 'max', 'log']);
      throw fail(`${at}.${k}`, `unknown key${guess ? `; did you mean "${guess}"?` : '; a range has min, max and log'}`);
    }
  }
  for (const end of ['min', 'max'] as const) {
    const problem = range[end] === undefined ? 'is missing' : settingChecks[key as RangeKey](range[end]);
    if (problem) throw fail(`${at}.${end}`, problem);
  }
  const min = range.min as number;
  const max = range.max as number;
  if (min > max) throw fail(at, `min ${min} is above max ${max}`);
  if (range.log !== undefined && typeof range.log !== 'boolean') throw fail(`${at}.log`, 'must be true or false');
  if (range.log && min <= 0) throw fail(`${at}.min`, `a log range needs min > 0, not ${min}`);
  return { min, max, ...(range.log ? { log: true } : {}) };
}
