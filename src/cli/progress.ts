export interface Progress {
  /** Reports `done` of `total` units; `note` is shown after the numbers (best so far, ...). */
  update(done: number, note?: string): void;
  /** Clears the live line; off a terminal, prints the last line at 100% (once). */
  finish(): void;
}

export interface ProgressOptions {
  label: string;
  unit: string;
  total: number;
  quiet?: boolean;
  stream?: NodeJS.WriteStream;
  /** When not a terminal: print a plain line this often (ms); 0 keeps quiet. */
  plainEveryMs?: number;
  /** Units already done before this run (resume): excluded from the rate. */
  startAt?: number;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m${String(r).padStart(2, '0')}s` : `${r}s`;
}

/**
 * The fields of a progress line, most important first; on a narrow terminal the least important
 * are dropped so the line never wraps (a wrapped line cannot be redrawn in place).
 */
export function fitLine(fields: string[], width: number): string {
  const kept = [...fields];
  const joined = () => kept.join('  ');
  while (kept.length > 1 && joined().length > width) kept.pop();
  const line = joined();
  return line.length > width ? line.slice(0, Math.max(0, width)) : line;
}

/** done/total, rate, elapsed and ETA: live on a terminal, periodic plain lines or nothing otherwise. */
export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const live = !options.quiet && stream.isTTY === true;
  const plainEvery = !options.quiet && !live ? (options.plainEveryMs ?? 0) : 0;
  const started = performance.now();
  const startAt = options.startAt ?? 0;
  let lastDraw = -Infinity;
  let drawn = false;
  /** Off a terminal, the line at 100% waits for finish(): a later update (the best read after the last pack) replaces it. */
  let final: string | null = null;

  const fields = (done: number, note?: string): string[] => {
    const elapsed = (performance.now() - started) / 1000;
    const rate = (done - startAt) / Math.max(elapsed, 1e-9);
    const eta = rate > 0 ? (options.total - done) / rate : Infinity;
    return [
      `${options.label} ${done}/${options.total} ${options.unit}`,
      `ETA ${done >= options.total ? '0s' : formatDuration(eta)}`,
      `${rate.toFixed(rate < 10 ? 2 : 1)}/s`,
      ...(note ? note.split('  ') : []),
      `elapsed ${formatDuration(elapsed)}`,
    ];
  };

  return {
    update(done, note) {
      const now = performance.now();
      if (live) {
        if (now - lastDraw < 100 && done < options.total) return;
        lastDraw = now;
        // One column short of the width: writing the last column makes some terminals wrap.
        stream.write(`\r\x1b[K${fitLine(fields(done, note), (stream.columns || 80) - 1)}`);
        drawn = true;
      } else if (plainEvery > 0 && done >= options.total) {
        final = `${fields(done, note).join('  ')}\n`;
      } else if (plainEvery > 0 && now - lastDraw >= plainEvery) {
        lastDraw = now;
        stream.write(`${fields(done, note).join('  ')}\n`);
      }
    },
    finish() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
      if (final !== null) stream.write(final);
      final = null;
    },
  };
}
