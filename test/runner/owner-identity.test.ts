import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { test } from 'node:test';
import { newOwner, ownerIsDead, ownerName, parseOwner } from '../../src/runner/owner.js';

const SCOPE = 'pidns=4026531836:boot=89638be1-1a3e-4136-b9bf-4c47a886c027';
const OTHER_NS = 'pidns=4026532175:boot=89638be1-1a3e-4136-b9bf-4c47a886c027';
const OTHER_BOOT = 'pidns=4026531836:boot=00000000-1a3e-4136-b9bf-4c47a886c027';

/** The pid of a process that has exited (and, on a quiet machine, not been reused yet). */
function gonePid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

test('an owner reads host:pid first and carries the PID namespace and boot it was made in', () => {
  const owner = newOwner(SCOPE);
  assert.match(owner, new RegExp(`^${hostname()}:${process.pid}:[0-9a-f]{8}:${SCOPE}$`));
  assert.equal(ownerName(owner), `${hostname()}:${process.pid}`);
  assert.deepEqual(parseOwner(owner), { host: hostname(), pid: process.pid, scope: SCOPE });
  // A hostname may hold a colon (sethostname takes any bytes): the fields are read from the end.
  assert.deepEqual(parseOwner(`a:b:42:0badcafe:${SCOPE}`), { host: 'a:b', pid: 42, scope: SCOPE });
  assert.equal(ownerName(`a:b:42:0badcafe:${SCOPE}`), 'a:b:42');
});

test('a gone pid is dead only in our own PID namespace on our own boot', () => {
  const pid = gonePid();
  assert.equal(ownerIsDead(`${hostname()}:${pid}:0badcafe:${SCOPE}`, SCOPE), true, 'same namespace, same boot, no such process');
  assert.equal(ownerIsDead(`${hostname()}:${pid}:0badcafe:${OTHER_NS}`, SCOPE), false, 'another PID namespace: its pid means nothing here');
  assert.equal(ownerIsDead(`${hostname()}:${pid}:0badcafe:${OTHER_BOOT}`, SCOPE), false, 'another boot');
  assert.equal(ownerIsDead(`${hostname()}:${pid}:0badcafe`, SCOPE), false, 'an owner without a scope (an older runner) proves nothing');
  assert.equal(ownerIsDead(`${hostname()}:${pid}:0badcafe:${SCOPE}`, null), false, 'we cannot read our own scope');
});

test('a live pid, and our own, are never dead', () => {
  assert.equal(ownerIsDead(`${hostname()}:${process.pid}:0badcafe:${SCOPE}`, SCOPE), false);
  assert.equal(ownerIsDead(`${hostname()}:${process.ppid}:0badcafe:${SCOPE}`, SCOPE), false);
});
