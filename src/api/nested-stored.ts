/** Nested cross-validation's stored outer fits (schema 7) read back as the result every reader shows. */
import { nestedResult, type NestedResult, type OuterFoldInput } from '../report/nested.js';
import { METRICS, parseMetric, type MetricName } from '../stats/metrics.js';
import type { OuterFitRow, ResultsReader } from '../store/store.js';

export function outerFoldOf(r: OuterFitRow): OuterFoldInput {
  return {
    sweep: r.sweep,
    outerFold: r.outer_fold,
    winner: r.winner_key,
    innerScore: r.inner_score,
    outerScore: r.outer_score,
    testRows: r.test_rows,
    diverged: Boolean(r.diverged),
    metrics: Object.fromEntries(METRICS.map((m) => [m, r[m]])) as Record<MetricName, number | null>,
    engine: r.engine,
    backend: r.backend,
  };
}

/**
 * The nested result of sweep `name` from its stored outer fits: of the outer counts it was run with,
 * the complete one most recently finished (null when none is complete). Read-only.
 */
export async function storedNested(reader: ResultsReader, name: string): Promise<NestedResult | null> {
  const rows = await reader.outerFits(name);
  const byOuter = new Map<number, OuterFitRow[]>();
  for (const r of rows) byOuter.set(r.outer_folds, [...(byOuter.get(r.outer_folds) ?? []), r]);
  let chosen: OuterFitRow[] | undefined;
  const finished = (g: OuterFitRow[]) => Math.max(...g.map((r) => r.created_at));
  for (const [k, group] of byOuter) {
    const complete = new Set(group.map((r) => r.outer_fold)).size === k && group.every((r) => r.metric === group[0].metric);
    if (complete && (!chosen || finished(group) > finished(chosen))) chosen = group;
  }
  if (!chosen) return null;
  return nestedResult(name, chosen[0].outer_folds, parseMetric(chosen[0].metric) ?? 'accuracy', chosen.map(outerFoldOf));
}
