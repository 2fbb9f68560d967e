import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { clipProblem } from '../../src/errors.js';
import { CLI, tempDir } from '../helpers.js';

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd, timeout: 120_000, killSignal: 'SIGKILL' });
  return { code: r.status, stderr: r.stderr, timedOut: r.signal === 'SIGKILL' };
}

test('a long problem keeps its start and its end and says how much was cut', () => {
  assert.equal(clipProblem('short'), 'short');
  const value = `"${'7'.repeat(10_000)}x" is not a number`;
  const clipped = clipProblem(value);
  assert.equal(clipped, `"${'7'.repeat(159)}[... 9,759 characters ...]${'7'.repeat(82)}x" is not a number`);
  assert.ok(clipped.length < 300);
});

test('a CSV with one 5 MB line gets a short message naming file:line:column, at once', () => {
  const dir = tempDir();
  const file = join(dir, 'long.csv');
  // A cell of digits that ends in a letter: not a number, found only at its last character.
  writeFileSync(file, `a,b,label\n1,2,M\n3,4,R\n5,${'9'.repeat(5_000_000)}x,M\n`);
  const r = cli(['cv', '--data', file, '--epochs', '1', '--quiet'], dir);
  assert.equal(r.timedOut, false, 'refusing the cell took minutes');
  assert.equal(r.code, 2, r.stderr.slice(0, 500));
  const lines = r.stderr.split('\n').filter(Boolean);
  assert.equal(lines.length, 1, `one line, got ${lines.length}`);
  assert.ok(r.stderr.length < 500, `a readable line, got ${r.stderr.length} characters`);
  assert.match(r.stderr, new RegExp(`^dropsweep: ${file}:4:2: "9{159}\\[\\.\\.\\. 4,999,759 characters \\.\\.\\.\\]9{82}x" is not a number\\n$`));
});

test('a sweep file with a 1 MB value gets a short message naming the key', () => {
  const dir = tempDir();
  const file = join(dir, 's.yaml');
  writeFileSync(file, `name: s\ndescription: ok\ngrid:\n  lr: ["${'1'.repeat(1_000_000)}"]\n`);
  const r = cli(['plan', file], dir);
  assert.equal(r.code, 2, r.stderr.slice(0, 500));
  assert.ok(r.stderr.length < 500, `a readable line, got ${r.stderr.length} characters`);
  assert.match(r.stderr, new RegExp(`^dropsweep: ${file}: grid\\.lr\\[0\\]: .*characters \\.\\.\\.\\]`));
});
