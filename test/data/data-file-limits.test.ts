import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, ftruncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { crossValidate } from '../../src/api/cross-validate.js';
import { UserError } from '../../src/errors.js';
import { CLI, tempDir } from '../helpers.js';

const CONFIG = { hidden: [4], placement: 'none' as const, dropout: 0, maxNorm: null, lr: 0.01, momentum: 0.8, epochs: 1, batchSize: 16 };

/** The CLI, stopped after `seconds` (a read that never ends must fail the test, not hang it). */
function cli(args: string[], cwd?: string, seconds = 60) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd, timeout: seconds * 1000, killSignal: 'SIGKILL' });
  return { code: r.status, stderr: r.stderr, timedOut: r.signal === 'SIGKILL' };
}

/** A file of `mb` MB that takes no disk space (a sparse file reads as NUL bytes). */
function sparse(path: string, mb: number): string {
  const fd = openSync(path, 'w');
  ftruncateSync(fd, mb * 1024 * 1024);
  closeSync(fd);
  return path;
}

test('a device or a FIFO as data is refused before a byte is read: one line, exit 2', () => {
  const dir = tempDir();
  const fifo = join(dir, 'pipe.csv');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  for (const data of ['/dev/zero', fifo]) {
    const r = cli(['cv', '--data', data, '--epochs', '1', '--quiet'], dir, 30);
    assert.equal(r.timedOut, false, `${data}: the read never ended`);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr, `dropsweep: ${data}: a device, pipe or socket, not a CSV file; nothing was read from it\n`);
  }
  // The same file named by a sweep file, for run and plan.
  writeFileSync(join(dir, 's.yaml'), 'name: s\ndata: /dev/zero\ngrid:\n  lr: [0.1]\n');
  for (const command of [['run', 's.yaml', '--db', 'r.sqlite', '--quiet'], ['plan', 's.yaml']]) {
    const r = cli(command, dir, 30);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^dropsweep: \/dev\/zero: a device, pipe or socket, not a CSV file; nothing was read from it\n$/);
  }
  assert.deepEqual(readdirSync(dir).sort(), ['pipe.csv', 's.yaml'], 'no database was made');
});

test('a data file over the limit (100 MB unless raised with --max-data-mb) is refused before it is read, naming the limit', () => {
  const dir = tempDir();
  const big = sparse(join(dir, 'big.csv'), 101);
  const r = cli(['cv', '--data', big, '--epochs', '1', '--quiet'], dir);
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stderr, `dropsweep: ${big}: 101.0 MB is more than the 100 MB limit for data files; nothing was read. Raise it with --max-data-mb (library: maxDataMb), up to 500\n`);

  const small = join(dir, 'small.csv');
  writeFileSync(small, `a,b,label\n${'0.5,0.25,M\n0.75,0.125,R\n'.repeat(60_000)}`);
  const refused = cli(['cv', '--data', small, '--max-data-mb', '1', '--epochs', '1', '--quiet'], dir);
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(refused.stderr, /: 1\.\d MB is more than the 1 MB limit for data files; nothing was read\. Raise it with --max-data-mb/);
  const raised = cli(['cv', '--data', small, '--max-data-mb', '2', '--epochs', '1', '--hidden', '2', '--folds', '2', '--quiet'], dir);
  assert.equal(raised.code, 0, raised.stderr);

  // As every declared integer option words it: a number out of range as is, a non-integer quoted.
  for (const [bad, shown] of [['0', '0'], ['501', '501'], ['1.5', '"1.5"']]) {
    const r2 = cli(['cv', '--data', small, '--max-data-mb', bad, '--quiet'], dir);
    assert.equal(r2.code, 2);
    assert.equal(r2.stderr, `dropsweep: option --max-data-mb: ${shown} is not an integer in [1, 500]\n`);
  }
});

test('the library takes the same limit as maxDataMb and refuses with the same line', async () => {
  const dir = tempDir();
  const big = sparse(join(dir, 'big.csv'), 3);
  await assert.rejects(crossValidate(CONFIG, { data: big, maxDataMb: 2 }), (err: unknown) => {
    assert.ok(err instanceof UserError);
    assert.equal(err.exitCode, 2);
    assert.equal(err.message, `${big}: 3.0 MB is more than the 2 MB limit for data files; nothing was read. Raise it with --max-data-mb (library: maxDataMb), up to 500`);
    return true;
  });
  await assert.rejects(crossValidate(CONFIG, { data: big, maxDataMb: 0 }), /option maxDataMb: 0 is not an integer in \[1, 500\]/);
});
