import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { runLibraryExample } from '../helpers.js';

test("the README's library example runs as written, importing the package by its name", () => {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## Use as a library'));
  const code = /```js\n([\s\S]*?)```/.exec(section)![1];
  // Both arguments of crossValidate, each with what belongs in it (a misplaced key would throw below).
  assert.match(code, /crossValidate\(\s*\{ placement: [^}]*\},\s*\{ data: [^}]*\},?\s*\)/);
  const r = runLibraryExample(code, 'readme-example');
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.match(lines[0], /^cv [0-9a-f]{16}: \d+\.\d\d% over 10 folds$/);
  assert.match(lines[1], /^3 trials, 30 fold fits, about \d+ s$/);
  assert.equal(lines[2], 'completed: 3/3 trials done');
  assert.equal(lines.length, 7);
  const ranked = lines.slice(3, 6).map((l) => l.split(' '));
  assert.deepEqual(ranked.map((r) => r[0]), ['1', '2', '3']);
  assert.deepEqual(ranked.map((r) => r[1]).sort(), ['Baseline', 'Hidden', 'Visible']);
  assert.ok(ranked.every((r) => Number(r[2]) > 50 && Number(r[2]) <= 100));
  assert.ok(Number(ranked[0][2]) >= Number(ranked[1][2]) && Number(ranked[1][2]) >= Number(ranked[2][2]), 'ranked by mean');
  assert.equal(lines[6], '10 folds of the baseline');
});
