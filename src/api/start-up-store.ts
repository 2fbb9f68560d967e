import { retryNotice, storeFaultKind, type StoreFaultKind } from '../store/faults.js';
import type { Store } from '../store/store.js';
import { withParts } from './located.js';

/**
 * Faults a run's start-up waits out, as the run does: another process holds SQLite's lock,
 * PostgreSQL aborted a transaction, or its connection went away after the store opened (a server
 * that cannot be reached at open is refused at once, exit 3: see PgDriver.open).
 */
const WAITED: ReadonlySet<StoreFaultKind> = new Set(['busy', 'conflict', 'unreachable']);

export interface StartUpWait {
  /** --store-timeout: how long the start-up waits in all, as the run waits for a pack. */
  seconds: number;
  signal?: AbortSignal;
  location: string;
  onNotice?: (line: string) => void;
}

/** When the start-up's first refusal came (performance.now()), shared by its calls: one deadline for all. */
export interface WaitStart {
  at: number | null;
}

/**
 * Runs one start-up store call (opening, creating or extending the sweep, writing a step of the
 * plan), retrying it while the database is locked by another process, with backoff (0.25 s,
 * doubling to 2 s), up to `seconds` since the first refusal in a row; then the last fault is thrown (the
 * caller makes it one line naming the file). Each call is one transaction, so a retry is safe: a
 * sweep another runner made meanwhile is found, not made twice. The event loop turns between
 * tries, so a signal is seen; a signal ends the wait with the fault at hand.
 */
export async function waitingOutLocks<T>(call: () => Promise<T>, o: StartUpWait, since: WaitStart = { at: null }): Promise<T> {
  for (let delay = 250; ; delay = Math.min(2_000, delay * 2)) {
    try {
      const value = await call();
      // The lock was let go: a later call (the totals after the run) gets a full wait of its own.
      since.at = null;
      return value;
    } catch (err) {
      const kind = storeFaultKind(err);
      if (kind === null || !WAITED.has(kind) || o.signal?.aborted) throw err;
      const first = since.at === null;
      since.at ??= performance.now();
      if (performance.now() - since.at >= o.seconds * 1000) throw err;
      if (first) o.onNotice?.(kind === 'busy' ? `${o.location}: locked by another process; waiting up to ${o.seconds} s (--store-timeout) to start` : retryNotice(kind, o.location, err));
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/**
 * The store's sweeps and results parts with every call waiting out locks (waitingOutLocks), one
 * deadline shared by all the start-up's calls. The runner's lease part is left as it is: it has
 * its own retries.
 */
export function withStartUpWaits(store: Store, o: StartUpWait, since: WaitStart = { at: null }): Store {
  const wrap = <P extends object>(part: P): P =>
    new Proxy(part, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => waitingOutLocks(() => Promise.resolve(value.apply(target, args)), o, since);
      },
    });
  return withParts(
    store,
    new Map<PropertyKey, object>([
      ['sweeps', wrap(store.sweeps)],
      ['results', wrap(store.results)],
    ]),
  );
}
