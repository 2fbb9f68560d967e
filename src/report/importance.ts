import type { LeaderboardRow } from './leaderboard.js';
import { mean } from '../stats/statistics.js';
import { DIMENSIONS, type Dimension } from './effects.js';

/** One factor of a factorial design and the share of the variance of trial means it explains alone. */
export interface Importance {
  /** A swept setting, or `dropout x placement` when the two are crossed incompletely (rate 0 is one model whatever the placement). */
  dimension: Dimension | 'dropout x placement';
  /** Between-level sum of squares over the total (eta squared), 0-1. */
  share: number;
  /** Levels of the factor. */
  values: number;
  trials: number;
}

export interface ImportanceResult {
  /** The shares were computed: the trials used form a balanced full factorial design. */
  factorial: boolean;
  /** What the shares were computed on, or why there are none, in a sentence. */
  note: string;
  /** Complete trials the shares rest on, and complete trials left out of the design. */
  trials: number;
  leftOut: number;
  factors: Importance[];
  /** 1 minus the shares: interactions (and, with repeated cells, the spread within them), 0-1; null without shares. */
  rest: number | null;
}

type Factor = { name: Importance['dimension']; level: (r: LeaderboardRow) => string };

const single = (d: Dimension): Factor => ({ name: d, level: (r) => JSON.stringify(r[d]) });
const merged: Factor = { name: 'dropout x placement', level: (r) => (r.dropout === 0 ? 'no dropout' : `${r.placement} ${r.dropout}`) };

/** Factors that take at least two levels among the rows. */
const varying = (rows: LeaderboardRow[], factors: Factor[]) => factors.filter((f) => new Set(rows.map(f.level)).size > 1);

/**
 * Drops the trials at levels far rarer than the factor's commonest level (under half as many
 * trials): the explicit extra trials of a sweep that is otherwise a grid. Repeats until stable.
 */
function dropRareLevels(rows: LeaderboardRow[], factors: Factor[]): LeaderboardRow[] {
  let kept = rows;
  for (let changed = true; changed; ) {
    changed = false;
    for (const f of factors) {
      const counts = new Map<string, number>();
      for (const r of kept) counts.set(f.level(r), (counts.get(f.level(r)) ?? 0) + 1);
      const most = Math.max(...counts.values());
      const next = kept.filter((r) => counts.get(f.level(r))! * 2 >= most);
      if (next.length < kept.length) [kept, changed] = [next, true];
    }
  }
  return kept;
}

/** Every combination of the factors' levels present, each the same number of times. */
function isBalancedFactorial(rows: LeaderboardRow[], factors: Factor[]): boolean {
  if (factors.length === 0 || rows.length < 4) return false;
  const levels = factors.map((f) => new Set(rows.map(f.level)).size);
  const cells = new Map<string, number>();
  for (const r of rows) {
    const k = factors.map((f) => f.level(r)).join('\u0000');
    cells.set(k, (cells.get(k) ?? 0) + 1);
  }
  const combinations = levels.reduce((p, n) => p * n, 1);
  const counts = [...cells.values()];
  return cells.size === combinations && counts.every((c) => c === counts[0]);
}

/** The design that keeps the most trials: the separate settings, or dropout and placement as one factor. */
function factorialDesign(complete: LeaderboardRow[]): { rows: LeaderboardRow[]; factors: Factor[] } | null {
  const separate = DIMENSIONS.map(single);
  const candidates = [separate, [merged, ...separate.filter((f) => f.name !== 'dropout' && f.name !== 'placement')]];
  let found: { rows: LeaderboardRow[]; factors: Factor[] } | null = null;
  for (const all of candidates) {
    const kept = dropRareLevels(complete, varying(complete, all));
    const factors = varying(kept, all);
    const usable = kept.length * 2 >= complete.length && isBalancedFactorial(kept, factors);
    if (usable && (found === null || kept.length > found.rows.length)) found = { rows: kept, factors };
  }
  return found;
}

/**
 * Hyperparameter importance as a variance decomposition, only where it means something: on a
 * balanced full factorial design, the main effects' sums of squares are orthogonal, so each
 * setting's share (eta squared: between-level sum of squares of the trials' mean accuracies over
 * the total) is its own and the shares add up to at most 100%; the rest is interactions. On any
 * other design (random search, a few explicit trials, a grid still running) the shares would
 * overlap and could add up past 100%, so none are given and the note says why.
 */
export function importance(rows: LeaderboardRow[], sampler: 'grid' | 'random' | 'list' = 'grid'): ImportanceResult {
  const complete = rows.filter((r) => r.status === 'complete' && r.mean !== null);
  const none = (note: string): ImportanceResult => ({ factorial: false, note, trials: complete.length, leftOut: 0, factors: [], rest: null });
  if (sampler === 'random') return none('Random search draws each setting independently: the trials are not a factorial design, so shares of variance would overlap. See the slice plots instead.');
  if (complete.length < 4) return none(`Importance needs a full factorial design (every combination of the swept values, each run the same number of times); ${complete.length} complete trial(s) are not one.`);
  const design = factorialDesign(complete);
  if (!design) {
    return none(
      `The ${complete.length} complete trials are not a full factorial design (every combination of the swept values, each run the same number of times)${sampler === 'grid' ? ', or not yet' : ''}: shares of variance would overlap and could add up past 100%, so none are shown.`,
    );
  }
  const grand = mean(design.rows.map((r) => r.mean!));
  const total = design.rows.reduce((s, r) => s + (r.mean! - grand) ** 2, 0);
  const factors = design.factors.map((f): Importance => {
    const groups = new Map<string, number[]>();
    for (const r of design.rows) (groups.get(f.level(r)) ?? groups.set(f.level(r), []).get(f.level(r))!).push(r.mean!);
    const between = [...groups.values()].reduce((s, g) => s + g.length * (mean(g) - grand) ** 2, 0);
    return { dimension: f.name, share: total > 0 ? between / total : 0, values: groups.size, trials: design.rows.length };
  });
  factors.sort((a, b) => b.share - a.share);
  const sum = factors.reduce((s, f) => s + f.share, 0);
  const leftOut = complete.length - design.rows.length;
  return {
    factorial: true,
    note: `A balanced full factorial design of ${design.rows.length} complete trials${leftOut ? ` (${leftOut} trial(s) at levels too rare to balance the design left out)` : ''}: each share is a main effect (eta squared), the shares are orthogonal and add up to ${(sum * 100).toFixed(1)}%; the rest is interactions between settings.`,
    trials: design.rows.length,
    leftOut,
    factors,
    rest: Math.max(0, 1 - sum),
  };
}
