import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readdirSync } from 'node:fs';
import { runCli, tempDir } from '../helpers.js';

test('mistakes the argument parser catches get one dropsweep: line and exit 2; help and version exit 0', () => {
  const dir = tempDir();
  const cases: [string[], string][] = [
    [['cv', '--dropuot', '0.2'], "dropsweep: unknown option '--dropuot' (Did you mean --dropout?)\n"],
    [['leaderboard', 'extra'], "dropsweep: too many arguments for 'leaderboard'. Expected 0 arguments but got 1.\n"],
    [['run'], "dropsweep: missing required argument 'file'\n"],
    [['lederboard'], "dropsweep: unknown command 'lederboard' (Did you mean leaderboard?)\n"],
    [['cv', '--lr'], "dropsweep: option '--lr <rate>' argument missing\n"],
  ];
  for (const [args, stderr] of cases) {
    const r = runCli(args, {}, dir);
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.stderr, stderr, args.join(' '));
  }
  const help = runCli(['run', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: dropsweep run \[options\] <file>/);
  const version = runCli(['--version']);
  assert.equal(version.code, 0);
  assert.equal(version.stdout, '0.1.0\n');
  assert.deepEqual(readdirSync(dir), [], 'no mistake made a file');
});

test('dropout above 0 with placement none is refused by cv, naming the option; cv prints the configuration it ran', () => {
  const r = runCli(['cv', '--dropout', '0.2', '--epochs', '1']);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, 'dropsweep: option dropout: 0.2 has no effect with placement none (the default); give placement visible, hidden or both\n');
  const ran = runCli(['cv', '--dropout', '0.2', '--placement', 'hidden', '--epochs', '2', '--hidden', '8', '--quiet']);
  assert.equal(ran.code, 0, ran.stderr);
  assert.match(ran.stdout, /^trial [0-9a-f]{16}: placement hidden, dropout 0\.2, max-norm none, lr 0\.01, momentum 0\.8, epochs 2, batch 16, hidden 8; 10 folds, seed 7, data .*data\/sonar\.csv\n/);
});

test('hints name the command as it can be typed here: npx dropsweep under npx, dropsweep otherwise', () => {
  const dir = tempDir();
  const plain = runCli(['status', '--db', `${dir}/none.sqlite`]);
  assert.match(plain.stderr, /Run a sweep first \(dropsweep run sweeps\/tutorial\.yaml\)/);
  const npx = runCli(['status', '--db', `${dir}/none.sqlite`], { npm_command: 'exec' });
  assert.match(npx.stderr, /Run a sweep first \(npx dropsweep run sweeps\/tutorial\.yaml\)/);
});
