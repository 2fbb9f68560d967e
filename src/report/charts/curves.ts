import type { LinePoint, LineSeries } from './lines.js';

/** One fold's learning curve as the API carries it (JSON: NaN is null). */
export interface FoldCurveJson {
  trainLoss: (number | null)[];
  epochs: number[];
  heldOut: { log_loss: (number | null)[] };
}

/** Mean and population std of the finite values; null when there are none. */
function spread(values: (number | null | undefined)[]): { mean: number; std: number } | null {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (xs.length === 0) return null;
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  return { mean, std: Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length) };
}

/**
 * A trial's loss curves over its folds, for lineChart: the mean training loss of every epoch and
 * the mean held-out loss of every checkpoint, each with a band of +- one population std over the
 * folds that have a value there (a diverged fold stops early; its later epochs are left out). The
 * held-out line carries a marker at the checkpoint where the mean held-out loss is lowest, when a
 * later checkpoint is higher: from there on training and held-out losses diverge (the model
 * overfits). Descriptive only: no test says the rise is more than noise.
 */
export function lossCurveSeries(curves: readonly FoldCurveJson[]): LineSeries[] {
  const epochs = Math.max(0, ...curves.map((c) => c.trainLoss.length));
  const train: LinePoint[] = [];
  for (let e = 0; e < epochs; e++) {
    const s = spread(curves.map((c) => c.trainLoss[e]));
    if (s) train.push({ x: e + 1, y: s.mean, low: s.mean - s.std, high: s.mean + s.std });
  }
  const checkpoints = [...new Set(curves.flatMap((c) => c.epochs))].sort((a, b) => a - b);
  const held: LinePoint[] = [];
  for (const epoch of checkpoints) {
    const s = spread(curves.map((c) => c.heldOut.log_loss[c.epochs.indexOf(epoch)]));
    if (s) held.push({ x: epoch, y: s.mean, low: s.mean - s.std, high: s.mean + s.std });
  }
  let lowest = -1;
  held.forEach((p, i) => (lowest < 0 || p.y < held[lowest].y ? (lowest = i) : null));
  const marker = lowest >= 0 && lowest < held.length - 1 ? { x: held[lowest].x, label: `lowest mean held-out loss at epoch ${held[lowest].x}; it rises after` } : undefined;
  return [
    { key: 'train', label: 'training loss', points: train },
    { key: 'held-out', label: 'held-out loss', points: held, ...(marker ? { marker } : {}) },
  ];
}

/** One trial of a comparison: its name as the legend shows it, and its folds' curves. */
export interface CurveTrial {
  label: string;
  curves: readonly FoldCurveJson[];
}

/**
 * Two trials' loss curves overlaid, for overlayChart: each trial in a colour of its own, its
 * training loss dashed and its held-out loss solid, every line the mean over the trial's folds
 * with its band (as `lossCurveSeries`), each trial's lowest held-out checkpoint marked when its
 * loss rises after. Keys are `a-train`, `a-held-out`, `b-train`, `b-held-out`.
 */
export function overlayCurveSeries(a: CurveTrial, b: CurveTrial): LineSeries[] {
  return ([['a', a, 0], ['b', b, 1]] as const).flatMap(([side, t, colour]) => {
    const [train, held] = lossCurveSeries(t.curves);
    return [
      { ...train, key: `${side}-train`, label: `${t.label}: training loss`, colour, dashed: true },
      { ...held, key: `${side}-held-out`, label: `${t.label}: held-out loss`, colour },
    ].filter((s) => s.points.length > 0);
  });
}
