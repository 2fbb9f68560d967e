/** Lease owners: who holds a trial, as `host:pid:random`, and whether that process is gone. */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

export function newOwner(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** A lease owner on this host whose process is gone holds nothing: its trials can be taken at once. */
export function ownerIsDead(owner: string): boolean {
  const [host, pid] = owner.split(':');
  if (host !== hostname() || !pid || Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** `host:pid` of an owner, for messages. */
export const ownerName = (owner: string) => owner.split(':').slice(0, 2).join(':');
