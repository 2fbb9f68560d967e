/**
 * Storing one pack, inside its transaction: the fence, the insert, completion, the run's counts
 * and racing. Written once; the dialect's statements and transaction supply the locking.
 */
import { chooseReference, lookKind, raceLook, type CompleteTrial } from '../../sweep/racing.js';
import { METRIC_DIRECTION, type MetricName } from '../../stats/metrics.js';
import { fitKey, type PackToStore, type StoredPack, type SweepRacing } from '../types.js';
import type { DialectSql, Queryable } from './driver.js';
import { curveColumns, foldResultColumns } from './rows.js';

interface Lease {
  id: number;
  lease_owner: string | null;
  lease_token: number;
  state: string;
}

/** Trials of the pack whose fits must be refused: not running, or running under another owner or token. */
export function fencedTrials(leases: Lease[], tokens: ReadonlyMap<number, number | undefined>, owner: string): Set<number> {
  const byId = new Map(leases.map((l) => [l.id, l]));
  const fenced = new Set<number>();
  for (const [id, token] of tokens) {
    const lease = byId.get(id);
    // The token alone decides while the store keeps its invariants (every claim bumps it; a trial
    // that leaves 'running' loses its owner); the other checks hold if one is ever broken.
    if (!lease || lease.state !== 'running' || lease.lease_owner !== owner || lease.lease_token !== token) fenced.add(id);
  }
  return fenced;
}

export async function storePack(sql: DialectSql, tx: Queryable, pack: PackToStore, now: number): Promise<StoredPack> {
  if (pack.race && sql.raceLock) await tx.run(sql.raceLock, { sweep_id: pack.race.sweepId });
  const tokens = new Map(pack.fits.map((f) => [f.trialId, f.token]));
  const ids = [...tokens.keys()].sort((a, b) => a - b);
  // Stryker disable next-line ArrayDeclaration: equivalent, an empty pack has no trial to look up
  const leases = ids.length ? await tx.all<Lease>(sql.leasesOf, { ids }) : [];
  const fenced = fencedTrials(leases, tokens, pack.owner);
  const kept = pack.fits.filter((f) => !fenced.has(f.trialId));
  const stored = kept.length ? await tx.insertMany(sql.insertFoldResult, kept, foldResultColumns, { backend: pack.backend, engine: pack.engine, now }) : 0;
  // The curves commit with their fold results; a fit stored before keeps its first curve (ON CONFLICT DO NOTHING).
  const curves = kept.filter((f) => f.result.curve) as Parameters<typeof curveColumns>[0][];
  if (curves.length) await tx.insertMany(sql.insertCurve, curves, curveColumns);
  const live = ids.filter((id) => !fenced.has(id));
  // Stryker disable next-line ArrayDeclaration: equivalent, no live trial has no count to read
  const counts = live.length ? await tx.all<{ trial_id: number; n: number }>(sql.countFits, { ids: live }) : [];
  const completed = counts.filter((r) => r.n >= pack.fitsPerTrial).map((r) => r.trial_id).sort((a, b) => a - b);
  // Stryker disable next-line ConditionalExpression: equivalent, finishing no trial changes nothing
  if (completed.length) await tx.run(sql.finishTrials, { ids: completed, now });
  const refused = pack.fits.length - kept.length;
  // Stored = rows this commit inserted, refused = fits the fence turned away, trained = the runner's
  // own count of worker results: a fit computed twice shows as trained > stored + refused.
  if (pack.run) await tx.run(sql.countRunWork, { id: pack.run.id, stored, refused, trained: pack.run.trained, now });
  const done = new Set(completed);
  const pruned = pack.race ? await race(sql, tx, live.filter((id) => !done.has(id)), pack.race, now) : [];
  return { completed, fenced: [...fenced], pruned, stored, refused };
}

/**
 * Racing's looks at the pack's unfinished live trials (src/sweep/racing.ts: lookKind, then
 * raceLook), in the pack's transaction, so the complete trials and the arrival order cannot change
 * under a decision. A trial with a diverged fold stops at once; every other trial is tested once,
 * up to `tests` times, at its first looks with minFolds, minFolds + 1, ... folds and a complete
 * trial to compare with: the reference is the complete trial best on the folds the trial has not
 * run. Every look is recorded in `decisions`, in the order it was made (a trial's rows count its
 * tests).
 */
async function race(sql: DialectSql, tx: Queryable, ids: number[], race: SweepRacing, now: number): Promise<number[]> {
  const pruned: number[] = [];
  // Stryker disable next-line ConditionalExpression: equivalent, with no trial to race nothing is read
  if (ids.length === 0) return pruned;
  const scores = new Map<number, Map<string, number | null>>(ids.map((id) => [id, new Map()]));
  for (const r of await tx.all<FoldScore>(sql.scoresOf, { ids })) {
    const value = raceValue(r, race.metric);
    if (value !== undefined) scores.get(r.trial_id)!.set(fitKey(r.fold, r.repeat), value);
  }
  // A trial's decisions so far are its tests (a diverged fold's decision stops it, so none follows).
  const testsDone = new Map((await tx.all<{ trial_id: number; n: number }>(sql.racedTrials, { ids })).map((r) => [r.trial_id, Number(r.n)]));
  let complete: CompleteTrial[] | undefined;
  for (const id of ids) {
    const mine = scores.get(id)!;
    const done = testsDone.get(id) ?? 0;
    const kind = lookKind(mine, done, race);
    if (kind === null) continue;
    let reference: CompleteTrial | null = null;
    if (kind === 'test') {
      complete ??= await completeTrials(sql, tx, race);
      reference = chooseReference(complete, mine.keys());
      if (!reference) continue;
    }
    const v = raceLook(mine, reference, race, done);
    await tx.run(sql.insertDecision, {
      sweep_id: race.sweepId,
      trial_id: id,
      folds_done: mine.size,
      // A trial stopped for a diverged fold was compared with no one: its decision names no reference.
      reference: reference?.key ?? '',
      shared: v.shared,
      trial_mean: v.trialMean,
      reference_mean: v.referenceMean,
      p: v.p,
      threshold: v.threshold,
      pruned: v.prune ? 1 : 0,
      now,
    });
    if (v.prune && (await tx.run(sql.pruneTrial, { id, reference: reference?.key ?? null, p: v.p, folds_done: mine.size, now })) > 0) pruned.push(id);
  }
  return pruned;
}

type FoldScore = { trial_id: number; fold: number; repeat: number } & Record<MetricName, number | null>;

/**
 * What racing compares for a fold: the sweep's metric oriented larger-is-better (log loss
 * negated); null for a diverged fold (no accuracy); undefined, left out, for a fold that trained
 * but has no value of this metric (ROC AUC on a fold without one of the classes).
 */
function raceValue(r: FoldScore, metric: MetricName = 'accuracy'): number | null | undefined {
  if (r.accuracy === null) return null;
  const value = r[metric];
  if (value === null) return undefined;
  return METRIC_DIRECTION[metric] === 'lower' ? -value : value;
}

/** The sweep's complete trials with their folds: racing's candidate references. */
async function completeTrials(sql: DialectSql, tx: Queryable, race: SweepRacing): Promise<CompleteTrial[]> {
  const byId = new Map<number, { key: string; folds: Map<string, number> }>();
  for (const r of await tx.all<FoldScore & { trial_key: string }>(sql.completeScores, { sweep_id: race.sweepId, planned: race.fitsPerTrial })) {
    let t = byId.get(r.trial_id);
    if (!t) byId.set(r.trial_id, (t = { key: r.trial_key, folds: new Map() }));
    const value = raceValue(r, race.metric);
    if (typeof value === 'number') t.folds.set(fitKey(r.fold, r.repeat), value);
  }
  return [...byId.values()];
}
