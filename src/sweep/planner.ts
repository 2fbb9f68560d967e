import seedrandom from 'seedrandom';
import type { TrainConfig } from '../engine/model.js';
import { canonicalJson, canonicalize, trialKey } from './canonical.js';
import { INTEGER_SETTINGS, SETTING_KEYS, type GridLists, type Range, type Setting, type SweepSpec, type TrialEntry } from './spec.js';

/** Draws per wanted trial before random search gives up on a small space (its points then collapse). */
const DRAWS_PER_TRIAL = 50;

export interface PlannedTrial {
  key: string;
  config: TrainConfig;
  /** The trial's name from the sweep file, when an explicit trial gave one. */
  label?: string;
}

export interface Plan {
  gridPoints: number;
  explicitTrials: number;
  trials: PlannedTrial[];
  /** Grid points and explicit trials that were the same model as an earlier one. */
  collapsed: number;
  foldFits: number;
}

function toConfig(protocol: SweepSpec['protocol'], s: Partial<Setting>): TrainConfig {
  const lr = s.lr ?? protocol.lr * (s.lrMultiplier ?? 1);
  return canonicalize({
    hidden: s.hidden ?? protocol.hidden,
    placement: s.placement ?? 'none',
    dropout: s.dropout ?? 0,
    maxNorm: s.maxNorm === undefined ? null : s.maxNorm,
    lr,
    momentum: s.momentum ?? protocol.momentum,
    epochs: s.epochs ?? protocol.epochs,
    batchSize: s.batchSize ?? protocol.batchSize,
  });
}

/**
 * Every point of the cross product, the first setting (dropout, then placement, in SETTING_KEYS
 * order) varying fastest: the first trials of a grid then cover every dropout rate and placement,
 * instead of running every placement-none trial before any with dropout. The order decides only
 * which trials run first; keys and results do not depend on it.
 */
function* gridPoints(grid: Partial<GridLists>): Generator<Partial<Setting>> {
  const keys = SETTING_KEYS.filter((k) => grid[k] !== undefined);
  const lists = keys.map((k) => grid[k] as unknown[]);
  const total = lists.reduce((n, l) => n * l.length, 1);
  const index = new Array<number>(keys.length).fill(0);
  for (let i = 0; i < total; i++) {
    const point: Record<string, unknown> = {};
    keys.forEach((k, j) => (point[k] = lists[j][index[j]]));
    yield point as Partial<Setting>;
    for (let j = 0; j < keys.length; j++) {
      if (++index[j] < lists[j].length) break;
      index[j] = 0;
    }
  }
}

/** A drawn value, to 4 significant digits: 0.2371 reads in a table, and nearby draws become one trial. */
function draw(range: Range, u: number, integer: boolean): number {
  const x = range.log ? Math.exp(Math.log(range.min) + u * (Math.log(range.max) - Math.log(range.min))) : range.min + u * (range.max - range.min);
  if (integer) return Math.min(range.max, Math.max(range.min, Math.round(x)));
  return Math.min(range.max, Math.max(range.min, Number(x.toPrecision(4))));
}

/**
 * Random search: draws until `samples` distinct trials (as `distinct` counts them) or the draw
 * budget, from the grid's lists (uniformly) and ranges (uniformly, or log-uniformly), from a
 * stream seeded by the sweep seed, so the same file always gives the same trials.
 */
function* samplePoints(spec: SweepSpec, distinct: () => number): Generator<Partial<Setting>> {
  const random = seedrandom.alea(`${spec.seed}#random-search`);
  const keys = SETTING_KEYS.filter((k) => spec.grid?.[k] !== undefined || spec.ranges?.[k as keyof typeof spec.ranges] !== undefined);
  const wanted = spec.samples ?? 0;
  for (let draws = 0; distinct() < wanted && draws < wanted * DRAWS_PER_TRIAL; draws++) {
    const point: Record<string, unknown> = {};
    for (const k of keys) {
      const list = spec.grid?.[k] as unknown[] | undefined;
      const range = spec.ranges?.[k as keyof typeof spec.ranges];
      point[k] = list ? list[Math.floor(random() * list.length)] : draw(range!, random(), INTEGER_SETTINGS.includes(k));
    }
    yield point as Partial<Setting>;
  }
}

/**
 * Expands a sweep into distinct trials: explicit trials first, then the grid (or, with
 * `sampler: random`, the random draws). Equivalent configurations (dropout 0 under any placement,
 * say) become one trial with one key. Yields how many points it has handled every `step` points,
 * so a caller can let other work (a signal) in while a big grid is planned; returns the plan.
 */
export function* planSteps(spec: SweepSpec, step = Infinity): Generator<number, Plan> {
  const byCanonical = new Map<string, PlannedTrial>();
  let seen = 0;
  const add = (s: Partial<Setting>, label?: string) => {
    seen++;
    const config = toConfig(spec.protocol, s);
    const canonical = canonicalJson(config);
    if (byCanonical.has(canonical)) return;
    byCanonical.set(canonical, { key: trialKey(config), config, ...(label ? { label } : {}) });
  };
  (spec.trials ?? []).forEach((t: TrialEntry) => add(t, t.name));
  const points = spec.sampler === 'random' ? samplePoints(spec, () => byCanonical.size) : spec.grid ? gridPoints(spec.grid) : [];
  let gridPointsSeen = 0;
  for (const point of points) {
    add(point);
    if (++gridPointsSeen % step === 0) yield seen;
  }
  const trials = [...byCanonical.values()];
  return {
    gridPoints: gridPointsSeen,
    explicitTrials: spec.trials?.length ?? 0,
    trials,
    collapsed: seen - trials.length,
    foldFits: trials.length * spec.folds * spec.repeats,
  };
}

/** The whole plan at once (see `planSteps`). */
export function planSweep(spec: SweepSpec): Plan {
  const steps = planSteps(spec);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}
