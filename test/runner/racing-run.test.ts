import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseReference, lookKind, raceLook, type CompleteTrial, type RaceRule } from '../../src/sweep/racing.js';
import { runCli } from '../helpers.js';
import { forEachStore } from '../store/both-stores.js';
import { startRun, sweepDir, writeGradedSweep } from './runner-fixture.js';

// A real raced run on each store: the one-class model (lr 0.0005, 53.4%) is stopped by one of its
// tests (up to 3, after 2, 3 and 4 folds), every look is recorded, and the decisions are exactly those a replay of the rule on the
// stored folds, in the order they were stored, makes. Packs of one fit: a look after every fold.

interface FoldRow {
  id: number;
  trial_id: number;
  trial_key: string;
  fold: number;
  repeat: number;
  accuracy: number | null;
}
interface Decision {
  trial_id: number;
  folds_done: number;
  reference: string;
  shared: number;
  trial_mean: number | null;
  reference_mean: number | null;
  p: number | null;
  pruned: number;
}

/** Replays the rule fold by fold in storage order: after each stored fold, the look its trial calls for. */
function replay(rows: FoldRow[], planned: number, rule: RaceRule): Decision[] {
  const folds = new Map<number, Map<string, number | null>>();
  const complete: CompleteTrial[] = [];
  const tested = new Map<number, number>();
  const stopped = new Set<number>();
  const out: Decision[] = [];
  for (const r of rows) {
    assert.ok(!stopped.has(r.trial_id), `no fold is stored after a stop (trial ${r.trial_id})`);
    const mine = folds.get(r.trial_id) ?? new Map<string, number | null>();
    folds.set(r.trial_id, mine.set(`${r.fold}/${r.repeat}`, r.accuracy));
    if (mine.size === planned) {
      if (![...mine.values()].includes(null)) complete.push({ key: r.trial_key, folds: mine as Map<string, number> });
      continue;
    }
    const done = tested.get(r.trial_id) ?? 0;
    const kind = lookKind(mine, done, rule);
    if (!kind) continue;
    const reference = kind === 'test' ? chooseReference(complete, mine.keys()) : null;
    if (kind === 'test' && !reference) continue;
    const v = raceLook(mine, reference, rule, done);
    tested.set(r.trial_id, done + 1);
    if (v.prune) stopped.add(r.trial_id);
    out.push({ trial_id: r.trial_id, folds_done: mine.size, reference: reference?.key ?? '', shared: v.shared, trial_mean: v.trialMean, reference_mean: v.referenceMean, p: v.p, pruned: v.prune ? 1 : 0 });
  }
  return out;
}

/**
 * One-sided p of Student's t in closed form: 1 df, 1/2 - atan(t) / pi; 2 df, 1/2 - t / (2 sqrt(2 + t^2));
 * 3 df, 1/2 - (atan(t / sqrt 3) + (t / sqrt 3) / (1 + t^2 / 3)) / pi.
 */
function upperP(t: number, df: number): number {
  if (df === 1) return 0.5 - Math.atan(t) / Math.PI;
  if (df === 2) return 0.5 - t / (2 * Math.sqrt(2 + t * t));
  const u = t / Math.sqrt(3);
  assert.equal(df, 3);
  return 0.5 - (Math.atan(u) + u / (1 + u * u)) / Math.PI;
}

forEachStore(({ kind, fresh, open, skip }) => {
  test(`a raced run on ${kind}: the one-class trial is stopped by a test; the decisions are a replay of the rule on the stored folds; leaderboard and status show the savings`, async (t) => {
    if (skip()) return t.skip(String(skip()));
    const { dir } = sweepDir();
    const db = fresh();
    // lr 0.1 first: the runner's first claim (one trial) finishes it before the others start.
    const file = writeGradedSweep(dir, 'raced', 'race: { minFolds: 2, tests: 3, alpha: 0.05 }\n', [0.1, 0.03, 0.01, 0.003, 0.0005]);
    const r = await startRun([file, '--db', db, '--workers', '1', '--pack', '1']).done;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /racing \(minFolds 2, tests 3, alpha 0\.05\)/);
    const store = await open(db, true);
    const q = async <T>(sql: string) => (await store.results.userQuery(sql)).rows as T[];
    const trials = await q<{ id: number; lr: number; trial_key: string; state: string; pruned_by: string | null; pruned_p: number | null; pruned_after: number | null; n: number }>(
      'SELECT t.id, t.lr, t.trial_key, t.state, t.pruned_by, t.pruned_p, t.pruned_after, (SELECT count(*) FROM fold_results r WHERE r.trial_id = t.id) AS n FROM trials t ORDER BY t.id',
    );
    const rows = await q<FoldRow>('SELECT r.id, r.trial_id, t.trial_key, r.fold, r.repeat, r.accuracy FROM fold_results r JOIN trials t ON t.id = r.trial_id ORDER BY r.id');
    const decisions = await q<Decision>('SELECT trial_id, folds_done, reference, shared, trial_mean, reference_mean, p, pruned FROM decisions ORDER BY id');
    const rule: RaceRule = { minFolds: 2, tests: 3, alpha: 0.05, stopDiverged: true, fitsPerTrial: 10, testTrainRatio: 1 / 9, heldOutRows: 20 };
    assert.deepEqual(decisions.map((d) => ({ ...d, folds_done: Number(d.folds_done), shared: Number(d.shared), pruned: Number(d.pruned) })), replay(rows, 10, rule));

    const oneClass = trials.find((x) => x.lr === 0.0005)!;
    assert.equal(oneClass.state, 'pruned');
    assert.equal(Number(oneClass.n), oneClass.pruned_after, 'its stored folds are kept, and no fold is stored after the stop');
    assert.ok(oneClass.pruned_after! >= 2 && oneClass.pruned_after! <= 4, `pruned after ${oneClass.pruned_after}: by its test after 2, 3 or 4 folds`);
    for (const x of trials) if (x.lr >= 0.01) assert.equal(x.state, 'done', `lr ${x.lr} is close to the best and runs all its folds`);
    const stop = decisions.filter((d) => d.trial_id === oneClass.id).at(-1)!;
    assert.deepEqual([stop.pruned, stop.reference, stop.p], [1, oneClass.pruned_by, oneClass.pruned_p]);
    const its = decisions.filter((d) => d.trial_id === oneClass.id);
    // One test per look after 2, 3, 4 folds (a reference was complete long before), the last one stopping it.
    assert.deepEqual(its.map((d) => Number(d.folds_done)), Array.from({ length: its.length }, (_, i) => 2 + i));
    assert.ok(its.slice(0, -1).every((d) => Number(d.pruned) === 0) && its.at(-1) === stop);
    assert.deepEqual([Number(stop.folds_done), Number(stop.shared)], [oneClass.pruned_after, oneClass.pruned_after]);
    {
      // The stored p from the formulas: Nadeau-Bengio corrected paired t on the n shared folds, the
      // variance at least (1/20)^2 / 2, one-sided, n - 1 df.
      const n = Number(stop.shared);
      const mine = rows.filter((x) => x.trial_id === oneClass.id);
      const refId = trials.find((x) => x.trial_key === stop.reference)!.id;
      const diffs = mine.map((m) => rows.find((x) => x.trial_id === refId && x.fold === m.fold)!.accuracy! - m.accuracy!);
      const m = diffs.reduce((a, b) => a + b, 0) / n;
      const s2 = Math.max(diffs.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1), 0.5 / 400);
      assert.ok(Math.abs(stop.p! - upperP(m / Math.sqrt((1 / n + 1 / 9) * s2), n - 1)) < 1e-9);
    }
    const reference = trials.find((x) => x.trial_key === oneClass.pruned_by)!;
    assert.equal(reference.state, 'done', 'the reference is a complete trial');

    const board = JSON.parse(runCli(['leaderboard', '--db', db, '--format', 'json']).stdout) as { trialKey: string; rank: number | null; status: string; meanPct: number | null }[];
    const firstPruned = board.findIndex((b) => b.status === 'pruned');
    assert.ok(firstPruned > 0 && board.slice(firstPruned).every((b) => b.status === 'pruned' && b.rank === null && b.meanPct === null));
    assert.ok(board.slice(0, firstPruned).every((b) => b.status === 'complete' && b.rank !== null));
    const text = runCli(['leaderboard', '--db', db]).stdout;
    assert.match(text, new RegExp(`pruned after ${oneClass.pruned_after}/10 folds, p = \\S+ vs ${oneClass.pruned_by!.slice(0, 10)}`));
    const pruned = trials.filter((x) => x.state === 'pruned');
    const saved = pruned.reduce((n, x) => n + 10 - Number(x.n), 0);
    assert.match(text, new RegExp(`racing pruned ${pruned.length} trials? and saved ${saved} fold fits`));
    const status = JSON.parse(runCli(['status', '--db', db, '--format', 'json']).stdout)[0];
    assert.deepEqual([status.pruned, status.fitsSaved, status.etaSeconds], [pruned.length, saved, 0]);
  });
});
