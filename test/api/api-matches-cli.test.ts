import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { crossValidate, openResults, planSweep, runSweep, UserError } from '../../src/index.js';
import { runCli, tempDir } from '../helpers.js';
import { query, sweepDir, writeGradedSweep } from '../runner/runner-fixture.js';

let db = '';
let file = '';
const cli = (...args: string[]) => {
  const r = runCli([...args, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
};

before(async () => {
  const made = sweepDir();
  db = made.db;
  file = writeGradedSweep(made.dir, 'api');
  const summary = await runSweep(file, { db, workers: 2 });
  assert.equal(summary.outcome, 'completed');
  assert.deepEqual(summary.totals, { trials: 5, done: 5, failed: 0, pruned: 0, fitsSaved: 0, fitsDone: 50, fitsTotal: 50 });
  assert.equal(summary.fitsThisRun, 50);
  assert.equal(query<{ fits_done: number }>(db, 'SELECT fits_done FROM runs')[0].fits_done, 50);
});

test('crossValidate gives the object cv --format json prints, and the same numbers as that trial in a sweep', async () => {
  const config = { placement: 'hidden' as const, dropout: 0.2, maxNorm: 3, lr: 0.03, momentum: 0.9, epochs: 40, hidden: [20, 10] };
  const { results, seconds, ...api } = await crossValidate(config);
  assert.equal(results.length, 10);
  assert.ok(seconds > 0);
  const { seconds: _printedSeconds, ...printed } = cli('cv', '--placement', 'hidden', '--dropout', '0.2', '--max-norm', '3', '--lr', '0.03', '--momentum', '0.9', '--epochs', '40', '--hidden', '20,10');
  assert.deepEqual(api, printed);
  // The trial lr 0.03 of the graded sweep is this configuration without dropout: same folds and seeds.
  const plain = await crossValidate({ lr: 0.03, momentum: 0.9, epochs: 40, hidden: [20, 10] });
  const results0 = await openResults(db);
  const trial = await results0.trial(`api/${plain.trialKey}`);
  await results0.close();
  assert.deepEqual(trial.folds.map((f) => f.accuracy), plain.accuracy.folds, 'cv and the sweep agree fold by fold');
});

test('planSweep gives what plan --format json prints, sized from the data', async () => {
  const { plannedTrials, ...api } = await planSweep(file, { workers: 2, db });
  assert.deepEqual(api, cli('plan', file, '--workers', '2', '--db', db));
  assert.equal(plannedTrials.length, 5);
  assert.deepEqual([api.dataRows, api.dataColumns], [208, 60]);
  assert.equal(api.speedFrom, 'database');
});

test('openResults returns the rows every read command prints as JSON', async () => {
  const results = await openResults(db);
  try {
    assert.deepEqual(await results.status(), cli('status', '--db', db));
    assert.deepEqual(await results.leaderboard({ sweep: 'api' }), cli('leaderboard', '--db', db, '--sweep', 'api'));
    assert.deepEqual(await results.leaderboard({ where: 'mean_pct > 80', top: 2 }), cli('leaderboard', '--db', db, '--where', 'mean_pct > 80', '--top', '2'));
    const [best, second] = await results.leaderboard();
    const key = String(best.trialKey);
    assert.deepEqual(await results.trial(key.slice(0, 6)), cli('show', key.slice(0, 6), '--db', db));
    assert.deepEqual(await results.compare(key, String(second.trialKey)), cli('compare', key, String(second.trialKey), '--db', db));
    assert.deepEqual(await results.effects('api'), cli('effects', '--db', db, '--sweep', 'api'));
    assert.deepEqual((await results.sweeps()).map((s) => s.name), ['api']);
  } finally {
    await results.close();
  }
});

test('library mistakes throw UserError naming the option, and write nothing', async () => {
  const dir = tempDir();
  await assert.rejects(runSweep(file, { db: join(dir, 'x.sqlite'), workers: 0 }), (err: unknown) => err instanceof UserError && err.message === 'option workers: 0 is not an integer in [1, 256]');
  await assert.rejects(crossValidate({ dropout: 0.3 }), { name: 'UserError', message: 'option dropout: 0.3 has no effect with placement none (the default); give placement visible, hidden or both' });
  await assert.rejects(crossValidate({ lr: -1 }), { name: 'UserError', message: 'option lr: -1 is not in (0, inf]' });
  await assert.rejects(openResults(join(dir, 'none.sqlite')), /no database here/);
  await assert.rejects(runSweep({ name: 'obj', grid: { dropuot: [0.1] } }, { db: join(dir, 'y.sqlite') }), { message: '(object): grid.dropuot: unknown key; did you mean "dropout"?' });
  assert.deepEqual((await import('node:fs')).readdirSync(dir), []);
});

test('a stop asked for before the run starts (a signal during planning) is honoured: nothing is trained', async () => {
  const { dir, db: fresh } = sweepDir();
  const summary = await runSweep(writeGradedSweep(dir, 'early'), { db: fresh, workers: 1, signal: AbortSignal.abort('SIGTERM') });
  assert.equal(summary.outcome, 'interrupted');
  assert.equal(summary.reason, 'SIGTERM');
  assert.equal(summary.fitsThisRun, 0);
  assert.deepEqual(summary.startUp, { stage: 'planning', trialsWritten: 0, trialsPlanned: 0 });
  assert.equal(existsSync(fresh), false, 'not even the database was made');
});
