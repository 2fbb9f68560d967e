import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { UserError } from '../../src/errors.js';
import { ENGINES } from '../../src/engine/train.js';
import { parseSweepText } from '../../src/sweep/parse.js';
import { CLI, tempDir } from '../helpers.js';

const list = (n: number, f: (i: number) => number) => `[${Array.from({ length: n }, (_, i) => f(i)).join(', ')}]`;
const grid = (lrs: number, momenta: number) => `name: g\ngrid:\n  lr: ${list(lrs, (i) => (i + 1) / 10_000)}\n  momentum: ${list(momenta, (i) => i / 10_000)}\n`;

test('a grid of up to 1,000,000 points is accepted; one more row of points is refused with the planned count', () => {
  assert.equal(parseSweepText(grid(1000, 1000), 'g.yaml', ENGINES).grid?.lr?.length, 1000);
  assert.throws(
    () => parseSweepText(grid(1000, 1001), 'g.yaml', ENGINES),
    (err: unknown) =>
      err instanceof UserError &&
      err.exitCode === 2 &&
      err.message ===
        'g.yaml: grid: crosses to 1,001,000 grid points (lr 1000 x momentum 1001), more than the 1,000,000 a sweep may plan; ' +
          'split it into several sweeps, or draw from it with sampler: random and trials: N (at most 100,000)',
  );
  // Random search draws from the same lists without crossing them: its own cap (trials) applies.
  assert.doesNotThrow(() => parseSweepText(`${grid(1000, 1001)}sampler: random\ntrials: 10\n`, 'g.yaml', ENGINES));
});

test('plan refuses a 12,000,000-point grid at once, counting it without expanding it', () => {
  const dir = tempDir();
  const file = join(dir, 'huge.yaml');
  const text =
    `name: huge\ngrid:\n  dropout: ${list(50, (i) => (i + 1) / 100)}\n  placement: [visible, hidden, both]\n  maxNorm: ${list(40, (i) => i + 1)}\n` +
    `  lrMultiplier: ${list(100, (i) => i + 1)}\n  momentum: ${list(20, (i) => i / 20)}\n`;
  writeFileSync(file, text);
  // A plan this size needs gigabytes; 256 MB of heap is plenty for counting it.
  const r = spawnSync(process.execPath, ['--max-old-space-size=256', CLI, 'plan', file], { encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' });
  assert.equal(r.status, 2, r.stderr.slice(0, 500));
  assert.equal(
    r.stderr,
    `dropsweep: ${file}: grid: crosses to 12,000,000 grid points (dropout 50 x placement 3 x maxNorm 40 x lrMultiplier 100 x momentum 20), more than the 1,000,000 a sweep may plan; ` +
      'split it into several sweeps, or draw from it with sampler: random and trials: N (at most 100,000)\n',
  );
});
