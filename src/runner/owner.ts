import { randomBytes } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Who holds a lease. A pid names a process only inside one PID namespace of one boot of one kernel:
 * two containers sharing a hostname (Docker `--network host`, Kubernetes `hostNetwork`) each have
 * their own pid 2. So an owner carries, after its readable `host:pid`, the scope its pid belongs to:
 *
 *     host:pid:nonce:pidns=INODE:boot=BOOT_ID
 *
 * (INODE from /proc/self/ns/pid, BOOT_ID from /proc/sys/kernel/random/boot_id). A lease is
 * abandoned when its heartbeat is older than the lease on the store's clock; only an owner whose
 * scope equals ours (the same namespace on the same boot) may be declared dead sooner, by
 * `kill(pid, 0)`. Without /proc (macOS, Windows, a /proc we cannot read) there is no scope and
 * no shortcut: leases are taken over when they expire.
 */

const OWNER = /^(.*):(\d+):([0-9a-f]+)(?::(pidns=\d+:boot=[0-9a-f-]{36}))?$/;

let scopeCache: string | null | undefined;

/** `pidns=INODE:boot=BOOT_ID` of this process, or null where it cannot be read. */
export function pidScope(): string | null {
  if (scopeCache === undefined) scopeCache = readScope();
  return scopeCache;
}

function readScope(): string | null {
  try {
    const ns = /^pid:\[(\d+)\]$/.exec(readlinkSync('/proc/self/ns/pid'))?.[1];
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return ns && /^[0-9a-f-]{36}$/.test(boot) ? `pidns=${ns}:boot=${boot}` : null;
  } catch {
    return null;
  }
}

export function newOwner(scope: string | null = pidScope()): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}${scope ? `:${scope}` : ''}`;
}

export interface OwnerParts {
  host: string;
  pid: number;
  /** Null for an owner without one (older runners, or no /proc): its pid proves nothing here. */
  scope: string | null;
}

export function parseOwner(owner: string): OwnerParts | null {
  const m = OWNER.exec(owner);
  return m ? { host: m[1], pid: Number(m[2]), scope: m[4] ?? null } : null;
}

/**
 * True only for an owner in our own PID namespace on this boot whose process is gone: its leases
 * can be taken at once. Anything else (another namespace, another boot, no scope, a pid that
 * answers) is alive until its heartbeat is older than the lease.
 */
export function ownerIsDead(owner: string, scope: string | null = pidScope()): boolean {
  const parts = parseOwner(owner);
  if (!parts || scope === null || parts.scope !== scope || parts.pid === process.pid || parts.pid <= 0) return false;
  try {
    process.kill(parts.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** `host:pid` of an owner, for messages. */
export function ownerName(owner: string): string {
  const parts = parseOwner(owner);
  return parts ? `${parts.host}:${parts.pid}` : owner.split(':').slice(0, 2).join(':');
}
