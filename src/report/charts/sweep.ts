import { barChart, shareChart, type Bar, type Share } from './bars.js';
import { empty } from './frame.js';
import { heatmapChart, type HeatCell } from './heatmap.js';
import { historyChart, type HistoryPoint } from './history.js';
import { intervalChart, type IntervalSeries } from './interval.js';
import { metricLabel, type Metric } from './metric.js';
import { el, type SvgNode } from './node.js';
import { parallelChart, type ParallelAxis, type ParallelLine } from './parallel.js';
import { scatterChart, type ScatterPoint } from './scatter.js';
import { stripChart, type StripTrial } from './strip.js';
import { BIN_RULE } from './bins.js';

/**
 * A sweep's charts with their titles and captions, from the data `sweepChartData` computes in
 * node: the report and the dashboard lay out the same panels, so they say the same things.
 */
export interface SettingInfo {
  key: string;
  label: string;
  continuous: boolean;
  log: boolean;
  range: { min: number; max: number } | null;
  values: (string | number | null)[];
}
export interface ImportanceInfo {
  factorial: boolean;
  note: string;
  trials: number;
  factors: { dimension: string; share: number; values: number }[];
  rest: number | null;
}
export interface SweepChartData {
  metric: Metric;
  design: { sampler: 'grid' | 'random' | 'list'; samples: number | null; settings: SettingInfo[] };
  /** A grid's dropout levels: group means with intervals; a drawn dropout rate: a slice plot. */
  dropout: { kind: 'intervals'; series: IntervalSeries[] } | { kind: 'slice'; points: ScatterPoint[] } | { kind: 'none'; note: string };
  heatmap: { cells: HeatCell[]; xLevels: string[]; yLevels: string[]; xLabel: string; yLabel: string; binned: string | null };
  maxNorm: Bar[];
  strip: StripTrial[];
  importance: ImportanceInfo;
  slices: { key: string; label: string; log: boolean; categories: string[] | null; points: ScatterPoint[] }[];
  history: HistoryPoint[];
  parallel: { axes: ParallelAxis[]; lines: ParallelLine[] };
}

export interface Panel {
  id: string;
  title: string;
  chart: SvgNode;
  caption: string;
}

const CORRECTED = 'the corrected resampled variance (1/k + n_test/n_train) s², since the folds share training rows';

export function historyPanel(d: SweepChartData, width: number, against: 'trials' | 'time'): Panel {
  return {
    id: `history-${against}`,
    title: against === 'trials' ? 'Optimisation history: best so far against trials completed' : 'Optimisation history: best so far against time',
    chart: historyChart(d.history, { width, metric: d.metric, against }),
    caption: `Each dot is a complete trial's ${metricLabel(d.metric)}, in the order trials completed${against === 'time' ? ', at the wall time it completed (since the first trial started; pauses between runs included)' : ''}; the line is the best so far. A best that keeps rising late says the search has not settled.`,
  };
}

export function dropoutPanel(d: SweepChartData, width: number): Panel {
  const title = `${d.metric.name[0].toUpperCase()}${d.metric.name.slice(1)} against dropout rate`;
  if (d.dropout.kind === 'none') return { id: 'dropout-curve', title, chart: empty(d.dropout.note), caption: '' };
  if (d.dropout.kind === 'slice') {
    return {
      id: 'dropout-curve',
      title,
      chart: scatterChart(d.dropout.points, { width, metric: d.metric, xLabel: 'dropout rate', name: 'dropout-slice' }),
      caption: `The dropout rate was drawn from a range: each dot is one complete trial at the rate it drew, coloured by placement, whatever its other settings. No line joins them: neighbouring rates differ in every other setting, so a line would be drawn through noise.`,
    };
  }
  return {
    id: 'dropout-curve',
    title,
    chart: intervalChart(d.dropout.series, { width, metric: d.metric, xLabel: 'dropout rate', name: 'dropout-curve' }),
    caption: `Each point is the mean over the complete trials at that placement and rate (other settings averaged out). Its bar is the corrected 95% interval of that group mean: the group's mean ${d.metric.name} on each fold, with ${CORRECTED}. An interval past ${d.metric.min ?? ''}-${d.metric.max ?? ''} is drawn to the bound with an arrowhead (clipped). Rate 0 is the no-dropout model and starts every line.`,
  };
}

export function heatmapPanel(d: SweepChartData, width: number): Panel {
  const h = d.heatmap;
  return {
    id: 'heatmap',
    title: 'Learning rate × momentum',
    chart: heatmapChart(h.cells, { width, metric: d.metric, xLabel: h.xLabel, yLabel: h.yLabel, xLevels: h.xLevels, yLevels: h.yLevels, name: 'lr-momentum-heatmap' }),
    caption: `Mean ${d.metric.name} of the complete trials in each cell, other settings averaged out, on the viridis scale from the worst cell to the best. Each cell's mean on each fold is compared with the best cell's, fold by fold, by the Nadeau–Bengio corrected paired t-test, Holm-adjusted across the cells: a cell not significantly worse at 0.05 is within noise of the best and is drawn in the best cell's colour, hatched, its value marked ~. Contrast means a difference the statistics support.${h.binned ? ` Binned, since drawn from a range: ${h.binned}, in ${BIN_RULE}.` : ''}`,
  };
}

export function maxNormPanel(d: SweepChartData, width: number): Panel {
  return {
    id: 'max-norm',
    title: 'Max-norm',
    chart: barChart(d.maxNorm, { width, metric: d.metric, xLabel: 'max-norm limit', name: 'max-norm' }),
    caption: `Mean ${d.metric.name} per max-norm limit, averaged over the other settings; the bars start at ${d.metric.min ?? 0}, so their lengths compare.`,
  };
}

export function stripPanel(d: SweepChartData, width: number): Panel {
  return {
    id: 'strip',
    title: `Fold ${d.metric.name} of the top trials`,
    chart: stripChart(d.strip, { width, metric: d.metric }),
    caption: `Each dot is one held-out fold of a top-${d.strip.length} complete trial, labelled by its trial key (hover for its name); the bar across each column is the trial's mean.`,
  };
}

export function importancePanel(d: SweepChartData, width: number): Panel {
  const imp = d.importance;
  const shares: Share[] = imp.factors.map((f) => ({ label: f.dimension === 'dropout x placement' ? 'dropout × placement' : f.dimension, share: f.share, title: `${f.dimension}: ${(f.share * 100).toFixed(1)}% over ${f.values} levels` }));
  if (imp.rest !== null) shares.push({ label: 'interactions', share: imp.rest, title: `what no setting explains alone: ${(imp.rest * 100).toFixed(1)}%`, rest: true });
  return {
    id: 'importance',
    title: 'Hyperparameter importance',
    chart: imp.factorial ? shareChart(shares, { width, xLabel: `share of the variance of trial means (%), ${imp.trials} trials` }) : el('p', { class: 'empty not-factorial' }, imp.note),
    caption: imp.factorial ? `${imp.note} For each setting: the between-level sum of squares of the trials' mean ${d.metric.name} over the total sum of squares (a one-way main effect, η²).` : 'Shares of variance are given only for a balanced full factorial design, where they are orthogonal and add up to at most 100%.',
  };
}

export function slicePanels(d: SweepChartData, width: number): Panel[] {
  return d.slices.map((s) => ({
    id: `slice-${s.key}`,
    title: `Slice: ${s.label}`,
    chart: scatterChart(s.points, { width, metric: d.metric, xLabel: s.label, log: s.log, categories: s.categories ?? undefined, name: `slice-${s.key}` }),
    caption: s.categories
      ? `Every complete trial at its ${s.label} (dots spread across each column so they do not hide each other), whatever its other settings.`
      : `Every complete trial at the ${s.label} it drew${s.log ? ' (log axis)' : ''}, whatever its other settings.`,
  }));
}

export function parallelPanel(d: SweepChartData, width: number): Panel {
  return {
    id: 'parallel',
    title: 'Every trial: parallel coordinates',
    chart: parallelChart(d.parallel.axes, d.parallel.lines, { width, metric: d.metric }),
    caption: `${d.parallel.lines.length} complete trials, one line each across its settings to its ${d.metric.name}, coloured by it (viridis); the best drawn last, on top. A setting with a few values takes them in order; one drawn from a range has a numeric axis${d.design.settings.some((s) => s.log) ? ' (log for a log-uniform draw)' : ''}.`,
  };
}
