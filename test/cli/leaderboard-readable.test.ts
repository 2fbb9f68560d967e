import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { ENGINES } from '../../src/engine/train.js';
import { openStore } from '../../src/store/store.js';
import { parseSweepText } from '../../src/sweep/parse.js';
import { planSweep } from '../../src/sweep/planner.js';
import { join } from 'node:path';
import { openResults } from '../../src/api/results.js';
import { fitColumns } from '../../src/cli/leaderboard.js';
import { leaderboardColumns } from '../../src/report/leaderboard-columns.js';
import { runCli, tempDir } from '../helpers.js';
import { startRun, sweepDir, writeGradedSweep, writeSweep } from '../runner/runner-fixture.js';

let db = '';
let dir = '';
before(async () => {
  ({ dir, db } = sweepDir());
  const r = await startRun([writeGradedSweep(dir, 'graded'), '--db', db, '--quiet']).done;
  assert.equal(r.code, 0, r.stderr);
});

type Row = { trialKey: string; lr: number; meanPct: number; stdPct: number; likeBest: boolean | null; rank: number };
const board = (...args: string[]) => JSON.parse(runCli(['leaderboard', '--db', db, '--format', 'json', ...args]).stdout) as Row[];

test('--where takes percent columns; nothing matching says so; a filtered best is named in a note', () => {
  const above = board('--where', 'mean_pct > 80');
  assert.deepEqual(above.map((r) => r.lr).sort(), [0.01, 0.03, 0.1], 'the three learning rates that learn, in percent as the tables show');
  assert.ok(above.every((r) => r.meanPct > 80));
  const none = runCli(['leaderboard', '--db', db, '--where', 'mean_pct > 99']);
  assert.equal(none.code, 0);
  assert.equal(none.stdout, '0 rows matched --where mean_pct > 99 in sweep graded\n');
  const slow = runCli(['leaderboard', '--db', db, '--where', 'lr < 0.02', '--wide']);
  const best = board('--where', 'lr < 0.02')[0].trialKey;
  assert.match(slow.stdout, new RegExp(`p-values are against ${best.slice(0, 10)}, the best of the rows matching --where, not of the whole sweep`));
  const unquoted = runCli(['leaderboard', '--db', db, '--where', 'placement=hidden']);
  assert.equal(unquoted.code, 2);
  assert.equal(unquoted.stderr, "dropsweep: option --where: put text values in quotes: placement = 'hidden' (unquoted, hidden would be read as a column name)\n");
});

test('--sort std never puts the one-class model first', () => {
  const rows = board('--sort', 'std');
  const oneClass = rows.find((r) => r.lr === 0.0005)!;
  // lr 0.0005 predicts the majority class on every fold (53.4%, std 1.6): steadiest, and worst.
  assert.ok(oneClass.stdPct < Math.min(...rows.filter((r) => r !== oneClass).map((r) => r.stdPct)), 'it really is the steadiest');
  assert.notEqual(rows[0].lr, 0.0005);
  assert.equal(rows[0].likeBest, true);
  assert.equal(oneClass.likeBest, false);
});

test('a narrow terminal drops the least useful columns first; rank, trial, mean, CI and ~best stay', async () => {
  const results = await openResults(db);
  const lb = (await results.board({ sweep: 'graded' })).board;
  await results.close();
  const textColumns = leaderboardColumns(lb).filter((c) => c.key !== 'p' && c.key !== 'ci95High');
  const wide = fitColumns(lb.rows, textColumns, 400);
  assert.equal(wide.dropped, 0);
  const narrow = fitColumns(lb.rows, textColumns, 80);
  assert.ok(narrow.dropped > 0);
  assert.deepEqual(
    narrow.columns.map((c) => c.key).filter((k) => ['rank', 'trialKey', 'meanPct', 'ci95Low', 'likeBest'].includes(k)),
    ['rank', 'trialKey', 'meanPct', 'ci95Low', 'likeBest'],
  );
  assert.ok(!narrow.columns.some((c) => c.key === 'seconds'), 'seconds goes first');
});

test('an unfinished sweep lists its pending trials in one line unless --all; report writes results/SWEEP.html by default', async () => {
  const { dir: d2, db: db2 } = sweepDir();
  const file = writeSweep(d2, 'unfinished', 6, 2);
  assert.equal((await startRun([file, '--db', db2, '--quiet']).done).code, 0);
  // Six more trials in the plan, none run yet: they are pending.
  const extended = writeSweep(d2, 'unfinished', 12, 2);
  const store = await openStore(db2);
  const plan = planSweep(parseSweepText(readFileSync(extended, 'utf8'), extended, ENGINES));
  assert.equal(await store.sweeps.extend((await store.results.sweep('unfinished'))!.id, { spec: '{}', spec_hash: 'x', source_file: extended }, plan.trials), 6);
  await store.close();
  const r = runCli(['leaderboard', '--db', db2, '--wide']);
  assert.equal(r.stdout.split('\n').filter((l) => /^│ \d/.test(l)).length, 6);
  assert.match(r.stdout, /\n6 trials not started yet \(--all lists them\)\n/);
  const all = runCli(['leaderboard', '--db', db2, '--wide', '--all']);
  const listed = all.stdout.split('\n').filter((l) => /^│ (\d+|-) /.test(l));
  assert.equal(listed.length, 12);
  assert.equal(listed.filter((l) => /^│ - .*│ not started\s+│$/.test(l)).length, 6, 'a trial not started has no rank, and says so');
  const cwd = tempDir();
  mkdirSync(join(cwd, 'results'));
  const report = runCli(['report', '--db', db], {}, cwd);
  assert.equal(report.code, 0, report.stderr);
  assert.equal(report.stdout, `wrote ${join('results', 'graded.html')}\n`);
  assert.ok(existsSync(join(cwd, 'results', 'graded.html')));
});

test('effects names the best trial at each value', () => {
  const out = JSON.parse(runCli(['effects', '--db', db, '--format', 'json']).stdout) as { effects: { dimension: string; value: number; bestTrial: string; best: number }[] };
  const rows = board();
  for (const e of out.effects.filter((x) => x.dimension === 'lr')) {
    const trial = rows.find((r) => r.lr === e.value)!;
    assert.equal(e.bestTrial, trial.trialKey, 'one trial per lr: it is the best at that value');
    assert.ok(Math.abs(e.best - trial.meanPct) < 1e-3);
  }
  const table = runCli(['effects', '--db', db]).stdout;
  assert.match(table, /best trial │/);
});

test('DROPSWEEP_DB is the default database of every command; a missing one says where it looked', () => {
  const r = runCli(['status', '--format', 'json'], { DROPSWEEP_DB: db });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout)[0].sweep, 'graded');
  const empty = tempDir();
  const missing = runCli(['leaderboard'], { DROPSWEEP_DB: '' }, empty);
  assert.equal(missing.code, 2);
  assert.equal(
    missing.stderr,
    `dropsweep: results/dropsweep.sqlite: no database here (looked at ${join(empty, 'results', 'dropsweep.sqlite')}). Run a sweep first (dropsweep run sweeps/tutorial.yaml), or pass --db or set DROPSWEEP_DB\n`,
  );
  assert.ok(!existsSync(join(empty, 'results')), 'a read command creates nothing');
});
