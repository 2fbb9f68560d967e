import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI, tempDir } from '../helpers.js';

/** "Billion laughs": nine levels of nine aliases each, 9^9 copies of "lol" once expanded. */
function laughs(): string {
  const levels = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
  const lines = ['name: laughs', `${levels[0]}: &${levels[0]} [${Array(9).fill('"lol"').join(', ')}]`];
  for (let i = 1; i < levels.length; i++) lines.push(`${levels[i]}: &${levels[i]} [${Array(9).fill(`*${levels[i - 1]}`).join(', ')}]`);
  return `${lines.join('\n')}\ngrid:\n  lr: [0.1]\n`;
}

test('a YAML alias bomb ends in one line naming the file, exit 2, before anything else is read or made', () => {
  const dir = tempDir();
  const file = join(dir, 'laughs.yaml');
  writeFileSync(file, laughs());
  for (const args of [['plan', file], ['run', file, '--db', join(dir, 'r.sqlite'), '--quiet']]) {
    const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' });
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr, `dropsweep: ${file}: its YAML aliases (*name) expand to more than 100 copies; a sweep file needs few if any: write the values out\n`);
  }
  assert.deepEqual(readdirSync(dir), ['laughs.yaml']);
});

test('a few aliases are fine: a value written once and used twice', () => {
  const dir = tempDir();
  const file = join(dir, 'ok.yaml');
  writeFileSync(file, 'name: ok\nprotocol:\n  hidden: &h [8, 4]\ntrials:\n  - { hidden: *h, lr: 0.1 }\n  - { hidden: *h, lr: 0.2 }\n');
  const r = spawnSync(process.execPath, [CLI, 'plan', file, '--format', 'json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).trials, 2);
});
