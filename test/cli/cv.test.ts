import assert from 'node:assert/strict';
import { test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SONAR_CSV, runCli, tempDir } from '../helpers.js';

test('cv --format json prints one JSON object with ten fold accuracies', () => {
  const r = runCli(['cv', '--epochs', '2', '--format', 'json', '--placement', 'hidden', '--dropout', '0.2', '--max-norm', '3', '--lr', '0.1', '--momentum', '0.9']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.accuracy.folds.length, 10);
  for (const a of out.accuracy.folds) assert.ok(a >= 0 && a <= 1);
  assert.ok(Math.abs(out.accuracy.mean - out.accuracy.folds.reduce((s: number, a: number) => s + a, 0) / 10) < 1e-12);
  assert.deepEqual(out.config, { hidden: [60, 30], placement: 'hidden', dropout: 0.2, maxNorm: 3, lr: 0.1, momentum: 0.9, epochs: 2, batchSize: 16 });
  assert.equal(out.engine, 'fused', 'the fused kernel is the default engine');
  assert.equal(out.backend, 'wasm-simd');
  assert.equal(out.diverged, 0);
  assert.equal(typeof out.seconds, 'number');
});

test('cv --engine tfjs trains on a TensorFlow.js backend and records it', () => {
  const r = runCli(['cv', '--engine', 'tfjs', '--epochs', '1', '--folds', '3', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.engine, 'tfjs');
  assert.ok(['tensorflow', 'wasm', 'cpu'].includes(out.backend));
  assert.equal(out.accuracy.folds.length, 3);
});

test('cv prints a per-fold table and the mean (std)', () => {
  const r = runCli(['cv', '--epochs', '1', '--folds', '3', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /accuracy: \d+\.\d\d% \(\d+\.\d\d%\)/);
  assert.equal(r.stdout.split('\n').filter((l) => /^│ [0-2] /.test(l)).length, 3);
});

const badOptions: [string[], string][] = [
  [['--dropout', '1'], 'option --dropout: 1 is not in [0, 1)'],
  [['--dropout', '-0.1'], 'option --dropout: -0.1 is not in [0, 1)'],
  [['--lr', '0'], 'option --lr: 0 is not in (0, inf]'],
  [['--lr', 'fast'], 'option --lr: "fast" is not a number'],
  [['--momentum', '1'], 'option --momentum: 1 is not in [0, 1)'],
  [['--placement', 'input'], 'option --placement: "input" is not one of none, visible, hidden, both'],
  [['--max-norm', '-3'], 'option --max-norm: -3 is neither none nor a positive number'],
  [['--hidden', '60,x'], 'option --hidden: "60,x": layer width null is not an integer in [1, 4096]'],
  [['--engine', 'tfjs', '--backend', 'gpu'], 'option --backend: "gpu" is not one of tensorflow, wasm, cpu'],
  [['--backend', 'wasm'], 'option --backend: only the tfjs engine has backends; the fused engine runs its own WebAssembly kernel'],
  [['--engine', 'gpu'], 'option --engine: "gpu" is not one of fused, tfjs'],
];
for (const [args, message] of badOptions) {
  test(`cv ${args.join(' ')} is refused with one clear line`, () => {
    const r = runCli(['cv', '--epochs', '1', ...args]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `dropsweep: ${message}\n`);
    assert.equal(r.stdout, '');
  });
}

test('bad data through the CLI: file, line and column, no stack trace', () => {
  const dir = tempDir();
  const file = join(dir, 'bad.csv');
  writeFileSync(file, '0.1,0.2,M\n0.3,oops,R\n');
  const r = runCli(['cv', '--data', file, '--epochs', '1']);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, `dropsweep: ${file}:2:2: "oops" is not a number\n`);
  const few = join(dir, 'few.csv');
  writeFileSync(few, '0.1,M\n0.2,M\n0.3,R\n0.4,R\n0.5,R\n');
  const r2 = runCli(['cv', '--data', few, '--epochs', '1']);
  assert.equal(r2.code, 2);
  assert.equal(r2.stderr, `dropsweep: ${few}: class "M" has 2 rows, fewer than the 10 folds; use fewer folds\n`);
});

test('sonar needs no network, no cache and no environment variable', () => {
  const home = tempDir();
  const r = runCli(['cv', '--epochs', '1', '--format', 'json'], { XDG_CACHE_HOME: home, HOME: home, DROPSWEEP_DATA_DIR: '/nonexistent' });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { data: string; accuracy: { folds: number[] } };
  assert.equal(out.data, SONAR_CSV);
  assert.equal(out.accuracy.folds.length, 10);
});
