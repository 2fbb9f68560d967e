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

/** One part of the store (its sweeps, results, copier) with each call's fault turned into that line. */
function locatedPart<T extends object>(part: T, location: string): T {
  return new Proxy(part, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        try {
          const out: unknown = value.apply(target, args);
          return out instanceof Promise ? out.catch((err: unknown) => Promise.reject(locatedFault(err, location))) : out;
        } catch (err) {
          throw locatedFault(err, location);
        }
      };
    },
  });
}

/**
 * The same store seen through other parts: `parts` replace the store's own by name (sweeps,
 * results, ...), everything else (location, dialect, close, the lease part) is the store's.
 */
export function withParts(store: Store, parts: Map<PropertyKey, object>): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const part = parts.get(prop);
      if (part) return part;
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * The same store, each call's fault turned into that line. The runner keeps the raw store's lease
 * part: it classifies faults itself and retries the passing ones.
 */
export function withLocatedFaults(store: Store): Store {
  return withParts(store, new Map((['sweeps', 'results', 'copier', 'notes', 'outerFits'] as const).map((name) => [name, locatedPart(store[name], store.location)])));
}
