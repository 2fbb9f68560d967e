/**
 * Racing replayed on stored folds: what a rule would have stopped, and what it would have saved,
 * had the sweep been raced. Pure; the racing benchmark and the null simulation use it.
 *
 * The model: trials run one after another in `trialOrder`, each fold after fold in `foldOrder`, and
 * every look sees all trials before it (a real run has a few dozen trials in flight, so it knows a
 * little less). A trial stopped by racing keeps the fits, epochs and seconds it ran.
 */
import { DEFAULT_RACE, chooseReference, lookKind, raceDecision, raceLook, type CompleteTrial, type RaceSettings } from './racing.js';

/** One trial's stored folds, by fold index: accuracy (null: diverged), epochs run, seconds. */
export interface ReplayTrial {
  key: string;
  scores: readonly (number | null)[];
  epochs: readonly number[];
  seconds: readonly number[];
}

/**
 * `today`: raceDecision against the best complete trial (a diverged fold stops the trial at its
 * next look). `selected`: raceLook as the stores run it, up to `tests` tests from minFolds folds on
 * against the complete trial best on the other folds (a diverged fold stops the trial at once).
 * `rank-cut`: successive halving's first rung, run breadth-first: every trial runs its first
 * `afterFolds` folds, the top `keep` by partial mean (a diverged fold counts as `divergedScore`)
 * go on; a diverged fold stops a trial at once.
 */
export type ReplayRule = 'today' | 'selected' | 'rank-cut';

export interface ReplayOptions {
  rule: ReplayRule;
  foldOrder: readonly number[];
  trialOrder: readonly number[];
  race?: RaceSettings;
  testTrainRatio: number;
  heldOutRows: number;
  /** The score a diverged fold counts as where a rule scores one (the majority-class rate). */
  divergedScore: number;
  rankCut?: { afterFolds: number; keep: number };
}

export interface ReplayOutcome {
  fits: number;
  epochs: number;
  seconds: number;
  /** Trials stopped by a test or the rank cut (not by a diverged fold). */
  pruned: Set<string>;
  /** Trials stopped by a diverged fold before their last fold. */
  stoppedDiverged: number;
}

const foldKey = (fold: number) => `${fold}/0`;

/** The complete trials so far, and the best of them by mean (key breaks ties), as the stores rank them. */
class Completed {
  readonly all: CompleteTrial[] = [];
  private best: { key: string; mean: number; folds: Map<string, number> } | null = null;
  add(key: string, scores: readonly (number | null)[]): void {
    const folds = new Map(scores.map((s, f) => [foldKey(f), s as number]));
    const m = scores.reduce<number>((a, b) => a + (b as number), 0) / scores.length;
    this.all.push({ key, folds });
    if (!this.best || m > this.best.mean || (m === this.best.mean && key < this.best.key)) this.best = { key, mean: m, folds };
  }
  top(): Map<string, number> | null {
    return this.best?.folds ?? null;
  }
}

/** Replays one fold order and trial order under one rule. */
export function replayRace(trials: readonly ReplayTrial[], o: ReplayOptions): ReplayOutcome {
  const race = o.race ?? DEFAULT_RACE;
  const planned = o.foldOrder.length;
  const out: ReplayOutcome = { fits: 0, epochs: 0, seconds: 0, pruned: new Set(), stoppedDiverged: 0 };
  const completed = new Completed();
  const keepFrom = o.rule === 'rank-cut' ? rankCutoff(trials, o) : -Infinity;
  const tested = new Map<string, number>();
  for (const i of o.trialOrder) {
    const t = trials[i];
    const seen = new Map<string, number | null>();
    let stop: 'test' | 'diverged' | null = null;
    for (let step = 0; step < planned && !stop; step++) {
      const f = o.foldOrder[step];
      out.fits++;
      out.epochs += t.epochs[f];
      out.seconds += t.seconds[f];
      seen.set(foldKey(f), t.scores[f]);
      if (step === planned - 1) break;
      stop = look(t, seen, step + 1, o, race, completed, keepFrom, tested);
    }
    if (stop === 'test') out.pruned.add(t.key);
    else if (stop === 'diverged') out.stoppedDiverged++;
    else if (t.scores.every((s) => s !== null)) completed.add(t.key, t.scores);
  }
  return out;
}

function look(t: ReplayTrial, seen: Map<string, number | null>, done: number, o: ReplayOptions, race: RaceSettings, completed: Completed, keepFrom: number, tested: Map<string, number>): 'test' | 'diverged' | null {
  const planned = o.foldOrder.length;
  if (o.rule === 'today') {
    const best = completed.top();
    if (!best || done < race.minFolds) return null;
    const v = raceDecision(seen, best, { ...race, fitsPerTrial: planned, testTrainRatio: o.testTrainRatio, divergedScore: o.divergedScore });
    return v.prune ? (v.why === 'diverged' ? 'diverged' : 'test') : null;
  }
  if (o.rule === 'selected') {
    // As the stores decide (src/store/core/packs.ts): the look the folds call for, the trial's next
    // test when a complete trial exists; the replay stores one fold at a time.
    const testsDone = tested.get(t.key) ?? 0;
    const kind = lookKind(seen, testsDone, race);
    const reference = kind === 'test' ? chooseReference(completed.all, seen.keys()) : null;
    if (kind === null || (kind === 'test' && !reference)) return null;
    tested.set(t.key, testsDone + 1);
    const v = raceLook(seen, reference, { ...race, fitsPerTrial: planned, testTrainRatio: o.testTrainRatio, heldOutRows: o.heldOutRows }, testsDone);
    return v.prune ? (v.why === 'diverged' ? 'diverged' : 'test') : null;
  }
  if ([...seen.values()].some((x) => x === null)) return 'diverged';
  const cut = o.rankCut ?? { afterFolds: 3, keep: 0.4 };
  return done === cut.afterFolds && partialMean(t, o, cut.afterFolds) < keepFrom ? 'test' : null;
}

function partialMean(t: ReplayTrial, o: ReplayOptions, folds: number): number {
  let s = 0;
  for (let step = 0; step < folds; step++) s += t.scores[o.foldOrder[step]] ?? o.divergedScore;
  return s / folds;
}

/** The rung's cut: the partial mean of the last trial kept (ties with it are kept too). */
function rankCutoff(trials: readonly ReplayTrial[], o: ReplayOptions): number {
  const cut = o.rankCut ?? { afterFolds: 3, keep: 0.4 };
  const means = trials.map((t) => partialMean(t, o, cut.afterFolds)).sort((a, b) => b - a);
  return means[Math.max(0, Math.ceil(cut.keep * means.length) - 1)] - 1e-12;
}
