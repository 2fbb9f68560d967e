import assert from 'node:assert/strict';
import { test } from 'node:test';
import { query, startRun, sweepDir, writeSweep } from './runner-fixture.js';

test('a changed spec under the same name is refused with the differences, unless --extend or --new', async () => {
  const { dir, db } = sweepDir();
  writeSweep(dir, 'spec', 2, 1);
  const file = `${dir}/spec.yaml`;
  assert.equal((await startRun([file, '--db', db, '--quiet']).done).code, 0);
  const rowsBefore = query<{ id: number }>(db, 'SELECT id FROM fold_results ORDER BY id');

  writeSweep(dir, 'spec', 3, 1);
  const refused = await startRun([file, '--db', db, '--quiet']).done;
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /sweep "spec" is already in .* with a different spec:\n {2}1 trial\(s\) added\nRun with --extend/);
  assert.equal(query<{ n: number }>(db, 'SELECT count(*) AS n FROM trials')[0].n, 2, 'nothing written');

  const extended = await startRun([file, '--db', db, '--extend', '--quiet']).done;
  assert.equal(extended.code, 0, extended.stderr);
  assert.equal(query<{ n: number }>(db, 'SELECT count(*) AS n FROM trials')[0].n, 3);
  assert.deepEqual(query<{ id: number }>(db, 'SELECT id FROM fold_results ORDER BY id').slice(0, rowsBefore.length), rowsBefore, 'old results kept');
  assert.equal(query<{ n: number }>(db, 'SELECT count(*) AS n FROM fold_results')[0].n, 30);

  // Every setting that would make old and new results incomparable blocks --extend, and is named.
  for (const [extra, what] of [
    ['seed: 8\n', 'seed'],
    ['folds: 5\n', 'folds'],
    ['repeats: 2\n', 'repeats'],
    ['engine: tfjs\n', 'engine'],
    ['target: 61\n', 'target'],
    ['data: other.csv\n', 'data'],
  ]) {
    writeSweep(dir, 'spec', 3, 1, extra);
    const blocked = await startRun([file, '--db', db, '--extend', '--quiet']).done;
    assert.equal(blocked.code, 2, extra);
    if (what === 'data') assert.match(blocked.stderr, /other\.csv: no such file|other\.csv: cannot read/, 'a missing data file is refused before anything else');
    else assert.match(blocked.stderr, new RegExp(`cannot extend sweep "spec": ${what} changed, so old and new results would not be comparable`), extra);
  }
  assert.equal(query<{ n: number }>(db, 'SELECT count(*) AS n FROM trials')[0].n, 3, 'nothing written by the refused runs');
  writeSweep(dir, 'spec', 3, 1, 'seed: 8\n');

  const fresh = await startRun([file, '--db', db, '--new', '--quiet']).done;
  assert.equal(fresh.code, 0, fresh.stderr);
  assert.deepEqual(query<{ name: string }>(db, 'SELECT name FROM sweeps ORDER BY id'), [{ name: 'spec' }, { name: 'spec-2' }]);
});

test('a bad sweep file writes nothing and exits non-zero with one line', async () => {
  const { dir, db } = sweepDir();
  const file = writeSweep(dir, 'bad', 1, 1, 'folds: 300\n');
  const r = await startRun([file, '--db', db]).done;
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /fewer than the 300 folds/);
  assert.throws(() => query(db, 'SELECT 1'), 'no database created');
});
