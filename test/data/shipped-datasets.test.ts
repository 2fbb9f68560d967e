import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { SHIPPED, loadShipped, resolveDataset } from '../../src/data/registry.js';
import { dataIdentity } from '../../src/data/identity.js';
import { tempDir } from '../helpers.js';

const count = (labels: Uint8Array, c: number) => labels.filter((l) => l === c).length;

test('iris is the shipped copy: 150 rows, 4 features, 50 of each species in alphabetical order', async () => {
  const data = await resolveDataset('iris');
  assert.equal(data.source, SHIPPED.iris.path);
  assert.equal(data.rows, 150);
  assert.equal(data.columns, 4);
  assert.deepEqual(data.classes, ['setosa', 'versicolor', 'virginica']);
  assert.deepEqual([0, 1, 2].map((c) => count(data.labels, c)), [50, 50, 50]);
  assert.deepEqual(data.featureNames, ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
  // Fisher's first flower: 5.1, 3.5, 1.4, 0.2, setosa; the last: 5.9, 3.0, 5.1, 1.8, virginica.
  assert.deepEqual([...data.features.subarray(0, 4)], [5.1, 3.5, 1.4, 0.2].map(Math.fround));
  assert.deepEqual([...data.features.subarray(596)], [5.9, 3.0, 5.1, 1.8].map(Math.fround));
  assert.equal(data.labels[149], 2);
  assert.equal(dataIdentity(data).data_classes, '{"setosa":50,"versicolor":50,"virginica":50}');
});

test('digits is the shipped copy: 1,797 rows of 64 pixels in 0..16, 10 digit classes in numeric order', async () => {
  const data = await resolveDataset('digits');
  assert.equal(data.rows, 1797);
  assert.equal(data.columns, 64);
  assert.deepEqual(data.classes, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  // Per-class counts of scikit-learn's load_digits (np.bincount of its target).
  const expected = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180];
  assert.deepEqual(expected.map((_, c) => count(data.labels, c)), expected);
  assert.ok(data.features.every((v) => Number.isInteger(v) && v >= 0 && v <= 16));
  assert.equal(data.featureNames?.[9], 'pixel_1_1');
  assert.equal(data.labels[0], 0, 'the first image is a 0');
});

test('each shipped file hashes to the SHA-256 recorded in the registry and in data/README.md', () => {
  const readme = readFileSync('data/README.md', 'utf8');
  for (const [name, d] of Object.entries(SHIPPED)) {
    const hash = createHash('sha256').update(readFileSync(d.path)).digest('hex');
    assert.equal(hash, d.sha256, name);
    assert.ok(readme.includes(hash), `data/README.md records the hash of ${name}`);
  }
});

test('an edited or missing shipped copy is refused, naming the file and the fix', () => {
  const dir = tempDir();
  const edited = join(dir, 'iris.csv');
  copyFileSync(SHIPPED.iris.path, edited);
  writeFileSync(edited, readFileSync(edited, 'utf8').replace('5.1,3.5,1.4,0.2', '5.1,3.5,1.4,0.3'));
  assert.throws(() => loadShipped('iris', {}, edited), {
    name: 'UserError',
    message: `${edited}: the shipped iris copy was changed (SHA-256 ${createHash('sha256').update(readFileSync(edited)).digest('hex').slice(0, 12)}..., expected 9cc1c345c71b...); restore it with git checkout data/iris.csv`,
  });
  const missing = join(dir, 'digits.csv');
  assert.throws(() => loadShipped('digits', {}, missing), { message: `${missing}: the shipped digits copy cannot be read (ENOENT); reinstall dropsweep` });
});

test('the shipped names take precedence over files of that name; ./iris reads a file', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'iris'), '1,a\n2,b\n3,a\n4,b\n');
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    assert.equal((await resolveDataset('iris')).rows, 150);
    assert.equal((await resolveDataset('./iris')).rows, 4);
  } finally {
    process.chdir(cwd);
  }
});
