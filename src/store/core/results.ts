/** Reading results: what `Results` (every read command and the dashboard) and a run's progress show. Nothing here writes. */
import { UserError } from '../../errors.js';
import type { TrainConfig } from '../../engine/model.js';
import type { TrialScores } from '../../sweep/scores.js';
import type { FoldCurve, FoldResultRow, SweepCounts, SweepRow, TrialRow } from '../types.js';
import { unpackCurve, type CurveColumns } from './curve-blobs.js';
import type { Driver } from './driver.js';
import { METRICS, METRIC_DIRECTION, type MetricName } from '../../stats/metrics.js';
import type { StoredNote } from './notes.js';
import type { OuterFitRow } from './outer-fits.js';
import { trialConfig, trialScores, type ScoreRow } from './rows.js';

export class ResultsReader {
  constructor(private readonly db: Driver) {}

  get location(): string {
    return this.db.location;
  }

  async sweep(name: string): Promise<SweepRow | undefined> {
    return (await this.db.all<SweepRow>(this.db.sql.sweepByName, { name }))[0];
  }

  async sweepNames(): Promise<string[]> {
    return (await this.db.all<{ name: string }>(this.db.sql.sweepNames)).map((r) => r.name);
  }

  /** Runs that recorded no outcome: running now, or killed (SIGKILL, a power cut) before they could. */
  async unendedRuns(): Promise<{ sweep: string; id: number; owner: string }[]> {
    return this.db.all(this.db.sql.unendedRuns);
  }

  async sweepCounts(): Promise<SweepCounts[]> {
    return this.db.all<SweepCounts>(this.db.sql.sweepCounts);
  }

  /** Training time of every trial's finished fits on one engine, with its data's size, for estimates. */
  async fitTimings(engine: string): Promise<{ config: TrainConfig; rows: number; columns: number; folds: number; seconds: number; fits: number }[]> {
    const rows = await this.db.all<{ config: string; rows: number; columns: number; folds: number; seconds: number; fits: number }>(this.db.sql.fitTimings, { engine });
    return rows.map((r) => ({ ...r, config: trialConfig(r.config) }));
  }

  /** Every trial of a sweep with its fold scores; `where` is the user's SQL condition on trial_summary. */
  async trialScores(sweep: SweepRow, where?: string): Promise<TrialScores[]> {
    let rows: ScoreRow[];
    try {
      rows = await this.db.all<ScoreRow>(this.db.sql.trialScores(where), { sweep_id: sweep.id, sweep_name: sweep.name });
    } catch (err) {
      // A filter can fail as it is read or as it runs (a bad JSON path, an overflow): the user's input either way.
      if (where && this.db.isStatementError(err)) throw new UserError(`option --where: ${(err as Error).message}`);
      throw err;
    }
    return rows.map(trialScores);
  }

  async trialsByPrefix(prefix: string, sweep?: string): Promise<TrialRow[]> {
    return this.db.all<TrialRow>(this.db.sql.trialsByPrefix, { prefix, sweep: sweep ?? null });
  }

  async foldResults(trialId: number): Promise<FoldResultRow[]> {
    return this.db.all<FoldResultRow>(this.db.sql.foldResultsOf, { trial_id: trialId });
  }

  /** The stored learning curves of a trial's folds, by repeat and fold (fits stored before schema 5 have none). */
  async curves(trialId: number): Promise<FoldCurve[]> {
    const rows = await this.db.all<CurveColumns & { fold: number; repeat: number }>(this.db.sql.curvesOf, { trial_id: trialId });
    return rows.map((r) => ({ fold: r.fold, repeat: r.repeat, curve: unpackCurve(r) }));
  }

  /** Every stored learning curve of a sweep, with its trial's key (export). */
  async sweepCurves(sweepId: number): Promise<(FoldCurve & { trialKey: string })[]> {
    const rows = await this.db.all<CurveColumns & { trial_key: string; fold: number; repeat: number }>(this.db.sql.dumpCurves, { sweep_id: sweepId });
    return rows.map((r) => ({ trialKey: r.trial_key, fold: r.fold, repeat: r.repeat, curve: unpackCurve(r) }));
  }

  async exportRows(sweepId: number): Promise<Record<string, unknown>[]> {
    return this.db.all(this.db.sql.exportRows, { sweep_id: sweepId });
  }

  /** The user's SQL, read-only: a statement that would write is refused. */
  async userQuery(text: string): Promise<{ columns: string[]; rows: Record<string, unknown>[] }> {
    return this.db.readOnlyQuery(text);
  }

  /**
   * The best mean of a metric (accuracy unless named) over a sweep's trials with every fold stored
   * and none diverged: the largest, or the smallest for a lower-is-better metric (log loss).
   */
  async bestMean(sweep: string, metric: MetricName = 'accuracy'): Promise<number | null> {
    if (!METRICS.includes(metric)) throw new Error(`bestMean: unknown metric ${String(metric)}`);
    const sql = this.db.sql.bestMean(`mean_${metric}`, METRIC_DIRECTION[metric] === 'lower');
    return (await this.db.all<{ best: number | null }>(sql, { sweep }))[0].best;
  }

  /** A sweep's notes (the sweep's own has trialKey null), oldest first. */
  async notes(sweepId: number): Promise<StoredNote[]> {
    const rows = await this.db.all<{ trial_key: string | null; text: string; created_at: number }>(this.db.sql.notesOf, { sweep_id: sweepId });
    return rows.map((r) => ({ trialKey: r.trial_key, text: r.text, createdAt: r.created_at }));
  }

  /** The engines and backends that computed a sweep's stored fits. */
  async sweepBackends(sweepId: number): Promise<{ engine: string; backend: string }[]> {
    return this.db.all(this.db.sql.sweepBackends, { sweep_id: sweepId });
  }

  /** The stored outer fits of nested cross-validation `nested` (every --outer it was run with), by outer folds and fold. */
  async outerFits(nested: string): Promise<OuterFitRow[]> {
    return this.db.all<OuterFitRow>(this.db.sql.outerFitsOf, { nested });
  }
}
