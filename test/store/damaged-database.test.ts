import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { copyFileSync, existsSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli, tempDir } from '../helpers.js';
import { sha256, startRun, sweepDir, writeSweep } from '../runner/runner-fixture.js';

let finished = '';
let sweepFile = '';
before(async () => {
  const { dir, db } = sweepDir();
  sweepFile = writeSweep(dir, 'intact', 6, 2);
  const r = await startRun([sweepFile, '--db', db, '--quiet']).done;
  assert.equal(r.code, 0, r.stderr);
  // Fold the WAL into the main file, so the copy below is the whole database.
  const d = new Database(db);
  d.pragma('wal_checkpoint(TRUNCATE)');
  d.close();
  finished = db;
});

const commands = (db: string) => [
  ['run', sweepFile, '--db', db, '--quiet'],
  ['status', '--db', db],
  ['leaderboard', '--db', db],
  ['export', '--db', db],
];

test('a truncated database: every command says so in one line, exit 2, and the file keeps its bytes', () => {
  const db = join(tempDir(), 'truncated.sqlite');
  copyFileSync(finished, db);
  truncateSync(db, Math.floor(statSync(db).size / 2));
  const hash = sha256(db);
  for (const args of commands(db)) {
    const r = runCli(args);
    assert.equal(r.code, 2, `${args[0]}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`^dropsweep: ${db}: the database file is damaged \\(.*\\); nothing was changed\\. Restore it from a copy, or pass another --db\\n$`), args[0]);
    assert.equal(sha256(db), hash, `${args[0]} changed the file`);
  }
});

test('a foreign SQLite file and a newer dropsweep database are refused byte-for-byte unchanged (no WAL switch, no migration)', () => {
  const dir = tempDir();
  const foreign = join(dir, 'foreign.sqlite');
  const d = new Database(foreign);
  d.exec('CREATE TABLE customers (id INTEGER); INSERT INTO customers VALUES (1)');
  d.close();
  const hash = sha256(foreign);
  const r = runCli(['run', sweepFile, '--db', foreign, '--quiet']);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, `dropsweep: ${foreign}: not a dropsweep database (it has other tables)\n`);
  assert.equal(sha256(foreign), hash);
  assert.deepEqual(readdirSync(dir), ['foreign.sqlite'], 'no -wal or -shm file made');

  const newer = join(dir, 'newer.sqlite');
  copyFileSync(finished, newer);
  const n = new Database(newer);
  n.exec('INSERT INTO schema_version (version) VALUES (99)');
  n.pragma('journal_mode = DELETE');
  n.close();
  const newerHash = sha256(newer);
  const refused = runCli(['run', sweepFile, '--db', newer, '--quiet']);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /made by a newer dropsweep \(schema 99, this one knows \d+\); nothing was changed\n$/);
  assert.equal(sha256(newer), newerHash);
});

test('refused options touch no file: a bad --backend creates no folder, an impossible --db fails at once', () => {
  const dir = tempDir();
  const db = join(dir, 'new', 'r.sqlite');
  const r = runCli(['run', sweepFile, '--db', db, '--backend', 'wasm']);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, 'dropsweep: option --backend: only the tfjs engine has backends; the fused engine runs its own WebAssembly kernel\n');
  assert.deepEqual(readdirSync(dir), [], 'no folder, no database');
  const started = Date.now();
  const proc = runCli(['run', sweepFile, '--db', '/proc/nope/x.sqlite']);
  assert.equal(proc.code, 2);
  assert.equal(proc.stderr, 'dropsweep: --db /proc/nope/x.sqlite: cannot create the folder /proc/nope (ENOENT)\n');
  assert.ok(Date.now() - started < 10_000);
  const device = runCli(['status', '--db', '/dev/null']);
  assert.equal(device.code, 2);
  assert.equal(device.stderr, 'dropsweep: --db /dev/null: not a database file (a device or special file)\n');
  assert.equal(existsSync('/dev/null-journal'), false, 'no journal made beside a device');
  const zero = runCli(['plan', '/dev/zero']);
  assert.equal(zero.code, 2, 'a device is not read as a sweep file');
  assert.equal(zero.stderr, 'dropsweep: /dev/zero: not a sweep file (a device or special file)\n');
  const url = runCli(['status', '--db', 'mysql://host/db']);
  assert.equal(url.code, 2);
  assert.match(url.stderr, /^dropsweep: --db mysql:\/\/host\/db: not a database file path/);
  writeFileSync(join(dir, 'afile'), 'x');
  const underFile = runCli(['run', sweepFile, '--db', join(dir, 'afile', 'r.sqlite')]);
  assert.equal(underFile.code, 2);
  assert.equal(underFile.stderr, `dropsweep: --db ${join(dir, 'afile', 'r.sqlite')}: ${join(dir, 'afile')} is a file, not a folder\n`);
});
