import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { runSweep } from '../src/api/run.js';
import { median, row, scratchDir } from './common.js';

const list = (n: number, f: (i: number) => number) => `[${Array.from({ length: n }, (_, i) => f(i)).join(', ')}]`;

/** `dropout` x 2 placements x `maxNorms` x 10 lr multipliers x 10 momenta distinct trials (dropout never 0: none collapse), 5 epochs. */
function gridText(name: string, dropouts: number, maxNorms: number): string {
  return (
    `name: ${name}\nprotocol:\n  epochs: 5\ngrid:\n  dropout: ${list(dropouts, (i) => (i + 1) / 100)}\n  placement: [visible, hidden]\n` +
    `  maxNorm: ${list(maxNorms, (i) => i + 1)}\n  lrMultiplier: ${list(10, (i) => i + 1)}\n  momentum: ${list(10, (i) => i / 10)}\n`
  );
}

const SIZES = [
  { trials: 20_000, text: gridText('s20k', 20, 5) },
  { trials: 150_000, text: gridText('s150k', 50, 15) },
];

interface Measured {
  startSeconds: number;
  fitsPerSecond: number;
  maxLoopDelayMs: number;
  loopUtilization: number;
  stopMs: number;
}

/** One run: plan and write, train for `seconds` from the first stored fit, then stop as SIGTERM would. */
async function measureOnce(text: string, seconds: number): Promise<Measured> {
  const dir = scratchDir();
  const file = join(dir, 'scale.yaml');
  writeFileSync(file, text);
  const stop = new AbortController();
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const began = performance.now();
  let startSeconds = 0;
  let first: { at: number; fits: number } | null = null;
  let latest = { at: 0, fits: 0 };
  let window: { fits: number; seconds: number } | null = null;
  let stoppedAt = 0;
  let loop = performance.eventLoopUtilization();
  const summary = runSweep(file, {
    db: join(dir, 'scale.sqlite'),
    workers: 2,
    onStart: () => (startSeconds = (performance.now() - began) / 1000),
    onProgress: (p) => {
      latest = { at: performance.now(), fits: p.fitsThisRun };
      if (first || p.fitsThisRun === 0) return;
      first = latest;
      delay.enable();
      loop = performance.eventLoopUtilization();
      setTimeout(() => {
        window = { fits: latest.fits - first!.fits, seconds: (latest.at - first!.at) / 1000 };
        loop = performance.eventLoopUtilization(loop);
        delay.disable();
        stoppedAt = performance.now();
        stop.abort('SIGTERM');
      }, seconds * 1000);
    },
    signal: stop.signal,
  });
  await summary;
  const w = window as { fits: number; seconds: number } | null;
  if (!w) throw new Error('the sweep ended before the measurement window');
  return {
    startSeconds,
    fitsPerSecond: w.fits / w.seconds,
    maxLoopDelayMs: delay.max / 1e6,
    loopUtilization: loop.utilization,
    stopMs: performance.now() - stoppedAt,
  };
}

/**
 * `npm run bench -- --only scale-sweep`: the same 5-epoch grid at 20,000 and 150,000 trials, run
 * alternately `runs` times on 2 workers. Throughput is taken over a fixed window from the first
 * stored fit (so planning and writing the plan are apart), with the main thread's longest stall
 * and its busy share, and how long a stop (as on SIGTERM) takes to return.
 */
export async function benchSweepScale(opts: { runs: number; seconds?: number }): Promise<void> {
  const seconds = opts.seconds ?? 20;
  process.stdout.write(`sweep size: the same 5-epoch grid at 20,000 and 150,000 trials, 2 workers, ${seconds} s windows, medians of ${opts.runs}\n`);
  const results = new Map<number, Measured[]>(SIZES.map((s) => [s.trials, []]));
  for (let i = 0; i < opts.runs; i++) for (const s of SIZES) results.get(s.trials)!.push(await measureOnce(s.text, seconds));
  const med = (n: number, f: (m: Measured) => number) => median(results.get(n)!.map(f));
  for (const s of SIZES) {
    const n = s.trials;
    row(`${n.toLocaleString('en')} trials: plan + write + open`, `${med(n, (m) => m.startSeconds).toFixed(1)} s`);
    row(`${n.toLocaleString('en')} trials: fold fits/s`, `${med(n, (m) => m.fitsPerSecond).toFixed(1)} (runs: ${results.get(n)!.map((m) => m.fitsPerSecond.toFixed(0)).join(', ')})`);
    row(`${n.toLocaleString('en')} trials: main thread longest stall / busy`, `${med(n, (m) => m.maxLoopDelayMs).toFixed(0)} ms / ${(med(n, (m) => m.loopUtilization) * 100).toFixed(0)}%`);
    row(`${n.toLocaleString('en')} trials: stop (SIGTERM) to return`, `${med(n, (m) => m.stopMs).toFixed(0)} ms`);
  }
  row('throughput 150,000 / 20,000 trials', `${(med(150_000, (m) => m.fitsPerSecond) / med(20_000, (m) => m.fitsPerSecond)).toFixed(2)}x`);
}
