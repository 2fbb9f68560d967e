import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runSweep, type RaceSettings } from '../../src/index.js';
import { query, startRun, sweepDir, waitFor, writeGradedSweep, writeSlowSweep } from './runner-fixture.js';

test('a sweep first run with --race resumes raced without the flag: its settings are stored, and the one-class trial is pruned', async () => {
  const { dir, db } = sweepDir();
  // The sweep file says nothing about racing; only the first run's flag does.
  const file = writeGradedSweep(dir, 'graded', '', [0.1, 0.03, 0.01, 0.003, 0.0005]);
  const stop = new AbortController();
  const first = await runSweep(file, { db, workers: 1, race: { minFolds: 4, alpha: 0.05, stopDiverged: true }, signal: stop.signal, onStart: () => stop.abort('SIGTERM') });
  assert.equal(first.outcome, 'interrupted');
  assert.equal(query<{ n: number }>(db, 'SELECT count(*) AS n FROM fold_results')[0].n, 0, 'stopped before any fit');
  assert.deepEqual(JSON.parse(query<{ race: string }>(db, 'SELECT race FROM sweeps')[0].race) as RaceSettings, { minFolds: 4, tests: 3, alpha: 0.05, stopDiverged: true });

  // Resumed from the command line without --race: it races with the stored settings.
  const r = await startRun([file, '--db', db, '--workers', '1', '--pack', '5']).done;
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^resuming sweep "graded": .*, racing \(minFolds 4, tests 3, alpha 0\.05\)$/m);
  const states = query<{ lr: number; state: string }>(db, 'SELECT lr, state FROM trials ORDER BY id');
  assert.equal(states.find((t) => t.lr === 0.0005)!.state, 'pruned', 'the one-class model is stopped early, as under --race');
  assert.ok(query<{ n: number }>(db, 'SELECT count(*) AS n FROM decisions')[0].n > 0, "racing's looks are stored");
});

test('the resume hint of a run stopped under --race keeps --race and says the sweep resumes raced without it', async () => {
  const { dir, db } = sweepDir();
  const file = writeSlowSweep(dir, 'slow');
  const run = startRun([file, '--db', db, '--workers', '1', '--race']);
  await waitFor(() => /racing \(minFolds 2, tests 3, alpha 0\.05\)/.test(run.output().stderr), 60_000, 'the start line', [run]);
  run.child.kill('SIGINT');
  const r = await run.done;
  assert.equal(r.code, 130, r.stderr);
  assert.ok(
    r.stderr.includes(`Resume with: dropsweep run ${file} --db ${db} --race\n(it resumes raced, with or without --race: its race settings are stored with the sweep)\n`),
    r.stderr,
  );
  let raced: RaceSettings | null | undefined;
  const stop = new AbortController();
  await runSweep(file, { db, workers: 1, signal: stop.signal, onStart: (s) => ((raced = s.race), stop.abort('SIGTERM')) });
  assert.deepEqual(raced, { minFolds: 2, tests: 3, alpha: 0.05, stopDiverged: true });
});

test('a raced sweep resumed with other race settings keeps the rule it started with, and says so', async () => {
  const { dir, db } = sweepDir();
  const file = writeGradedSweep(dir, 'graded', '', [0.1, 0.03, 0.01, 0.003, 0.0005]);
  const stop = new AbortController();
  const started = { minFolds: 4, tests: 1, alpha: 0.05, stopDiverged: true };
  await runSweep(file, { db, workers: 1, race: started, signal: stop.signal, onStart: () => stop.abort('SIGTERM') });

  const again = new AbortController();
  const notices: string[] = [];
  let raced: RaceSettings | null | undefined;
  const resumed = await runSweep(file, {
    db,
    workers: 1,
    race: { minFolds: 2, tests: 3, alpha: 0.05, stopDiverged: true },
    signal: again.signal,
    onNotice: (line) => notices.push(line),
    onStart: (s) => ((raced = s.race), again.abort('SIGTERM')),
  });
  assert.equal(resumed.outcome, 'interrupted');
  assert.deepEqual(raced, started, 'the stored settings, not the asked ones');
  assert.deepEqual(JSON.parse(query<{ race: string }>(db, 'SELECT race FROM sweeps')[0].race) as RaceSettings, started, 'the stored settings unchanged');
  assert.ok(
    notices.includes('sweep "graded" races with the settings it started with (minFolds 4, tests 1, alpha 0.05, stopDiverged true), not minFolds 2, tests 3, alpha 0.05, stopDiverged true: one sweep keeps one racing rule'),
    notices.join('\n'),
  );
});
