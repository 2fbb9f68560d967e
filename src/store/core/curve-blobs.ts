/**
 * Learning curves as the store keeps them: one `fold_curves` row per fold fit, its arrays packed
 * as little-endian float32 (int32 for the checkpoint epochs) in BLOB / bytea columns.
 *
 * Why one row per fold and not a (fold, epoch) table: a curve is always written and read whole (a
 * fit stores it once; `show --curves`, export and the charts read every fold of a trial), so rows
 * per epoch would buy nothing but cost ~300 rows per fit, each with its key, row header and index
 * entry (tens of bytes) around a 4-byte value. Why a table beside fold_results and not columns of
 * it: the ~2 KB of a curve would push fold_results' rows onto overflow pages, and every ranking
 * (trial_summary) scans fold_results.
 */
import { METRICS, type MetricName } from '../../stats/metrics.js';
import type { LearningCurve } from '../../engine/model.js';

/** The held-out metrics with their own fold_results column besides accuracy (schema 5). */
export const METRIC_COLUMNS = METRICS.filter((m) => m !== 'accuracy');

/** The curves table of schema 5 in either dialect, `blob` its binary type. */
export const CURVES_TABLE = (blob: 'BLOB' | 'BYTEA') => `
    CREATE TABLE fold_curves (
      trial_id    INTEGER NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
      fold        INTEGER NOT NULL,
      repeat      INTEGER NOT NULL,
      train_loss  ${blob} NOT NULL,
      checkpoints ${blob} NOT NULL,
      held_out    ${blob} NOT NULL,
      held_out_metrics TEXT NOT NULL,
      PRIMARY KEY (trial_id, fold, repeat)
    );`;

/** A fold's curve as it is stored: the arrays packed, the held-out metrics' order named. */
export interface CurveColumns {
  /** float32 LE, one value per epoch run. */
  train_loss: Buffer;
  /** int32 LE, the epochs after which the held-out rows were scored. */
  checkpoints: Buffer;
  /** float32 LE, metric-major: every checkpoint of the first metric of held_out_metrics, then the next. */
  held_out: Buffer;
  /** Comma-separated metric names (METRICS order when written by this version). */
  held_out_metrics: string;
}

export function packFloat32(values: ArrayLike<number>): Buffer {
  const b = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) b.writeFloatLE(values[i], i * 4);
  return b;
}

export function unpackFloat32(b: Uint8Array): Float32Array {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const out = new Float32Array(buf.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = buf.readFloatLE(i * 4);
  return out;
}

function packInt32(values: ArrayLike<number>): Buffer {
  const b = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) b.writeInt32LE(values[i], i * 4);
  return b;
}

function unpackInt32(b: Uint8Array): Int32Array {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const out = new Int32Array(buf.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = buf.readInt32LE(i * 4);
  return out;
}

export function packCurve(c: LearningCurve): CurveColumns {
  const n = c.epochs.length;
  const heldOut = new Float32Array(n * METRICS.length);
  METRICS.forEach((m, k) => heldOut.set(c.heldOut[m] ?? new Float32Array(n).fill(NaN), k * n));
  return { train_loss: packFloat32(c.trainLoss), checkpoints: packInt32(c.epochs), held_out: packFloat32(heldOut), held_out_metrics: METRICS.join(',') };
}

/** A stored curve back to arrays; a metric the row does not name is NaN throughout. */
export function unpackCurve(row: CurveColumns): LearningCurve {
  const epochs = unpackInt32(row.checkpoints);
  const n = epochs.length;
  const values = unpackFloat32(row.held_out);
  const names = row.held_out_metrics.split(',');
  const heldOut = Object.fromEntries(
    METRICS.map((m) => {
      const k = names.indexOf(m);
      return [m, k < 0 ? new Float32Array(n).fill(NaN) : values.slice(k * n, (k + 1) * n)];
    }),
  ) as Record<MetricName, Float32Array>;
  return { trainLoss: unpackFloat32(row.train_loss), epochs, heldOut };
}
