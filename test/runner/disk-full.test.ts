import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers.js';
import { query, startRun, sweepDir, waitForStored, writeSlowSweep } from './runner-fixture.js';

const mountPoint = join(tempDir('dropsweep-tmpfs-'), 'small');
mkdirSync(mountPoint);
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mountPoint], { encoding: 'utf8' });
const cannotMount = mounted.status === 0 ? null : `cannot mount a tmpfs here (${(mounted.stderr || mounted.error?.message || '').trim()}); run the tests as root`;
after(() => {
  if (!cannotMount) spawnSync('umount', ['-l', mountPoint]);
});

/** Fills the file system until it refuses another byte. */
function fill(dir: string): void {
  const fd = openSync(join(dir, 'filler'), 'w');
  const block = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, block);
  } catch (err) {
    assert.equal((err as NodeJS.ErrnoException).code, 'ENOSPC');
  } finally {
    closeSync(fd);
  }
}

test('a full disk stops the run with one line and exit 3; a resume elsewhere completes with every earlier row unchanged', async (t) => {
  if (cannotMount) {
    // In CI the tests run as root: a missing prerequisite there is a failure, not a skip.
    if (process.env.CI) assert.fail(cannotMount);
    t.skip(cannotMount);
    return;
  }
  const { dir } = sweepDir();
  const file = writeSlowSweep(dir, 'full');
  const db = join(mountPoint, 'r.sqlite');
  const run = startRun([file, '--db', db, '--workers', '1', '--pack', '2']);
  await waitForStored(db, 4, run);
  fill(mountPoint);
  const r = await run.done;
  assert.equal(r.code, 3, r.stderr);
  const lines = r.stderr.trim().split('\n').filter((l) => l.startsWith('dropsweep:'));
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], new RegExp(`^dropsweep: ${db}: the disk is full \\(SQLITE_FULL: .*\\); stopped, \\d+ fold fits in flight were lost, every stored result is kept\\. Resume with: dropsweep run .* --db ${db}$`));
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');

  type Row = { trial_id: number; fold: number; accuracy: number | null; seed: string; seconds: number };
  const rowsSql = 'SELECT trial_id, fold, accuracy, seed, seconds FROM fold_results ORDER BY trial_id, fold';
  const before = query<Row>(db, rowsSql);
  assert.ok(before.length >= 4 && before.length < 80);
  const elsewhere = join(tempDir(), 'moved.sqlite');
  for (const suffix of ['', '-wal']) if (existsSync(db + suffix)) copyFileSync(db + suffix, elsewhere + suffix);
  const resumed = await startRun([file, '--db', elsewhere, '--workers', '1', '--quiet']).done;
  assert.equal(resumed.code, 0, resumed.stderr);
  const afterRows = query<Row>(elsewhere, rowsSql);
  assert.equal(afterRows.length, 80);
  const byKey = new Map(afterRows.map((x) => [`${x.trial_id}/${x.fold}`, x]));
  for (const row of before) assert.deepEqual(byKey.get(`${row.trial_id}/${row.fold}`), row, 'an earlier row changed');
  const runs = query<{ fits_done: number }>(elsewhere, 'SELECT fits_done FROM runs ORDER BY id');
  assert.equal(runs.at(-1)!.fits_done, 80 - before.length, 'the resume computed only the missing fits');
});
