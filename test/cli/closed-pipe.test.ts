import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spawn } from 'node:child_process';
import { CLI } from '../helpers.js';
import { startRun, sweepDir, writeSweep } from '../runner/runner-fixture.js';

/** Runs the CLI, reads its first line, closes the pipe (as `| head -1` does) and returns how it ended. */
function firstLineThenClose(args: string[]): Promise<{ code: number | null; stderr: string; line: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let line = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.once('data', (d: Buffer) => {
      line = d.toString().split('\n')[0];
      child.stdout.destroy();
    });
    child.on('exit', (code) => resolve({ code, stderr, line }));
  });
}

test('a reader that closes the pipe early ends the output quietly with exit 0, in every listing format', async () => {
  const { dir, db } = sweepDir();
  assert.equal((await startRun([writeSweep(dir, 'pipe', 2, 1), '--db', db, '--quiet']).done).code, 0);
  // Far more than a pipe buffer (64 KiB), so writes go on after the reader is gone.
  const many = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 20000) SELECT x, x * 2 AS y FROM c';
  for (const format of ['table', 'csv', 'json', 'markdown']) {
    const r = await firstLineThenClose(['query', many, '--db', db, '--format', format]);
    assert.equal(r.code, 0, `${format}: ${r.stderr}`);
    assert.equal(r.stderr, '', `${format}: no EPIPE message or stack`);
    assert.ok(r.line.length > 0);
  }
});
