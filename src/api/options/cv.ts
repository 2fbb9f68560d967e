import { SPLITS } from '../../data/folds.js';
import { PLACEMENTS } from '../../engine/model.js';
import { nearest } from '../../errors.js';
import { METRICS, parseMetric, type MetricName } from '../../stats/metrics.js';
import { settingChecks } from '../../sweep/checks.js';
import { DEFAULT_PROTOCOL } from '../../sweep/spec.js';
import { backend, kernel, engine, format, maxDataMb, quiet } from './common.js';
import { callback, choice, custom, decimal, integer, text, type Parsed } from './declare.js';
import { DECIMAL } from '../../data/labels.js';


function parseMaxNorm(raw: string): Parsed<number | null> {
  if (raw === 'none') return { value: null };
  return DECIMAL.test(raw) && Number.isFinite(Number(raw)) ? { value: Number(raw) } : { problem: `"${raw}" is neither none nor a positive number` };
}

function parseHidden(raw: string): Parsed<number[]> {
  const widths = raw.split(',').map((w) => Number(w.trim()));
  const problem = settingChecks.hidden(widths);
  return problem ? { problem: `"${raw}": ${problem}` } : { value: widths };
}

/** A metric by name, with the nearest name suggested for a misspelling. */
export function checkMetric(v: unknown): string | null {
  if (typeof v === 'string' && parseMetric(v)) return null;
  const guess = typeof v === 'string' ? nearest(v, METRICS) : undefined;
  return `${JSON.stringify(v)} is not a metric; ${guess ? `did you mean "${guess}"? ` : ''}one of ${METRICS.join(', ')}`;
}

/** The model `crossValidate` trains (its first argument; the cv command's model flags). Names as in sweep files. */
export const CV_CONFIG = {
  placement: choice(PLACEMENTS, { arg: '<where>', help: `dropout placement: ${PLACEMENTS.join('|')}`, default: 'none' as (typeof PLACEMENTS)[number] }),
  dropout: decimal(settingChecks.dropout, { arg: '<rate>', help: 'dropout rate in [0, 1) (needs a placement)', default: 0 }),
  maxNorm: custom(parseMaxNorm, settingChecks.maxNorm, { arg: '<c|none>', help: 'max-norm limit on hidden kernels', default: null as number | null }),
  lr: decimal(settingChecks.lr, { arg: '<rate>', help: 'SGD learning rate', default: DEFAULT_PROTOCOL.lr }),
  momentum: decimal(settingChecks.momentum, { arg: '<m>', help: 'SGD momentum in [0, 1)', default: DEFAULT_PROTOCOL.momentum }),
  epochs: integer(1, 100_000, { arg: '<n>', help: 'training epochs', default: DEFAULT_PROTOCOL.epochs }),
  batchSize: integer(1, 65_536, { arg: '<n>', help: 'rows per batch', default: DEFAULT_PROTOCOL.batchSize }),
  hidden: custom(parseHidden, settingChecks.hidden, { arg: '<widths>', help: 'hidden layer widths, comma-separated', default: DEFAULT_PROTOCOL.hidden }),
};

/** How `crossValidate` runs (its second argument; the cv command's other flags). */
export const CV_OPTIONS = {
  data: text({ arg: '<path|name>', help: 'a CSV file, or a shipped data set: sonar|iris|digits', default: 'sonar' }),
  target: custom<string | number, { arg: string; help: string; defaultText: string }>(
    (raw) => ({ value: raw }),
    (v) => (typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v) && v >= 1) ? null : `${JSON.stringify(v)} is neither a column name nor a 1-based column number`),
    { arg: '<column>', help: 'label column: header name or 1-based number', defaultText: 'last' },
  ),
  maxDataMb,
  folds: integer(2, 1000, { arg: '<k>', help: 'cross-validation folds', default: 10 }),
  seed: integer(0, Number.MAX_SAFE_INTEGER, { arg: '<n>', help: 'split and training seed', default: 7 }),
  split: choice(SPLITS, {
    arg: '<how>',
    help: `how rows are dealt into folds: ${SPLITS.join('|')} (sklearn: exactly StratifiedKFold(shuffle=True, random_state=seed))`,
    default: 'dropsweep' as (typeof SPLITS)[number],
  }),
  backend,
  engine,
  kernel,
  format,
  metric: custom<MetricName, { arg: string; help: string; default: MetricName }>((raw) => ({ value: (parseMetric(raw) ?? raw) as MetricName }), checkMetric, {
    arg: '<name>',
    help: `the metric headlined: ${METRICS.join('|')}`,
    default: 'accuracy',
  }),
  quiet: { ...quiet, help: 'no progress line' },
  onProgress: callback<(done: number, total: number) => void>('called with fits (fused) or epochs (tfjs) done so far, of the total'),
};
