import assert from 'node:assert/strict';
import { test } from 'node:test';
import { raceDecision } from '../../src/sweep/racing.js';
import { runCli } from '../helpers.js';
import { query, startRun, sweepDir, writeGradedSweep } from './runner-fixture.js';

// A real raced run: the one-class model (lr 0.0005, 53.4%) is stopped early, the decision and its
// evidence are stored, and the leaderboard lists it after the complete trials, unranked.

test('race: the one-class trial is pruned after its first folds; decisions, evidence and savings are stored and shown', async () => {
  const { dir, db } = sweepDir();
  // lr 0.1 first: the runner's first claim (one trial here: pack 5 x 1 worker) finishes it, and it is the reference.
  const file = writeGradedSweep(dir, 'raced', 'race: { minFolds: 4, alpha: 0.05 }\n', [0.1, 0.03, 0.01, 0.003, 0.0005]);
  const r = await startRun([file, '--db', db, '--workers', '1', '--pack', '5']).done;
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /racing \(minFolds 4, alpha 0\.05\)/);
  const trials = query<{ id: number; lr: number; state: string; pruned_by: string | null; pruned_p: number | null; pruned_after: number | null; n: number }>(
    db,
    'SELECT t.id, t.lr, t.state, t.pruned_by, t.pruned_p, t.pruned_after, (SELECT count(*) FROM fold_results r WHERE r.trial_id = t.id) AS n FROM trials t ORDER BY t.id',
  );
  const oneClass = trials.find((t) => t.lr === 0.0005)!;
  assert.equal(oneClass.state, 'pruned');
  assert.ok(oneClass.pruned_after! >= 4 && oneClass.pruned_after! < 10, `pruned after ${oneClass.pruned_after}`);
  assert.equal(oneClass.n, oneClass.pruned_after, 'its stored folds are kept, and no fold is stored after the stop');
  assert.ok(oneClass.pruned_p! < 0.05 / 6);
  const reference = query<{ trial_key: string; state: string }>(db, 'SELECT trial_key, state FROM trials WHERE trial_key = ?', oneClass.pruned_by)[0];
  assert.equal(reference.state, 'done', 'the reference is a complete trial');
  for (const t of trials) if (t.lr >= 0.01) assert.equal(t.state, 'done', `lr ${t.lr} is close to the best and runs all its folds`);

  // Every look, in the order it was made; the stopping look holds the stored evidence.
  const looks = query<{ id: number; trial_id: number; folds_done: number; reference: string; p: number | null; pruned: number }>(db, 'SELECT * FROM decisions ORDER BY id');
  const stop = looks.find((l) => l.trial_id === oneClass.id && l.pruned === 1)!;
  assert.deepEqual([stop.folds_done, stop.reference, stop.p], [oneClass.pruned_after, oneClass.pruned_by, oneClass.pruned_p]);
  assert.ok(looks.every((l) => l.folds_done >= 4));
  // Replay the stop from the stored results: the pruned trial stored nothing after it, and the
  // reference was complete, so the decision function gets exactly the folds it had then.
  const foldsOf = (id: number) =>
    new Map(query<{ fold: number; repeat: number; accuracy: number | null }>(db, 'SELECT fold, repeat, accuracy FROM fold_results WHERE trial_id = ?', id).map((f) => [`${f.fold}/${f.repeat}`, f.accuracy]));
  const refId = query<{ id: number }>(db, 'SELECT id FROM trials WHERE trial_key = ?', oneClass.pruned_by)[0].id;
  const replay = raceDecision(foldsOf(oneClass.id), foldsOf(refId), { minFolds: 4, alpha: 0.05, stopDiverged: true, fitsPerTrial: 10, testTrainRatio: 1 / 9, divergedScore: 111 / 208 });
  assert.equal(replay.prune, true);
  assert.equal(replay.p, stop.p, 'the stored p is the one the stored folds give');
  assert.equal(replay.shared, stop.folds_done);
  assert.equal(looks.filter((l) => l.pruned === 1).length, trials.filter((t) => t.state === 'pruned').length);

  const board = JSON.parse(runCli(['leaderboard', '--db', db, '--format', 'json']).stdout) as { trialKey: string; rank: number | null; status: string; meanPct: number | null }[];
  const firstPruned = board.findIndex((b) => b.status === 'pruned');
  assert.ok(firstPruned > 0 && board.slice(firstPruned).every((b) => b.status === 'pruned' && b.rank === null && b.meanPct === null));
  assert.ok(board.slice(0, firstPruned).every((b) => b.status === 'complete' && b.rank !== null));
  const text = runCli(['leaderboard', '--db', db]).stdout;
  assert.match(text, new RegExp(`pruned after ${oneClass.pruned_after}/10 folds, p = \\S+ vs ${oneClass.pruned_by!.slice(0, 10)}`));
  const saved = trials.filter((t) => t.state === 'pruned').reduce((n, t) => n + 10 - t.n, 0);
  assert.match(text, new RegExp(`racing pruned \\d+ trials and saved ${saved} fold fits`));
  const partial = runCli(['leaderboard', '--db', db, '--include-pruned', '--format', 'json']).stdout;
  assert.ok((JSON.parse(partial) as { status: string; meanPct: number | null }[]).filter((b) => b.status === 'pruned').every((b) => b.meanPct !== null));
  const status = JSON.parse(runCli(['status', '--db', db, '--format', 'json']).stdout)[0];
  assert.deepEqual([status.pruned, status.fitsSaved, status.etaSeconds], [trials.filter((t) => t.state === 'pruned').length, saved, 0]);
  assert.match(runCli(['status', '--db', db]).stdout, /pruned │ fits saved/);
});
