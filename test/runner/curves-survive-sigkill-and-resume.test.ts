import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openStore } from '../../src/store/store.js';
import { query, startRun, sweepDir, waitForStored, writeSweep } from './runner-fixture.js';

test('learning curves stored before a SIGKILL are readable after it, and the resumed run stores one for every fold', async () => {
  const { dir, db } = sweepDir();
  // 8 trials x 10 folds of 300 epochs on [60, 30]: long enough to kill mid-sweep.
  const file = writeSweep(dir, 'killed-curves', 8, 300, 'curves: { every: 50 }\n', '[60, 30]');
  const first = startRun([file, '--db', db, '--workers', '1', '--pack', '2', '--quiet']);
  await waitForStored(db, 10, first);
  first.child.kill('SIGKILL');
  assert.equal((await first.done).signal, 'SIGKILL');

  // Each stored fold result committed with its curve, in the same transaction: none without one.
  const before = query<{ trial_id: number; fold: number; curve: number | null }>(
    db,
    'SELECT r.trial_id, r.fold, c.trial_id AS curve FROM fold_results r LEFT JOIN fold_curves c ON c.trial_id = r.trial_id AND c.fold = r.fold AND c.repeat = r.repeat ORDER BY r.id',
  );
  assert.ok(before.length >= 10 && before.length < 80, `${before.length} rows stored before the kill`);
  assert.deepEqual(before.filter((r) => r.curve === null), [], 'every fold stored before the kill has its curve');
  const storedBefore = query<{ trial_id: number; fold: number; train_loss: Buffer }>(db, 'SELECT trial_id, fold, train_loss FROM fold_curves ORDER BY trial_id, fold');

  const second = await startRun([file, '--db', db, '--workers', '1', '--pack', '5', '--quiet']).done;
  assert.equal(second.code, 0, second.stderr);

  const store = await openStore(db, { readonly: true });
  try {
    let folds = 0;
    for (const t of await store.results.trialsByPrefix('', 'killed-curves')) {
      const rows = await store.results.foldResults(t.id);
      const curves = await store.results.curves(t.id);
      assert.deepEqual(curves.map((c) => c.fold), rows.map((r) => r.fold), `trial ${t.trial_key}: a curve for every fold`);
      for (const [i, { curve }] of curves.entries()) {
        const r = rows[i];
        assert.equal(curve.trainLoss.length, r.epochs_run, 'a training loss for every epoch run');
        assert.ok(Array.from(curve.trainLoss).every(Number.isFinite));
        assert.equal(curve.trainLoss[r.epochs_run - 1], Math.fround(r.train_loss!), 'its last value is the stored training loss (float32)');
        const expected = [50, 100, 150, 200, 250, 300].filter((e) => e <= r.epochs_run);
        if (expected.at(-1) !== r.epochs_run) expected.push(r.epochs_run);
        assert.deepEqual(Array.from(curve.epochs), expected, 'held-out checkpoints every 50 epochs and the last');
        if (r.accuracy !== null) assert.equal(curve.heldOut.accuracy.at(-1), Math.fround(r.accuracy));
        folds++;
      }
    }
    assert.equal(folds, 80, 'every fold of every trial');
  } finally {
    await store.close();
  }
  // The curves written before the kill are the same bytes after the resume: not rewritten.
  const after = query<{ trial_id: number; fold: number; train_loss: Buffer }>(db, 'SELECT trial_id, fold, train_loss FROM fold_curves ORDER BY trial_id, fold');
  for (const b of storedBefore) {
    const a = after.find((x) => x.trial_id === b.trial_id && x.fold === b.fold)!;
    assert.ok(a.train_loss.equals(b.train_loss), `trial ${b.trial_id} fold ${b.fold} kept its curve`);
  }
});
