import { UserError } from '../errors.js';
import { EXIT_STORE_FAULT, storeFaultKind, storeFaultMessage } from '../store/faults.js';
import type { Store } from '../store/store.js';

/**
 * A store fault met outside a run's retry loop (opening, starting a run, a read command) as the one
 * line the user gets: the cause, the file or URL (without its password), the store's code. Exit 3,
 * or 2 for a damaged file (the user's, left as it is). Anything else passes unchanged.
 */
export function locatedFault(err: unknown, location: string): unknown {
  const kind = storeFaultKind(err);
  if (kind === null || err instanceof UserError) return err;
  return new UserError(storeFaultMessage(kind, location, err), kind === 'corrupt' ? 2 : EXIT_STORE_FAULT);
}

/**
 * The same store, each call's fault turned into that line. The runner keeps the raw store: it
 * classifies faults itself and retries the passing ones.
 */
export function withLocatedFaults(store: Store): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        try {
          const out: unknown = value.apply(target, args);
          return out instanceof Promise ? out.catch((err: unknown) => Promise.reject(locatedFault(err, target.location))) : out;
        } catch (err) {
          throw locatedFault(err, target.location);
        }
      };
    },
  });
}
