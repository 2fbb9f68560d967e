import assert from 'node:assert/strict';
import { test } from 'node:test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SONAR_URL, resolveDataset } from '../../src/data/registry.js';
import { SONAR_CSV, tempDir } from '../helpers.js';

const sonarText = () => readFileSync(SONAR_CSV, 'utf8');

function fakeFetch(body: string, status = 200) {
  const calls: string[] = [];
  const impl = (async (url: string | URL | Request) => {
    calls.push(String(url));
    return new Response(body, { status });
  }) as typeof fetch;
  return { impl, calls };
}

test('sonar: downloaded once from UCI, checked, cached, then read from the cache', async () => {
  const cache = tempDir();
  const env = { XDG_CACHE_HOME: cache };
  const first = fakeFetch(sonarText());
  const data = await resolveDataset('sonar', { env, fetchImpl: first.impl });
  assert.deepEqual(first.calls, [SONAR_URL]);
  assert.equal(data.rows, 208);
  const cached = join(cache, 'dropsweep', 'sonar.csv');
  assert.equal(readFileSync(cached, 'utf8'), sonarText());
  assert.deepEqual(readdirSync(join(cache, 'dropsweep')), ['sonar.csv'], 'no partial file left behind');
  const second = fakeFetch('');
  const again = await resolveDataset('sonar', { env, fetchImpl: second.impl });
  assert.deepEqual(second.calls, [], 'the cache is used');
  assert.deepEqual(again.labels, data.labels);
});

test('a truncated or wrong download is refused and not cached', async () => {
  const cache = tempDir();
  const env = { XDG_CACHE_HOME: cache };
  const truncated = sonarText().split('\n').slice(0, 100).join('\n');
  await assert.rejects(resolveDataset('sonar', { env, fetchImpl: fakeFetch(truncated).impl }), {
    name: 'UserError',
    message: `${SONAR_URL}: not the Sonar data set: 100 rows instead of 208`,
  });
  assert.equal(existsSync(join(cache, 'dropsweep', 'sonar.csv')), false);
  await assert.rejects(resolveDataset('sonar', { env, fetchImpl: fakeFetch('gone', 404).impl }), /could not be downloaded .*HTTP 404/);
});

test('DROPSWEEP_DATA_DIR wins, and a missing file there is named', async () => {
  const dir = tempDir();
  await assert.rejects(resolveDataset('sonar', { env: { DROPSWEEP_DATA_DIR: dir } }), {
    name: 'UserError',
    message: `DROPSWEEP_DATA_DIR is set, but ${join(dir, 'sonar.csv')} does not exist`,
  });
});
