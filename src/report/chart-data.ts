import { correctedPairedTTest, holm, mean, varianceFloor } from '../stats/statistics.js';
import { binOf, quantileBins } from './charts/bins.js';
import type { HeatCell } from './charts/heatmap.js';
import { chartMetric, formatMetric, type Metric } from './charts/metric.js';
import type { ScatterPoint } from './charts/scatter.js';
import { PLACEMENT_ORDER } from './charts/theme.js';
import type { SweepChartData } from './charts/sweep.js';
import { valueText, type SettingDesign, type SettingKey } from './design.js';
import { dimensionEffects, groupFoldMeans } from './effects.js';
import type { LeaderboardRow } from './leaderboard.js';
import type { ReportInput } from './report-input.js';

export type { SweepChartData };
type HeatmapData = SweepChartData['heatmap'];

const STRIP_TRIALS = 10;
const ALPHA = 0.05;

const complete = (rows: LeaderboardRow[]) => rows.filter((r) => r.status === 'complete' && r.mean !== null);
const shortName = (r: LeaderboardRow) => `${r.trialKey.slice(0, 10)}${r.label ? ` ${r.label}` : ''}`;

/** A setting's levels for a two-way chart: its values, or quantile bins when it is continuous. */
function levels(rows: LeaderboardRow[], key: SettingKey, setting: SettingDesign | undefined): { labels: string[]; of: (r: LeaderboardRow) => number } {
  if (setting?.continuous) {
    const bins = quantileBins(rows.map((r) => r[key] as number));
    return { labels: bins.map((b) => b.label), of: (r) => binOf(bins, r[key] as number) };
  }
  const values = [...new Set(rows.map((r) => r[key] as number))].sort((a, b) => a - b);
  return { labels: values.map(valueText), of: (r) => values.indexOf(r[key] as number) };
}

/**
 * Learning rate x momentum cells. Each cell's mean score on each fold (its trials averaged) is
 * compared with the best cell's, fold by fold, with the corrected resampled t-test
 * (Nadeau-Bengio), Holm-adjusted across the cells: a cell that is not significantly worse at 0.05
 * is within noise of the best.
 */
export function heatmapData(input: ReportInput, metric: Metric = chartMetric(input.metric)): HeatmapData {
  const rows = complete(input.rows);
  const setting = (k: SettingKey) => input.design.settings.find((s) => s.key === k);
  const x = levels(rows, 'lr', setting('lr'));
  const y = levels(rows, 'momentum', setting('momentum'));
  const groups = new Map<string, { x: number; y: number; rows: LeaderboardRow[] }>();
  for (const r of rows) {
    const k = `${x.of(r)}|${y.of(r)}`;
    (groups.get(k) ?? groups.set(k, { x: x.of(r), y: y.of(r), rows: [] }).get(k)!).rows.push(r);
  }
  // Fold means in the board's unit (percent for `%` metrics); the tests take them back to the stored scale.
  const scale = metric.unit === '%' ? 100 : 1;
  const cells = [...groups.values()].map((g) => ({ ...g, mean: mean(g.rows.map((r) => r.mean!)), folds: groupFoldMeans(g.rows, input.foldScores, scale) }));
  const best = cells.reduce<(typeof cells)[number] | null>((b, c) => (b === null || (metric.higherIsBetter ? c.mean > b.mean : c.mean < b.mean) ? c : b), null);
  const others = cells.filter((c) => c !== best);
  const raw = others.map((c) => {
    const diffs: number[] = [];
    for (const [k, v] of best!.folds) if (c.folds.has(k)) diffs.push((v - c.folds.get(k)!) / scale);
    // The floor is half a held-out row squared, a step of accuracy: other metrics have none (as the leaderboard's tests).
    return correctedPairedTTest(diffs, input.testTrainRatio, 1, metric.name === 'accuracy' ? varianceFloor(input.heldOutRows ?? 0) : 0).p;
  });
  const adjusted = holm(raw);
  const pOf = new Map(others.map((c, i) => [c, Number.isNaN(adjusted[i]) ? null : adjusted[i]]));
  const binned = [setting('lr'), setting('momentum')].filter((s) => s?.continuous).map((s) => s!.label);
  return {
    xLevels: x.labels,
    yLevels: y.labels,
    xLabel: 'learning rate',
    yLabel: 'momentum',
    binned: binned.length ? binned.join(' and ') : null,
    cells: cells.map((c): HeatCell => {
      const p = pOf.get(c) ?? null;
      const withinNoise = c === best || p === null || p >= ALPHA;
      const verdict = c === best ? 'the best cell' : p === null ? 'not testable against the best (too few shared folds)' : `${withinNoise ? 'within noise of' : 'below'} the best cell (p = ${p < 0.001 ? '<0.001' : p.toFixed(3)}, Holm)`;
      return { x: c.x, y: c.y, mean: c.mean, trials: c.rows.length, withinNoise, title: `lr ${x.labels[c.x]}, momentum ${y.labels[c.y]}: ${formatMetric(metric, c.mean)} over ${c.rows.length} trial(s); ${verdict}` };
    }),
  };
}

function dropoutData(input: ReportInput): SweepChartData['dropout'] {
  const setting = input.design.settings.find((s) => s.key === 'dropout');
  if (setting?.continuous) return { kind: 'slice', points: slicePoints(complete(input.rows), 'dropout') };
  if (input.curve.length === 0) return { kind: 'none', note: 'No complete trials with dropout yet.' };
  const placements = PLACEMENT_ORDER.filter((p) => input.curve.some((c) => c.placement === p));
  return {
    kind: 'intervals',
    series: placements.map((p) => ({ key: p, label: p, points: input.curve.filter((c) => c.placement === p).map((c) => ({ x: c.rate, mean: c.mean, low: c.low, high: c.high, n: c.trials })) })),
  };
}

/** Every complete trial at its value of a setting: the number for a continuous one, the value's text for one with a few values. */
const slicePoints = (rows: LeaderboardRow[], key: SettingKey, categorical = false): ScatterPoint[] =>
  rows.map((r) => ({ x: categorical ? valueText(r[key]) : (r[key] as number), y: r.mean!, series: r.placement, key: r.trialKey, title: shortName(r) }));

function historyPoints(input: ReportInput): SweepChartData['history'] {
  const rows = complete(input.rows);
  const when = (r: LeaderboardRow) => input.finishedAfter.get(r.trialKey) ?? null;
  const ordered = [...rows].sort((a, b) => (when(a) ?? Infinity) - (when(b) ?? Infinity) || (a.trialKey < b.trialKey ? -1 : 1));
  return ordered.map((r, i) => ({ index: i + 1, seconds: when(r), value: r.mean!, key: r.trialKey, title: shortName(r) }));
}

export function sweepChartData(input: ReportInput, metric: Metric = chartMetric(input.metric)): SweepChartData {
  const scale = metric.unit === '%' ? 100 : 1;
  const rows = complete(input.rows);
  const settings = input.design.settings;
  const maxNorm = dimensionEffects(input.rows, input.design, !metric.higherIsBetter).filter((e) => e.dimension === 'maxNorm');
  return {
    metric,
    design: input.design,
    dropout: dropoutData(input),
    heatmap: heatmapData(input, metric),
    maxNorm: maxNorm.length
      ? maxNorm.map((e) => ({ label: valueText(e.value), value: e.mean, title: `max-norm ${valueText(e.value)}, ${e.trials} trial(s)` }))
      : rows.length
        ? [{ label: valueText(rows[0].maxNorm), value: mean(rows.map((r) => r.mean!)), title: `max-norm ${valueText(rows[0].maxNorm)}, all ${rows.length} trial(s)` }]
        : [],
    strip: rows.slice(0, STRIP_TRIALS).map((r) => ({ key: r.trialKey, label: r.trialKey.slice(0, 10), title: shortName(r), mean: r.mean!, folds: (input.foldValues.get(r.trialKey) ?? []).map((a) => a * scale) })),
    importance: input.importance,
    slices: settings.map((s) => ({ key: s.key, label: s.label, log: s.log, categories: s.continuous ? null : s.values.map(valueText), points: slicePoints(rows, s.key, !s.continuous) })),
    history: historyPoints(input),
    parallel: {
      axes: settings.map((s) => (s.continuous ? { key: s.key, label: s.label, domain: [s.range!.min, s.range!.max] as [number, number], log: s.log } : { key: s.key, label: s.label, categories: s.values.map(valueText) })),
      lines: rows.map((r) => ({ key: r.trialKey, title: shortName(r), score: r.mean!, values: settings.map((s) => (s.continuous ? (r[s.key] as number) : valueText(r[s.key]))) })),
    },
  };
}
