import { UserError } from '../errors.js';
import { dimensionEffects, dropoutCurve, dropoutPivot } from '../report/effects.js';
import { describeDesign, sweepDesign } from '../report/design.js';
import { importance } from '../report/importance.js';
import type { ReportInput, TrialCounts } from '../report/report-input.js';
import { foldMetric, type FoldScore, type TrialScores } from '../sweep/scores.js';
import { VERSION } from '../version.js';
import { buildLeaderboard, type Leaderboard } from '../report/leaderboard.js';
import { leaderboardColumns, nestedColumns } from '../report/leaderboard-columns.js';
import { PERCENT } from '../report/metric-format.js';
import { storedNested } from './nested-stored.js';
import { BIN_RULE } from '../report/charts/bins.js';
import { correctedPairedTTest, mean, populationStd, testTrainRatio, varianceFloor } from '../stats/statistics.js';
import { rankingMetric, storedSplit, type SweepSpec } from '../sweep/spec.js';
import { METRICS, METRIC_DIRECTION, parseMetric, type MetricName } from '../stats/metrics.js';
import { chooseDb, fitKey, openStore, shownLocation, type FoldCurve, type FoldResultRow, type ResultsReader, type Store, type SweepRow, type TrialRow } from '../store/store.js';
import { ownerIsDead } from '../runner/owner.js';
import { locatedFault, withLocatedFaults } from './located.js';
import { checkArgument, isText, optionalText, resolveOptions } from './options/declare.js';
import { LEADERBOARD_OPTIONS, SHOW_OPTIONS, TRIAL_OPTIONS, rankMetric } from './options/results.js';
import type { Comparison, CurveRow, Effects, FoldRow, LeaderboardQuery, LeaderboardRow, StatusRow, SweepInfo, SweepNotes, TrialDetail } from './result-types.js';
import { pickSweep, pickTrial } from './select.js';
import { confirmationsOf } from './confirm-names.js';

export type { Comparison, CurveRow, Effects, FoldRow, JsonValue, LeaderboardQuery, LeaderboardRow, StatusRow, SweepInfo, SweepNotes, TrialDetail } from './result-types.js';

const iso = (t: number | null) => (t === null ? null : new Date(t * 1000).toISOString());

const foldRow = (r: FoldResultRow): FoldRow => ({
  fold: r.fold,
  repeat: r.repeat,
  accuracy: r.accuracy,
  loss: r.loss,
  trainLoss: r.train_loss,
  epochsRun: r.epochs_run,
  diverged: r.diverged === 1,
  seconds: r.seconds,
  engine: r.engine,
  backend: r.backend,
  seed: r.seed,
  balancedAccuracy: r.balanced_accuracy ?? null,
  macroF1: r.macro_f1 ?? null,
  logLoss: r.log_loss ?? null,
  rocAuc: r.roc_auc ?? null,
});

/** A fold's curve for JSON: plain arrays, NaN as null. */
const curveRow = (c: FoldCurve): CurveRow => {
  const list = (a: ArrayLike<number>) => Array.from(a, (v) => (Number.isFinite(v) ? v : null));
  return {
    fold: c.fold,
    repeat: c.repeat,
    trainLoss: list(c.curve.trainLoss),
    epochs: Array.from(c.curve.epochs),
    heldOut: Object.fromEntries(METRICS.map((m) => [m, list(c.curve.heldOut[m])])) as CurveRow['heldOut'],
  };
};

/** Each metric's mean and population std over the folds that scored it. */
function metricSummaries(folds: FoldResultRow[]): TrialDetail['metrics'] {
  return Object.fromEntries(
    METRICS.map((m) => {
      const values = folds.map((f) => (m === 'accuracy' ? f.accuracy : f[m])).filter((v): v is number => v !== null && v !== undefined);
      return [m, { mean: values.length ? mean(values) : null, std: values.length ? populationStd(values) : null, scored: values.length }];
    }),
  ) as TrialDetail['metrics'];
}

/** An unquoted placement value is read by SQL as a column name (`hidden` is the layer widths), never as text. */
function checkWhere(where: string): void {
  const m = /\bplacement\s*(?:=|==|!=|<>)\s*(none|visible|hidden|both)\b/i.exec(where);
  if (m) throw new UserError(`option --where: put text values in quotes: placement = '${m[1]}' (unquoted, ${m[1]} would be read as a column name)`);
}

/**
 * Read access to a results database: what every read command and the dashboard show. The store is
 * opened read-only (a SQLite file after a check that no page is damaged; a PostgreSQL session that
 * cannot write); nothing here writes. Every method returns a Promise.
 */
export class Results {
  readonly db: string;
  private readonly opened: Store;
  private readonly store: ResultsReader;

  private constructor(db: string, opened: Store) {
    this.db = db;
    this.opened = opened;
    this.store = opened.results;
  }

  /** `db` is kept as messages show it (a PostgreSQL URL without its password). */
  static async open(db?: string): Promise<Results> {
    checkArgument('openResults', 'db', db, optionalText);
    const chosen = chooseDb(db);
    const store = await openStore(chosen, { readonly: true, check: true }).catch((err: unknown) => Promise.reject(locatedFault(err, shownLocation(chosen))));
    return new Results(shownLocation(chosen), withLocatedFaults(store));
  }

  async close(): Promise<void> {
    await this.opened.close();
  }

  /** The named sweep's stored row, or the most recent sweep's. */
  async sweepRow(name?: string): Promise<SweepRow> {
    checkArgument('sweepRow', 'sweep', name, optionalText);
    return pickSweep(this.store, name, this.db);
  }

  async sweeps(): Promise<SweepInfo[]> {
    const out: SweepInfo[] = [];
    for (const name of await this.store.sweepNames()) {
      const s = (await this.store.sweep(name))!;
      out.push({ name, createdAt: s.created_at, data: s.data, dataSha256: s.data_sha256, seed: s.seed, folds: s.folds, repeats: s.repeats, engine: s.engine });
    }
    return out;
  }

  /** Every sweep's progress; each one's best by its own metric (the sweep file's `metric:`), or by `metric` for all when given. */
  async status(options: { metric?: MetricName } = {}): Promise<StatusRow[]> {
    const { metric: asked } = resolveOptions('status', { metric: rankMetric }, options);
    const counts = await this.store.sweepCounts();
    const metrics = await Promise.all(counts.map(async (c) => chosenMetric((await this.store.sweep(c.name))!, asked)));
    const best = await Promise.all(counts.map((c, i) => this.store.bestMean(c.name, metrics[i])));
    const died = new Map<string, number>();
    for (const r of await this.store.unendedRuns()) if (ownerIsDead(r.owner)) died.set(r.sweep, (died.get(r.sweep) ?? 0) + 1);
    return counts.map((c, i) => {
      const fitsTotal = c.trials * c.folds * c.repeats;
      const rate = c.run_seconds > 0 ? c.run_fits / c.run_seconds : null;
      const remaining = fitsTotal - c.fits_done - (c.fits_saved ?? 0);
      return {
        sweep: c.name,
        trials: c.trials,
        done: c.done ?? 0,
        running: c.running ?? 0,
        pending: c.pending ?? 0,
        failed: c.failed ?? 0,
        pruned: c.pruned ?? 0,
        fitsSaved: c.fits_saved ?? 0,
        foldFits: c.fits_done,
        foldFitsTotal: fitsTotal,
        fitsPerSecond: rate,
        elapsedSeconds: c.run_seconds,
        // No trial held by a runner: nothing is running, so there is no time to arrival to give.
        etaSeconds: remaining <= 0 ? 0 : (c.running ?? 0) === 0 ? null : rate ? remaining / rate : null,
        metric: metrics[i],
        best: best[i],
        data: c.data,
        dataSha256: c.data_sha256,
        runsDied: died.get(c.name) ?? 0,
      };
    });
  }

  /** The ranked trials with their statistics, for renderers. */
  async board(query: LeaderboardQuery = {}): Promise<{ sweep: SweepRow; board: Leaderboard }> {
    const q = resolveOptions('board', LEADERBOARD_OPTIONS, query);
    const sweep = await this.sweepRow(q.sweep);
    if (q.where) checkWhere(q.where);
    const board = buildLeaderboard(await this.store.trialScores(sweep, q.where), {
      metric: chosenMetric(sweep, q.metric),
      foldsPlanned: sweep.folds * sweep.repeats,
      testTrainRatio: testTrainRatio(sweep.folds),
      heldOutRows: heldOutRows(sweep),
      sort: q.sort,
      top: q.top,
      includePending: q.includePending,
      includePruned: q.includePruned,
    });
    await this.markConfirmed(sweep, board);
    const nested = await storedNested(this.store, sweep.name);
    if (nested) board.nested = nested;
    return { sweep, board };
  }

  /** Fills each row's confirmed mean from the sweep's newest confirmation (NAME-confirm, NAME-confirm-2, ...), when there is one. */
  private async markConfirmed(sweep: SweepRow, board: Leaderboard): Promise<void> {
    const newest = confirmationsOf(sweep.name, await this.store.sweepNames()).at(-1);
    const confirm = newest === undefined ? undefined : await this.store.sweep(newest);
    if (!confirm || confirm.seed !== sweep.seed || confirm.folds !== sweep.folds || confirm.data_sha256 !== sweep.data_sha256) return;
    const planned = confirm.folds * confirm.repeats;
    const means = new Map<string, number>();
    // In the board's metric and unit (percent for accuracies), whatever the confirmation itself ranks by.
    const scale = PERCENT.has(board.metric) ? 100 : 1;
    for (const t of await this.store.trialScores(confirm)) {
      const scores = [...t.folds.values()].map((f) => (board.metric === 'accuracy' ? f.accuracy : foldMetric(f, board.metric)));
      if (scores.length === planned && scores.every((a) => a !== null)) means.set(t.trialKey, mean(scores as number[]) * scale);
    }
    board.confirmedBy = confirm.name;
    for (const r of board.rows) r.confirmed = means.get(r.trialKey) ?? null;
  }

  /**
   * Each trial's fold values of a metric (accuracy unless named; stored values, a fraction for
   * accuracies) of a sweep as cells[repeat][fold] (null: diverged, not run, or the metric
   * undefined there), with the held-out rows of its smallest fold: the input of a repeated-CV estimate.
   */
  async foldCells(sweepName: string, metric: MetricName = 'accuracy'): Promise<{ sweep: SweepRow; heldOutRows: number | undefined; trials: { trialKey: string; cells: (number | null)[][] }[] }> {
    const sweep = await this.sweepRow(sweepName);
    const value = (f: FoldScore | undefined) => (f === undefined ? null : metric === 'accuracy' ? f.accuracy : foldMetric(f, metric));
    const trials = (await this.store.trialScores(sweep)).map((t) => ({
      trialKey: t.trialKey,
      cells: Array.from({ length: sweep.repeats }, (_, r) => Array.from({ length: sweep.folds }, (_, f) => value(t.folds.get(fitKey(f, r))))),
    }));
    return { sweep, heldOutRows: heldOutRows(sweep), trials };
  }

  /** The leaderboard's rows as `dropsweep leaderboard --format json` prints them (every trial, pending ones included, unless `includePending: false`). */
  async leaderboard(query: LeaderboardQuery = {}): Promise<LeaderboardRow[]> {
    const q = resolveOptions('leaderboard', LEADERBOARD_OPTIONS, query);
    const { board } = await this.board({ ...q, includePending: q.includePending ?? true });
    const columns = [...leaderboardColumns(board), ...nestedColumns(board)];
    return board.rows.map((r) => Object.fromEntries(columns.map((c) => [c.key, c.value(r)])) as LeaderboardRow);
  }

  /** A trial by `KEY`, `SWEEP/KEY` or a unique prefix. */
  async trial(ref: string, options: { sweep?: string; metric?: MetricName; curves?: boolean } = {}): Promise<TrialDetail> {
    checkArgument('trial', 'the trial', ref, isText);
    const o = resolveOptions('trial', SHOW_OPTIONS, options);
    const t = await pickTrial(this.store, ref, o.sweep);
    const folds = await this.store.foldResults(t.id);
    const metric = chosenMetric((await this.store.sweep(t.sweep))!, o.metric);
    const note = (await this.store.notes(t.sweep_id)).find((n) => n.trialKey === t.trial_key);
    const scores = folds.filter((f) => f.accuracy !== null).map((f) => f.accuracy as number);
    return {
      sweep: t.sweep,
      trialKey: t.trial_key,
      name: t.label,
      config: JSON.parse(t.config) as TrialDetail['config'],
      state: t.state,
      attempts: t.attempts,
      error: t.error,
      startedAt: iso(t.started_at),
      finishedAt: iso(t.finished_at),
      foldsDone: folds.length,
      foldsPlanned: t.folds * t.repeats,
      meanAccuracy: scores.length ? mean(scores) : null,
      stdAccuracy: scores.length ? populationStd(scores) : null,
      metric,
      metrics: metricSummaries(folds),
      ...(o.curves ? { curves: (await this.store.curves(t.id)).map(curveRow) } : {}),
      trainingSeconds: folds.reduce((s, f) => s + f.seconds, 0),
      data: t.data,
      dataSha256: t.data_sha256,
      seed: t.sweep_seed,
      folds: folds.map(foldRow),
      note: note?.text ?? null,
      noteAt: note ? iso(note.createdAt) : null,
    };
  }

  private async noteMap(sweepId: number): Promise<ReportInput['notes']> {
    const stored = await this.store.notes(sweepId);
    return { sweep: stored.find((n) => n.trialKey === null)?.text ?? null, trials: new Map(stored.flatMap((n) => (n.trialKey === null ? [] : [[n.trialKey, n.text] as const]))) };
  }

  /** A sweep's notes: its own (`note`) and each trial's that has one, as text. */
  async notes(sweepName?: string): Promise<SweepNotes> {
    checkArgument('notes', 'sweep', sweepName, optionalText);
    const sweep = await this.sweepRow(sweepName);
    const stored = await this.store.notes(sweep.id);
    const own = stored.find((n) => n.trialKey === null);
    return {
      sweep: sweep.name,
      note: own?.text ?? null,
      noteAt: own ? iso(own.createdAt) : null,
      trials: stored.flatMap((n) => (n.trialKey === null ? [] : [{ trialKey: n.trialKey, note: n.text, noteAt: iso(n.createdAt)! }])),
    };
  }

  /**
   * Two trials fold by fold, with the corrected resampled t-test. Trials of two sweeps pair up
   * only when their folds are the same rows: same data, split seed and fold count.
   */
  async compare(refA: string, refB: string, options: { sweep?: string; metric?: MetricName } = {}): Promise<Comparison> {
    checkArgument('compare', 'the first trial', refA, isText);
    checkArgument('compare', 'the second trial', refB, isText);
    const o = resolveOptions('compare', TRIAL_OPTIONS, options);
    const ta = await pickTrial(this.store, refA, o.sweep);
    const tb = await pickTrial(this.store, refB, o.sweep);
    if (ta.sweep_id !== tb.sweep_id) await this.checkPairable(ta, tb);
    const metric = chosenMetric((await this.store.sweep(ta.sweep))!, o.metric);
    const value = (r: FoldResultRow | undefined) => (r === undefined ? null : metric === 'accuracy' ? r.accuracy : r[metric]);
    const fb = new Map((await this.store.foldResults(tb.id)).map((r) => [fitKey(r.fold, r.repeat), r]));
    const pairs = (await this.store.foldResults(ta.id))
      .filter((r) => value(r) !== null && value(fb.get(fitKey(r.fold, r.repeat))) != null)
      .map((r) => {
        const a = value(r) as number;
        const b = value(fb.get(fitKey(r.fold, r.repeat))) as number;
        return { fold: r.fold, repeat: r.repeat, a, b, difference: a - b };
      });
    if (pairs.length < 2) await this.refuseFewPairs(ta, tb, fb.size, pairs.length);
    const diffs = pairs.map((p) => p.difference);
    // The variance floor: half a held-out row squared; without the row count, the smallest
    // non-zero difference stands for one row (it is a whole number of rows, so never less).
    const rows = heldOutRows((await this.store.sweep(ta.sweep))!);
    const step = rows !== undefined ? 1 / rows : Math.min(...diffs.map(Math.abs).filter((d) => d > 1e-9));
    // The floor is half a held-out row squared, a step of accuracy: other metrics have none.
    const test = correctedPairedTTest(diffs, testTrainRatio(ta.folds), 1, metric === 'accuracy' && Number.isFinite(step) ? varianceFloor(1 / step) : 0);
    return {
      metric,
      a: ta.trial_key,
      b: tb.trial_key,
      aName: ta.label,
      bName: tb.label,
      pairs,
      meanDifference: diffs.length ? mean(diffs) : null,
      t: Number.isFinite(test.t) ? test.t : null,
      df: test.df,
      p: Number.isNaN(test.p) ? null : test.p,
    };
  }

  /** Fewer than two folds scored in both trials: no paired test to run, so no numbers to print. */
  private async refuseFewPairs(ta: TrialRow, tb: TrialRow, bFolds: number, paired: number): Promise<never> {
    const scored = async (t: TrialRow) => (await this.store.foldResults(t.id)).filter((r) => r.accuracy !== null).length;
    const name = (t: TrialRow) => `${t.sweep}/${t.trial_key.slice(0, 10)}`;
    for (const t of [ta, tb]) {
      if ((t === tb && bFolds === 0) || (await scored(t)) === 0) {
        throw new UserError(`trial ${name(t)} has no scored fold yet (${t.state === 'pending' ? 'not started' : t.state}); compare needs folds scored in both trials`);
      }
    }
    throw new UserError(`trials ${name(ta)} and ${name(tb)} have ${paired} fold(s) scored in both; the paired test needs at least 2`);
  }

  private async checkPairable(ta: TrialRow, tb: TrialRow): Promise<void> {
    const sa = (await this.store.sweep(ta.sweep))!;
    const sb = (await this.store.sweep(tb.sweep))!;
    const differs: string[] = (['data_sha256', 'seed', 'folds'] as const).filter((k) => sa[k] === null || sa[k] !== sb[k]);
    if (storedSplit(sa.spec) !== storedSplit(sb.spec)) differs.push('split');
    // Repeats dealt with seeds of their own (fresh splits) are other rows than the seed's split.
    const seedsOf = (spec: string) => JSON.stringify((JSON.parse(spec) as { splitSeeds?: number[] }).splitSeeds ?? null);
    if (seedsOf(sa.spec) !== seedsOf(sb.spec)) differs.push('split seeds');
    if (differs.length) {
      throw new UserError(
        `trials ${ta.sweep}/${ta.trial_key} and ${tb.sweep}/${tb.trial_key} cannot be paired fold by fold: their sweeps differ in ${differs.map((k) => (k === 'data_sha256' ? 'data' : k)).join(', ')}, so their folds are not the same rows`,
      );
    }
  }

  /**
   * Marginal means per value of each swept setting (quantile bins for a setting drawn from a
   * range), the dropout x placement pivot and importance (factorial designs only), complete trials.
   */
  async effects(sweepName?: string, options: { metric?: MetricName } = {}): Promise<Effects> {
    checkArgument('effects', 'sweep', sweepName, optionalText);
    const { metric } = resolveOptions('effects', { metric: rankMetric }, options);
    const { sweep, board } = await this.board({ sweep: sweepName, includePending: true, metric });
    const design = sweepDesign(JSON.parse(sweep.spec) as unknown, board.rows);
    const binned = design.settings.filter((s) => s.continuous).map((s) => s.key);
    return {
      sweep: sweep.name,
      design,
      binning: binned.length ? `${binned.join(', ')}: ${BIN_RULE}` : null,
      metric: board.metric,
      effects: dimensionEffects(board.rows, design, METRIC_DIRECTION[board.metric] === 'lower'),
      pivot: dropoutPivot(board.rows, design),
      importance: importance(board.rows, design.sampler),
    };
  }

  /** Seconds from the sweep's first trial start to each done trial's finish, by trial key. */
  private async finishTimes(name: string): Promise<Map<string, number>> {
    const dump = await this.opened.copier.dump(name);
    const starts = (dump?.trials ?? []).map((t) => t.started_at).filter((t): t is number => t !== null);
    if (!dump || starts.length === 0) return new Map();
    const t0 = Math.min(...starts);
    return new Map(dump.trials.filter((t) => t.state === 'done' && t.finished_at !== null).map((t) => [t.trial_key, Math.max(0, t.finished_at! - t0)]));
  }

  /** What the HTML report and the dashboard's sweep page draw: the whole leaderboard, every trial's folds, and where they come from. */
  async reportInput(sweepName?: string, options: { metric?: MetricName } = {}): Promise<ReportInput> {
    checkArgument('reportInput', 'sweep', sweepName, optionalText);
    const { metric: asked } = resolveOptions('reportInput', { metric: rankMetric }, options);
    const sweep = await this.sweepRow(sweepName);
    const metric = chosenMetric(sweep, asked);
    const trials = await this.store.trialScores(sweep);
    const ratio = testTrainRatio(sweep.folds);
    const board = buildLeaderboard(trials, { metric, foldsPlanned: sweep.folds * sweep.repeats, testTrainRatio: ratio, heldOutRows: heldOutRows(sweep), includePending: true });
    const nested = await storedNested(this.store, sweep.name);
    if (nested) board.nested = nested;
    // Each fold's value of the ranking metric, as stored (a fraction for accuracies): what the strip, the dropout curve and the heatmap test.
    const value = (f: FoldScore) => (metric === 'accuracy' ? f.accuracy : foldMetric(f, metric));
    const foldValues = new Map(trials.map((t) => [t.trialKey, [...t.folds.values()].flatMap((f) => (value(f) === null ? [] : [value(f)!]))]));
    const foldScores = new Map(trials.map((t) => [t.trialKey, new Map([...t.folds].map(([k, f]) => [k, value(f)]))]));
    const rows = board.rows;
    const spec = JSON.parse(sweep.spec) as unknown;
    const design = sweepDesign(spec, rows);
    return {
      sweep: sweep.name,
      created: sweep.created_at,
      metric,
      board,
      rows,
      foldValues,
      foldScores,
      testTrainRatio: ratio,
      heldOutRows: heldOutRows(sweep),
      foldsPlanned: sweep.folds * sweep.repeats,
      provenance: {
        data: sweep.data,
        dataSha256: sweep.data_sha256,
        dataRows: sweep.data_rows,
        seed: sweep.seed,
        folds: sweep.folds,
        repeats: sweep.repeats,
        engine: sweep.engine,
        backends: (await this.store.sweepBackends(sweep.id)).map((b) => `${b.engine}/${b.backend}`),
        epochs: [...new Set(rows.map((r) => r.epochs))].sort((a, b) => a - b),
        sampler: describeDesign(spec, trials.length),
        spec,
        version: VERSION,
        generated: new Date().toISOString(),
      },
      counts: trialCounts(trials, board),
      curve: dropoutCurve(rows, foldScores, ratio, PERCENT.has(metric) ? 100 : 1),
      importance: importance(rows, design.sampler),
      design,
      finishedAfter: await this.finishTimes(sweep.name),
      bestCurves: await this.bestCurves(sweep, board.best),
      notes: await this.noteMap(sweep.id),
    };
  }

  /** The learning curves of a sweep's best trial, as the report draws them. */
  private async bestCurves(sweep: SweepRow, best: string | null): Promise<CurveRow[]> {
    if (!best) return [];
    const [t] = await this.store.trialsByPrefix(best, sweep.name);
    return t ? (await this.store.curves(t.id)).map(curveRow) : [];
  }

  /** Read-only SQL: only statements that return rows. */
  async query(sql: string): Promise<{ columns: string[]; rows: Record<string, unknown>[] }> {
    checkArgument('query', 'the SQL', sql, isText);
    return this.store.userQuery(sql);
  }

  /** Every fold result of a sweep with its configuration and its learning curve (`curve`: epochs, trainLoss, heldOut; null when none is stored). */
  async exportRows(sweepName?: string): Promise<Record<string, unknown>[]> {
    checkArgument('exportRows', 'sweep', sweepName, optionalText);
    const id = (await this.sweepRow(sweepName)).id;
    const curves = new Map((await this.store.sweepCurves(id)).map((c) => [`${c.trialKey}/${fitKey(c.fold, c.repeat)}`, c]));
    return (await this.store.exportRows(id)).map((r) => {
      const c = curves.get(`${String(r.trial_key)}/${fitKey(Number(r.fold), Number(r.repeat))}`);
      if (!c) return { ...r, curve: null };
      const { epochs, trainLoss, heldOut } = curveRow(c);
      return { ...r, curve: { epochs, trainLoss, heldOut } };
    });
  }
}

/** Trials by state, as `status` counts them (see `TrialCounts`). */
function trialCounts(trials: TrialScores[], board: Leaderboard): TrialCounts {
  const status = new Map(board.rows.map((r) => [r.trialKey, r.status]));
  const counts: TrialCounts = { trials: trials.length, complete: 0, diverged: 0, failed: 0, pruned: 0, running: 0, notStarted: 0, partial: 0 };
  for (const t of trials) {
    if (t.state === 'done') counts[status.get(t.trialKey) === 'complete' ? 'complete' : 'diverged']++;
    else if (t.state === 'failed' || t.state === 'pruned' || t.state === 'running') counts[t.state]++;
    else counts[t.folds.size === 0 ? 'notStarted' : 'partial']++;
  }
  return counts;
}

/** Opens a results database for reading: a SQLite path or a postgresql:// URL (default: `$DROPSWEEP_DB`, else results/dropsweep.sqlite). */
export function openResults(db?: string): Promise<Results> {
  return Results.open(db);
}

/** The metric a read ranks by: the one asked for (`--metric`), else the sweep file's `metric:`, else accuracy. */
function chosenMetric(sweep: SweepRow, asked: string | undefined): MetricName {
  if (asked !== undefined) return parseMetric(asked)!;
  return rankingMetric(JSON.parse(sweep.spec) as Pick<SweepSpec, 'metric'>);
}

/** Held-out rows of a sweep's smallest fold (k-fold splits differ by at most one row), when its data's row count is stored. */
function heldOutRows(sweep: SweepRow): number | undefined {
  return sweep.data_rows ? Math.floor(sweep.data_rows / sweep.folds) : undefined;
}
