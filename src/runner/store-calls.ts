import { RETRIED, recoveredNotice, retryNotice, storeFaultKind, storeFaultMessage } from '../store/faults.js';

/** What a run tells its store calls, and what they tell it back. */
export interface StoreCallsHost {
  /** The store's location, for notices ("database file X", "server Y"). */
  location: string;
  /** How long a locked database or a lost server is waited out before the run stops. */
  storeTimeoutSeconds: number;
  onNotice?: (message: string) => void;
  /** True once the run no longer stores anything (a fault, or its leases given back): calls are skipped. */
  done(): boolean;
  /** The store is busy or unreachable: try the work again after `delayMs`. */
  retryIn(delayMs: number): void;
  /** The store refused for good (full disk, I/O error, damaged file): the run stops with this line. */
  fail(message: string): void;
}

/**
 * A runner's store calls, one at a time and in order (a runner's writes reach the store in the
 * order it made them). A lock held by another process, a server that cannot be reached, a
 * deadlock: the call resolves to undefined and the host retries later, backing off from 0.25 s
 * to 4 s, until the store timeout. A full disk, an I/O error, a damaged file, a refused statement:
 * the host is told to stop. Any other error is a bug: the returned promise rejects with it.
 */
export class StoreCalls {
  /** The last call queued: the next one starts when it has settled. */
  private tail: Promise<unknown> = Promise.resolve();
  /** When the store first refused us (for the store timeout); null while it answers. */
  private busySince: number | null = null;

  constructor(private readonly host: StoreCallsHost) {}

  attempt<T>(call: () => Promise<T>): Promise<T | undefined> {
    const run = async (): Promise<T | undefined> => {
      if (this.host.done()) return undefined;
      try {
        const value = await call();
        if (this.busySince !== null) {
          this.host.onNotice?.(recoveredNotice(this.host.location, (performance.now() - this.busySince) / 1000));
          this.busySince = null;
        }
        return value;
      } catch (err) {
        const kind = storeFaultKind(err);
        if (kind === null) throw err;
        if (RETRIED.has(kind)) {
          if (this.busySince === null) this.host.onNotice?.(retryNotice(kind, this.host.location, err));
          const since = (this.busySince ??= performance.now());
          const waited = performance.now() - since;
          if (waited < this.host.storeTimeoutSeconds * 1000) {
            this.host.retryIn(Math.min(4_000, 250 * 2 ** Math.floor(Math.log2(1 + waited / 250))));
            return undefined;
          }
        }
        this.host.fail(storeFaultMessage(kind, this.host.location, err));
        return undefined;
      }
    };
    const result = this.tail.then(run);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Runs `work` after every call queued so far has settled, outside the queue's fault handling. */
  after(work: () => Promise<void>): Promise<void> {
    return this.tail.then(work, work);
  }
}
