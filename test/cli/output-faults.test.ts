import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { CLI, runCli } from '../helpers.js';
import { countResults, query, startRun, sweepDir, writeSlowSweep, writeSweep } from '../runner/runner-fixture.js';

let db = '';
before(async () => {
  const made = sweepDir();
  db = made.db;
  assert.equal((await startRun([writeSweep(made.dir, 'out', 2, 1), '--db', db, '--quiet']).done).code, 0);
});

test('output that cannot be written (a full device) is one line and exit 3, not a stack trace', () => {
  for (const args of [['export', '--db', db], ['leaderboard', '--db', db]]) {
    const r = runCli([...args]);
    assert.equal(r.code, 0);
    const full = spawnToDevFull(args);
    assert.equal(full.code, 3, `${args[0]}: ${full.stderr}`);
    assert.equal(full.stderr, 'dropsweep: cannot write the output (ENOSPC)\n');
  }
});

/** The command with its stdout on /dev/full, where every write fails with ENOSPC. */
function spawnToDevFull(args: string[]) {
  const fd = openSync('/dev/full', 'w');
  try {
    const r = spawnSync(process.execPath, [CLI, ...args], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
    return { code: r.status, stderr: r.stderr };
  } finally {
    closeSync(fd);
  }
}

test('a run whose stderr goes away (a closed pipe or terminal) carries on and finishes the sweep', async () => {
  const { dir, db: runDb } = sweepDir();
  const file = writeSlowSweep(dir, 'noerr');
  const child = spawn(process.execPath, [CLI, 'run', file, '--db', runDb, '--workers', '1', '--pack', '4'], { stdio: ['ignore', 'ignore', 'pipe'] });
  // Read the first line, then close the pipe, as `2>&1 | head -1` does.
  child.stderr.once('data', () => child.stderr.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  assert.equal(code, 0);
  assert.equal(countResults(runDb), 80, 'every fold stored');
  assert.deepEqual(query(runDb, 'SELECT outcome FROM runs'), [{ outcome: 'completed' }]);
});

test('query keeps columns of the same name apart; a --where that fails as it runs is the user\'s mistake', () => {
  const out = JSON.parse(runCli(['query', 'SELECT 1 AS a, 2 AS a, t.id, s.id FROM trials t JOIN sweeps s ON s.id = t.sweep_id LIMIT 1', '--db', db, '--format', 'json']).stdout);
  assert.deepEqual(Object.keys(out[0]), ['a', 'a_2', 'id', 'id_2']);
  assert.deepEqual([out[0].a, out[0].a_2], [1, 2]);
  const bad = runCli(['leaderboard', '--db', db, '--where', "json_extract(placement, '$x') = 1"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^dropsweep: option --where: /);
  assert.doesNotMatch(bad.stderr, /\n\s+at /);
});
