import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SONAR_PATH, loadSonar, resolveDataset } from '../../src/data/registry.js';
import { SONAR_CSV, tempDir } from '../helpers.js';

test('sonar is the copy shipped in the repository: 208 rows, 60 features, M = 0 and R = 1', async () => {
  assert.equal(SONAR_PATH, SONAR_CSV);
  const data = await resolveDataset('sonar');
  assert.equal(data.rows, 208);
  assert.equal(data.columns, 60);
  assert.deepEqual(data.classes, ['M', 'R']);
  // Counted by hand from the file: 111 mines, 97 rocks.
  assert.equal(data.labels.filter((l) => l === 0).length, 111);
  assert.equal(data.labels.filter((l) => l === 1).length, 97);
});

test('a shipped copy whose bytes changed is refused, naming the file and the fix', () => {
  const dir = tempDir();
  const edited = join(dir, 'sonar.csv');
  copyFileSync(SONAR_CSV, edited);
  writeFileSync(edited, readFileSync(edited, 'utf8').replace('0.0200', '0.0201'));
  assert.throws(() => loadSonar({}, edited), {
    name: 'UserError',
    message: new RegExp(`^${edited.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: the shipped Sonar copy was changed \\(SHA-256 [0-9a-f]{12}\\.\\.\\., expected 3079c09b5d27\\.\\.\\.\\)`),
  });
});

test('a missing shipped copy says so in one line', () => {
  const missing = join(tempDir(), 'sonar.csv');
  assert.throws(() => loadSonar({}, missing), { name: 'UserError', message: `${missing}: the shipped Sonar copy cannot be read (ENOENT); reinstall dropsweep` });
});

test('a data set carries the SHA-256 of the very bytes it was parsed from', async () => {
  const sonar = await resolveDataset('sonar');
  assert.equal(sonar.sha256, '3079c09b5d2789a0f96aff82c28e5164fafe2495c5f8da96c6c256c1bd25763f');
  const copy = join(tempDir(), 'copy.csv');
  copyFileSync(SONAR_CSV, copy);
  assert.equal((await resolveDataset(copy)).sha256, sonar.sha256, 'a CSV path hashes the same bytes the same');
});
