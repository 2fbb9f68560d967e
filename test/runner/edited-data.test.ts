import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SONAR_CSV, runCli } from '../helpers.js';
import { countResults, query, startRun, sweepDir, writeSweep } from './runner-fixture.js';

test('data edited between runs is refused with one line naming the file and what changed; nothing is mixed', async () => {
  const { dir, db } = sweepDir();
  const csv = join(dir, 'sonar-copy.csv');
  copyFileSync(SONAR_CSV, csv);
  const file = writeSweep(dir, 'edited', 2, 2, 'data: sonar-copy.csv\n');
  const first = await startRun([file, '--db', db, '--quiet']).done;
  assert.equal(first.code, 0, first.stderr);
  const stored = query<{ data_sha256: string; data_rows: number; data_classes: string }>(db, 'SELECT data_sha256, data_rows, data_classes FROM sweeps')[0];
  assert.equal(stored.data_rows, 208);
  assert.equal(stored.data_classes, '{"M":111,"R":97}');
  assert.match(stored.data_sha256, /^[0-9a-f]{64}$/);

  // 58 rows fewer: the file lists the 97 rocks first, so the first 150 rows are 97 rocks and 53 mines.
  writeFileSync(csv, readFileSync(csv, 'utf8').trim().split('\n').slice(0, 150).join('\n') + '\n');
  const second = await startRun([file, '--db', db, '--quiet']).done;
  assert.equal(second.code, 2);
  assert.equal(
    second.stderr,
    `dropsweep: ${csv}: the data changed since sweep "edited" started (content hash ${stored.data_sha256.slice(0, 12)} -> ${second.stderr.match(/-> ([0-9a-f]{12})/)![1]}, rows 208 -> 150, classes {"M":111,"R":97} -> {"M":53,"R":97}); its stored results were computed on the old data. Restore the file, or start a separate sweep with --new\n`,
  );
  assert.equal(countResults(db), 20, 'nothing was added');
  const status = JSON.parse(runCli(['status', '--db', db, '--format', 'json']).stdout)[0];
  assert.equal(status.dataSha256, stored.data_sha256, 'status shows the hash');
  const shown = JSON.parse(runCli(['show', 'edited/' + query<{ trial_key: string }>(db, 'SELECT trial_key FROM trials LIMIT 1')[0].trial_key, '--db', db, '--format', 'json']).stdout);
  assert.equal(shown.dataSha256, stored.data_sha256, 'show shows the hash');
});
