/** Scales, ticks and clipping: pure arithmetic, tested in node. */

export interface Scale {
  (v: number): number;
  readonly domain: [number, number];
  readonly range: [number, number];
  readonly log: boolean;
  /** Tick values inside the domain, about `count` of them. */
  ticks(count: number): number[];
}

/** A linear map of domain onto range; a domain of one value is widened by 1 each side. */
export function linearScale(domain: [number, number], range: [number, number]): Scale {
  const [d0, d1] = domain[0] === domain[1] ? [domain[0] - 1, domain[1] + 1] : domain;
  const f = (v: number) => range[0] + ((v - d0) / (d1 - d0)) * (range[1] - range[0]);
  return Object.assign(f, { domain: [d0, d1] as [number, number], range, log: false, ticks: (count: number) => niceTicks(d0, d1, count) });
}

/** A log10 map (both ends above 0); a domain of one value is widened to a factor of 2 each side. */
export function logScale(domain: [number, number], range: [number, number]): Scale {
  if (!(domain[0] > 0 && domain[1] > 0)) throw new Error(`a log scale needs a positive domain, not ${domain.join('..')}`);
  const [d0, d1] = domain[0] === domain[1] ? [domain[0] / 2, domain[1] * 2] : domain;
  const [l0, l1] = [Math.log10(d0), Math.log10(d1)];
  const f = (v: number) => range[0] + ((Math.log10(v) - l0) / (l1 - l0)) * (range[1] - range[0]);
  return Object.assign(f, { domain: [d0, d1] as [number, number], range, log: true, ticks: (count: number) => logTicks(d0, d1, count) });
}

/** The step (1, 2 or 5 x a power of ten) that cuts [lo, hi] into about `count` pieces (d3's rule). */
export function tickStep(lo: number, hi: number, count: number): number {
  const raw = (hi - lo) / Math.max(1, count);
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m >= Math.sqrt(50) ? 10 : m >= Math.sqrt(10) ? 5 : m >= Math.sqrt(2) ? 2 : 1) * power;
}

/** Multiples of a 1-2-5 step inside [lo, hi] (ends included when they fall on the step). */
export function niceTicks(lo: number, hi: number, count: number): number[] {
  const step = tickStep(lo, hi, count);
  const out: number[] = [];
  const first = Math.ceil(lo / step - 1e-9);
  for (let i = first; i * step <= hi + step * 1e-9; i++) out.push(Number((i * step).toPrecision(12)));
  return out;
}

/** Powers of ten inside [lo, hi]; with fewer than three, the 2s and 5s between them too. */
export function logTicks(lo: number, hi: number, count = 5): number[] {
  const out: number[] = [];
  const p0 = Math.floor(Math.log10(lo));
  const p1 = Math.ceil(Math.log10(hi));
  const inside = (v: number) => v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9);
  for (let p = p0; p <= p1; p++) if (inside(10 ** p)) out.push(Number((10 ** p).toPrecision(12)));
  if (out.length >= Math.min(3, count)) return out;
  const more: number[] = [];
  for (let p = p0; p <= p1; p++) for (const m of [1, 2, 5]) if (inside(m * 10 ** p)) more.push(Number((m * 10 ** p).toPrecision(12)));
  return more.length ? more : [lo, hi];
}

/** Domain ends rounded out to the tick step, then kept inside `bounds` (a metric's range). */
export function niceDomain(lo: number, hi: number, count: number, bounds: { min: number | null; max: number | null } = { min: null, max: null }): [number, number] {
  let [a, b] = lo === hi ? [lo - 1, hi + 1] : [lo, hi];
  const step = tickStep(a, b, count);
  a = Math.floor(a / step + 1e-9) * step;
  b = Math.ceil(b / step - 1e-9) * step;
  if (bounds.min !== null) a = Math.max(bounds.min, a);
  if (bounds.max !== null) b = Math.min(bounds.max, b);
  if (a >= b) [a, b] = bounds.max !== null && b === bounds.max ? [b - step, b] : [a, a + step];
  return [Number(a.toPrecision(12)), Number(b.toPrecision(12))];
}

/** Digits enough to tell ticks `step` apart. */
export function formatTick(v: number, step: number): string {
  const digits = step >= 1 ? 0 : Math.min(6, Math.ceil(-Math.log10(step) - 1e-9));
  return v.toFixed(digits);
}

/** A short label for a setting's value: 0.001, 0.0316, 12, 1.5e-5. */
export function formatValue(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return String(Number(v.toPrecision(3)));
  return v.toExponential(1);
}

export interface Clipped {
  low: number;
  high: number;
  clippedLow: boolean;
  clippedHigh: boolean;
}

/** An interval cut to what the metric can take (accuracy: 0-100), saying which ends were cut. */
export function clipInterval(low: number, high: number, bounds: { min: number | null; max: number | null }): Clipped {
  const clippedLow = bounds.min !== null && low < bounds.min;
  const clippedHigh = bounds.max !== null && high > bounds.max;
  return { low: clippedLow ? bounds.min! : low, high: clippedHigh ? bounds.max! : high, clippedLow, clippedHigh };
}

/** `v` moved into [lo, hi]. */
export const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
