import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { runCli } from '../helpers.js';
import { startRun, sweepDir, writeSweep } from '../runner/runner-fixture.js';

let db = '';
before(async () => {
  const made = sweepDir();
  db = made.db;
  assert.equal((await startRun([writeSweep(made.dir, 'md', 3, 2), '--db', db, '--quiet']).done).code, 0);
});

test('--format md is taken as markdown by every listing command', () => {
  for (const command of [['leaderboard'], ['effects'], ['query', 'SELECT name FROM sweeps']]) {
    const md = runCli([...command, '--db', db, '--format', 'md']);
    const markdown = runCli([...command, '--db', db, '--format', 'markdown']);
    assert.equal(md.code, 0, md.stderr);
    assert.equal(md.stdout, markdown.stdout, command[0]);
    assert.match(md.stdout, /^\| /);
  }
  const bad = runCli(['leaderboard', '--db', db, '--format', 'mdown']);
  assert.equal(bad.stderr, 'dropsweep: option --format: "mdown" is not one of table, markdown, csv, json\n');
});

test('lines under a markdown table are set off by a blank line, so GitHub does not read them as rows', () => {
  const r = runCli(['leaderboard', '--db', db, '--format', 'markdown', '--top', '1']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n');
  const last = lines.map((l) => l.startsWith('|')).lastIndexOf(true);
  assert.equal(lines[last + 1], '', 'a blank line after the last row');
  assert.match(lines[last + 2], /^sweep md: 1 rows/);
  assert.ok(lines.slice(last + 2).every((l) => !l.startsWith('|')));
  const table = runCli(['leaderboard', '--db', db, '--top', '1']);
  assert.match(table.stdout, /┘\nsweep md: 1 rows/, 'the terminal table keeps its footer right under it');
});
