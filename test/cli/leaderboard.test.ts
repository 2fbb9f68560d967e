import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers.js';
import { startRun, sweepDir, writeSweep } from '../runner/runner-fixture.js';

test('the leaderboard carries the same rows and columns in every format', async () => {
  const { dir, db } = sweepDir();
  const file = writeSweep(dir, 'lb', 3, 2);
  assert.equal((await startRun([file, '--db', db, '--quiet']).done).code, 0);
  const json = JSON.parse(runCli(['leaderboard', '--db', db, '--format', 'json']).stdout);
  assert.equal(json.length, 3);
  assert.equal(json[0].rank, 1);
  for (let i = 1; i < json.length; i++) assert.ok(json[i].rank >= json[i - 1].rank && json[i].rank <= i + 1, 'competition ranks');
  assert.ok(json.every((r: { folds: number; meanPct: number }) => r.folds === 10 && typeof r.meanPct === 'number'));
  for (let i = 1; i < json.length; i++) assert.ok(json[i - 1].meanPct >= json[i].meanPct, 'ranked by mean');

  const csv = runCli(['leaderboard', '--db', db, '--format', 'csv']).stdout.trim().split('\n');
  assert.deepEqual(csv[0].split(','), Object.keys(json[0]));
  assert.equal(csv.length, 4);
  assert.equal(Number(csv[1].split(',')[Object.keys(json[0]).indexOf('meanPct')]), json[0].meanPct);

  const md = runCli(['leaderboard', '--db', db, '--format', 'markdown']).stdout.split('\n');
  assert.match(md[0], /^\| rank \| trial \| name \| placement/);
  assert.equal(md.filter((l) => /^\| \d/.test(l)).length, 3);
  const table = runCli(['leaderboard', '--db', db, '--top', '2']).stdout;
  assert.equal(table.split('\n').filter((l) => /^│ \d/.test(l)).length, 2);
  assert.match(table, /1 more trials and 0 failed not shown/);

  const where = JSON.parse(runCli(['leaderboard', '--db', db, '--format', 'json', '--where', 'lr > 0.015']).stdout);
  assert.equal(where.length, 2);
});

test('leaderboard input mistakes get one clear line', async () => {
  const { dir, db } = sweepDir();
  const file = writeSweep(dir, 'lbbad', 1, 1);
  assert.equal((await startRun([file, '--db', db, '--quiet']).done).code, 0);
  const unknown = runCli(['leaderboard', '--db', db, '--sweep', 'lbbda']);
  assert.equal(unknown.code, 2);
  assert.equal(unknown.stderr, `dropsweep: unknown sweep "lbbda" in ${db}; did you mean "lbbad"? (sweeps: lbbad)\n`);
  const where = runCli(['leaderboard', '--db', db, '--where', 'colour = 1']);
  assert.equal(where.code, 2);
  assert.equal(where.stderr, 'dropsweep: option --where: no such column: colour\n');
  const write = runCli(['leaderboard', '--db', db, '--where', '1); DELETE FROM trials; --']);
  assert.equal(write.code, 2);
});
