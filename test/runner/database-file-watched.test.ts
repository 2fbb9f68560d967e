import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyFileSync, renameSync, rmSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli } from '../helpers.js';
import { startRun, sweepDir, waitForStored, writeSlowSweep, writeSweep } from './runner-fixture.js';

/**
 * Issue 22, item 5: `rm` of the database file under a run ended "done: 1560/1560 fold fits stored"
 * with nothing on disk; `: >` of it ended exit 0 and a malformed file. A run checks at each write
 * that its file is still the one it opened, and stops in one line, exit 3, saying what happened.
 */
const cases: { what: string; act: (db: string, dir: string) => void; says: RegExp }[] = [
  { what: 'removed', act: (db) => rmSync(db), says: /r\.sqlite: the database file was removed under the run; stopped, \d+ fold fits in flight were lost, the results it had stored went with that file\. Resume with: / },
  {
    what: 'replaced',
    act: (db, dir) => {
      // Another database of ours, moved over the path (a restore from a copy, a deploy).
      const other = join(dir, 'other.sqlite');
      const made = runCli(['run', writeSweep(dir, 'other', 1, 1), '--db', other, '--quiet']);
      assert.equal(made.code, 0, made.stderr);
      copyFileSync(other, `${other}.copy`);
      renameSync(`${other}.copy`, db);
    },
    says: /r\.sqlite: the database file was replaced under the run \(another file is at its path now\); stopped, .*went with that file/,
  },
  { what: 'truncated', act: (db) => truncateSync(db, 0), says: /r\.sqlite: the database file was truncated under the run \(\d+ bytes, now 0\); stopped, .*went with that file/ },
];

for (const c of cases) {
  test(`a run whose SQLite file is ${c.what} under it stops with one line naming the file and what happened, exit 3`, async () => {
    const { dir, db } = sweepDir();
    const run = startRun([writeSlowSweep(dir, 'watched'), '--db', db, '--workers', '1', '--pack', '1']);
    await waitForStored(db, 2, run);
    // The main file holds the stored pages once checkpointed; force it, so a truncation has something to cut.
    if (c.what === 'truncated') {
      const d = new Database(db);
      d.pragma('busy_timeout = 5000');
      d.pragma('wal_checkpoint(FULL)');
      d.close();
    }
    c.act(db, dir);
    const r = await run.done;
    assert.equal(r.code, 3, r.stderr);
    const lines = r.stderr.trim().split('\n').filter((l) => l.startsWith('dropsweep:'));
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], c.says);
    assert.doesNotMatch(r.stderr, /\n\s+at |Error:|done: /);
    assert.doesNotMatch(r.stdout, /fold fits stored/, 'no closing summary claims the results are stored');
  });
}
