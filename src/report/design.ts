import type { TrialSettings } from '../sweep/scores.js';
import { formatValue } from './charts/scale.js';

/**
 * How a sweep chose its trials, as the charts need to know it: a grid (each setting takes a few
 * listed values), random search (some settings drawn from ranges), or a list of explicit trials.
 * A setting drawn from a range is continuous: it is binned (effects, heatmap) or plotted on a
 * numeric axis (slice plots), never given a tick or a row per drawn value.
 */
export const SETTINGS = ['placement', 'dropout', 'maxNorm', 'lr', 'momentum', 'epochs', 'batchSize', 'hidden'] as const;
export type SettingKey = (typeof SETTINGS)[number];
export const SETTING_LABELS: Record<SettingKey, string> = {
  placement: 'placement',
  dropout: 'dropout rate',
  maxNorm: 'max-norm',
  lr: 'learning rate',
  momentum: 'momentum',
  epochs: 'epochs',
  batchSize: 'batch size',
  hidden: 'hidden layers',
};

export interface SettingDesign {
  key: SettingKey;
  label: string;
  continuous: boolean;
  /** A positive range spanning a factor of 20 or more, or drawn log-uniformly: a log axis. */
  log: boolean;
  /** The range it was drawn from (random search), else the trials' extent for a continuous one. */
  range: { min: number; max: number } | null;
  /** Distinct values the trials take, in order (`null` is max-norm's "none"). */
  values: (string | number | null)[];
}

export interface Design {
  sampler: 'grid' | 'random' | 'list';
  /** Random search: how many trials were asked for. */
  samples: number | null;
  /** The settings that differ between trials. */
  settings: SettingDesign[];
}

interface StoredSpec {
  sampler?: string;
  samples?: number;
  grid?: Record<string, unknown>;
  ranges?: Record<string, { min: number; max: number; log?: boolean }>;
  protocol?: { lr?: number };
}

/** More distinct values than this among the trials makes a numeric setting continuous, whatever the file said. */
const MANY = 12;

const compare = (a: string | number | null, b: string | number | null) =>
  a === null ? (b === null ? 0 : -1) : b === null ? 1 : typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));

const PLACEMENTS = ['none', 'visible', 'hidden', 'both'];
const byPlacement = (a: string | number | null, b: string | number | null) => PLACEMENTS.indexOf(String(a)) - PLACEMENTS.indexOf(String(b));

export function sweepDesign(spec: unknown, rows: readonly TrialSettings[]): Design {
  const s = (spec ?? {}) as StoredSpec;
  const ranges = s.ranges ?? {};
  const settings: SettingDesign[] = [];
  for (const key of SETTINGS) {
    const values = [...new Map(rows.map((r) => [JSON.stringify(r[key]), r[key] as string | number | null])).values()].sort(key === 'placement' ? byPlacement : compare);
    if (values.length < 2) continue;
    const numbers = values.filter((v): v is number => typeof v === 'number');
    let range = ranges[key] ?? null;
    if (key === 'lr' && !range && ranges.lrMultiplier) {
      const base = s.protocol?.lr ?? 0.01;
      range = { min: ranges.lrMultiplier.min * base, max: ranges.lrMultiplier.max * base, log: ranges.lrMultiplier.log };
    }
    const continuous = range !== null || (key !== 'placement' && key !== 'hidden' && numbers.length > MANY);
    const extent = numbers.length ? { min: Math.min(...numbers), max: Math.max(...numbers) } : null;
    const r = range ? { min: range.min, max: range.max } : continuous ? extent : null;
    const log = continuous && r !== null && r.min > 0 && (range?.log === true || r.max / r.min >= 20);
    settings.push({ key, label: SETTING_LABELS[key], continuous, log, range: r, values });
  }
  return { sampler: s.sampler === 'random' ? 'random' : s.grid ? 'grid' : 'list', samples: typeof s.samples === 'number' ? s.samples : null, settings };
}

/** The design in words, for provenance: "random search, 60 trials drawn; dropout rate from 0.05-0.5 (uniform), ...". */
export function describeDesign(spec: unknown, trials: number): string {
  const s = (spec ?? {}) as StoredSpec;
  if (s.sampler === 'random') {
    const drawn = Object.entries(s.ranges ?? {}).map(([k, r]) => `${k} from ${formatValue(r.min)} to ${formatValue(r.max)} (${r.log ? 'log-uniform' : 'uniform'})`);
    const listed = Object.entries(s.grid ?? {}).map(([k, v]) => `${k} from ${JSON.stringify(v)}`);
    return `random search: ${s.samples ?? trials} trials drawn; ${[...drawn, ...listed].join('; ')}`;
  }
  if (s.grid) return `grid: every combination of the listed values (${trials} distinct trials)`;
  return `a list of ${trials} explicit trials`;
}

/** A value as the tables print it: max-norm null is "none", layer widths as 60-30. */
export function valueText(v: unknown): string {
  return v === null ? 'none' : typeof v === 'number' ? formatValue(v) : String(v);
}
