import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openResults } from '../../src/api/results.js';
import { apiRoutes } from '../../src/serve/routes.js';
import { runCli, tempDir } from '../helpers.js';
import { LOG_LOSS_TRIALS as T, logLossSweep, mean } from './log-loss-sweep.js';

// The sweep file says `metric: log_loss`: A is the most accurate, B the best calibrated. Every
// place that ranks or names a best must put B first (lower log loss), never A.

test('status: the best of a sweep ranked by log loss is its lowest mean log loss, named with its metric and not as a percent', async () => {
  const { db } = await logLossSweep();
  const json = runCli(['status', '--db', db, '--format', 'json']);
  assert.equal(json.code, 0, json.stderr);
  const [row] = JSON.parse(json.stdout) as { sweep: string; metric: string; best: number }[];
  assert.equal(row.metric, 'log_loss');
  assert.ok(Math.abs(row.best - mean(T.B.log_loss)) < 1e-12, `best ${row.best}: B's mean log loss ${mean(T.B.log_loss)}, not A's accuracy`);
  const text = runCli(['status', '--db', db]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /0\.3050 log_loss \(lower better\)/);
  assert.doesNotMatch(text.stdout, /best %/);
  // --metric overrides the sweep file: the best accuracy is A's, as a fraction in json.
  const byAccuracy = JSON.parse(runCli(['status', '--db', db, '--format', 'json', '--metric', 'accuracy']).stdout) as { metric: string; best: number }[];
  assert.equal(byAccuracy[0].metric, 'accuracy');
  assert.ok(Math.abs(byAccuracy[0].best - mean(T.A.accuracy)) < 1e-12);
});

test('report: the leaderboard ranks by the sweep\'s log loss (B, C, A), says so, and --metric accuracy ranks A first', async () => {
  const { db, keys } = await logLossSweep();
  const order = (html: string) => [...html.matchAll(/<tr class="[^"]*" data-trial="([^"]+)">/g)].map((m) => m[1]);
  const out = join(tempDir(), 'r.html');
  const r = runCli(['report', '--db', db, '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const html = readFileSync(out, 'utf8');
  assert.deepEqual(order(html), [keys.B, keys.C, keys.A]);
  assert.match(html, /<th>log_loss \(lower better\)<\/th>/);
  assert.match(html, /<p id="ranked-by">Trials are ranked by log loss \(<code>log_loss<\/code>, lower is better\)/);
  assert.match(html, /<td data-key="mean_log_loss">0\.3050<\/td>/, "B's mean log loss, four decimals, no percent");
  // Every chart is drawn on log loss: its axes say so, and no number came out undefined.
  assert.match(html, /mean log loss/);
  assert.doesNotMatch(html, /NaN|undefined|mean accuracy/);
  const out2 = join(tempDir(), 'r2.html');
  assert.equal(runCli(['report', '--db', db, '--out', out2, '--metric', 'accuracy']).code, 0);
  assert.deepEqual(order(readFileSync(out2, 'utf8')), [keys.A, keys.B, keys.C]);
});

test("dashboard JSON: the board, its std order, the overview's charts and the status follow the sweep's log loss (serve --metric overrides it)", async () => {
  const { db, keys } = await logLossSweep();
  const results = await openResults(db);
  try {
    const routes = apiRoutes(results);
    const q = new URLSearchParams({ sweep: 'calib' });
    const board = (await routes['/api/board'](q)) as { metric: string; meanKey: string; stdKey: string; best: string; stdOrder: string[]; rows: { trialKey: string; values: Record<string, unknown> }[] };
    assert.equal(board.metric, 'log_loss');
    assert.deepEqual([board.meanKey, board.stdKey], ['mean_log_loss', 'std_log_loss']);
    assert.equal(board.best, keys.B);
    assert.deepEqual(board.rows.map((r) => r.trialKey), [keys.B, keys.C, keys.A]);
    assert.ok(Math.abs((board.rows[0].values.mean_log_loss as number) - mean(T.B.log_loss)) < 1e-4);
    // The std order puts the trials like the best first: A is far worse on every fold, so last.
    assert.equal(board.stdOrder.at(-1), keys.A);
    const overview = (await routes['/api/overview'](q)) as { metric: string; charts: { metric: { name: string; higherIsBetter: boolean; unit: string }; strip: { key: string; folds: number[] }[]; history: { value: number }[] } };
    assert.equal(overview.metric, 'log_loss');
    assert.deepEqual(overview.charts.metric && [overview.charts.metric.name, overview.charts.metric.higherIsBetter, overview.charts.metric.unit], ['log loss', false, '']);
    // The strip's fold values are the log losses themselves, best trial first.
    assert.equal(overview.charts.strip[0].key, keys.B);
    assert.deepEqual([...overview.charts.strip[0].folds].sort(), [...T.B.log_loss].sort());
    const status = (await routes['/api/status'](new URLSearchParams())) as { metric: string; best: number }[];
    assert.equal(status[0].metric, 'log_loss');
    assert.ok(Math.abs(status[0].best - mean(T.B.log_loss)) < 1e-12);
    const across = (await routes['/api/across'](new URLSearchParams())) as { metric: string; best: { trialKey: string } }[];
    assert.deepEqual([across[0].metric, across[0].best.trialKey], ['log_loss', keys.B]);
    // `serve --metric accuracy` ranks every page by accuracy instead: A first.
    const byAccuracy = (await apiRoutes(results, 'accuracy')['/api/board'](q)) as { metric: string; meanKey: string; rows: { trialKey: string }[] };
    assert.deepEqual([byAccuracy.metric, byAccuracy.meanKey], ['accuracy', 'meanPct']);
    assert.deepEqual(byAccuracy.rows.map((r) => r.trialKey), [keys.A, keys.B, keys.C]);
  } finally {
    await results.close();
  }
});
