/**
 * dropsweep's charts: one module for the HTML report (rendered to markup in node and inlined) and
 * the dashboard (served as ES modules, rendered to DOM nodes in the browser). Each chart function
 * takes plain data and options (`width`, the `metric`) and returns an `SvgNode` tree.
 */
export { el, toDom, toMarkup, type SvgNode, type DocumentLike } from './node.js';
export { ACCURACY, BALANCED_ACCURACY, LOG_LOSS, MACRO_F1, METRIC_BY_NAME, ROC_AUC, better, chartMetric, formatMetric, fromFraction, metricLabel, type Metric } from './metric.js';
export { CHART_CSS, PLACEMENT_ORDER, viridis } from './theme.js';
export { BIN_RULE, binCount, binOf, quantileBins, type Bin } from './bins.js';
export { clipInterval, formatValue, linearScale, logScale, niceDomain, niceTicks, logTicks } from './scale.js';
export { intervalChart, type IntervalPoint, type IntervalSeries } from './interval.js';
export { scatterChart, type ScatterPoint } from './scatter.js';
export { heatmapChart, type HeatCell } from './heatmap.js';
export { stripChart, type StripTrial } from './strip.js';
export { barChart, shareChart, type Bar, type Share } from './bars.js';
export { historyChart, shortDuration, type HistoryPoint } from './history.js';
export { lineChart, overlayChart, type LinePoint, type LineSeries } from './lines.js';
export { lossCurveSeries, overlayCurveSeries, type CurveTrial, type FoldCurveJson } from './curves.js';
export { parallelChart, type ParallelAxis, type ParallelLine } from './parallel.js';
export { differenceChart, rangeChart, type RangeRow } from './ranges.js';
