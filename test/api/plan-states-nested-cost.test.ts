import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { planSweep } from '../../src/index.js';
import { CLI } from '../helpers.js';
import { sweepDir } from '../runner/runner-fixture.js';

test('plan --outer K states what nested cross-validation trains: K inner sweeps of the plan on (K-1)/K of the rows plus K outer fits, and a time estimated as the run\'s', async () => {
  const { dir, db } = sweepDir();
  const file = join(dir, 'p.yaml');
  // 3 x 2 = 6 distinct trials, 4 folds x 2 repeats: 48 fold fits.
  writeFileSync(file, 'name: p\nfolds: 4\nrepeats: 2\nprotocol:\n  epochs: 50\ngrid:\n  lr: [0.01, 0.03, 0.1]\n  momentum: [0.8, 0.9]\n');
  const plain = await planSweep(file, { db, workers: 2 });
  assert.equal(plain.nested, undefined, 'no nested cost unless asked');
  const p = await planSweep(file, { db, workers: 2, outer: 5 });
  assert.equal(p.foldFits, 48);
  assert.deepEqual({ ...p.nested, estimatedSeconds: 0 }, { outer: 5, innerSweeps: 5, fitsPerInnerSweep: 48, outerFits: 5, fits: 5 * 48 + 5, estimatedSeconds: 0 });
  // Each inner fit trains on (1 - 1/5) of what a fit of the plain run trains on (its work scales
  // with the rows), so the inner sweeps cost 5 x 0.8 = 4 plain runs; the outer fits add a little.
  const innerOnly = 4 * p.estimatedSeconds;
  assert.ok(p.nested!.estimatedSeconds >= Math.round(innerOnly) - 1, `${p.nested!.estimatedSeconds} s against 4 x ${p.estimatedSeconds} s`);
  assert.ok(p.nested!.estimatedSeconds <= innerOnly * 1.2 + 1, `${p.nested!.estimatedSeconds} s`);

  const r = spawnSync(process.execPath, [CLI, 'plan', file, '--outer', '5', '--db', db, '--workers', '2'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^nested --outer 5: 5 inner sweeps x 48 fits \+ 5 outer fits = 245 fits, estimated /m);
  const json = spawnSync(process.execPath, [CLI, 'plan', file, '--outer', '5', '--db', db, '--workers', '2', '--format', 'json'], { encoding: 'utf8' });
  assert.equal((JSON.parse(json.stdout) as { nested: { fits: number } }).nested.fits, 245);
});
