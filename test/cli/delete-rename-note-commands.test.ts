import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { runSweep } from '../../src/index.js';
import { CLI, runCli } from '../helpers.js';
import { query, sweepDir, waitFor, writeSweep } from '../runner/runner-fixture.js';

/** `delete` on a terminal (through script(1), which gives the command a pseudo-terminal): asks, and answers y or anything else. */
async function deleteOnTerminal(db: string, sweep: string, answer: string): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, CLI, 'delete', '--sweep', sweep, '--db', db].map((a) => `'${a}'`).join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await waitFor(() => output.includes('[y/N]') || child.exitCode !== null, 30_000, 'the question');
  child.stdin.write(`${answer}\n`);
  return { code: await done, output };
}

const sweeps = (db: string) => query<{ name: string }>(db, 'SELECT name FROM sweeps ORDER BY id').map((r) => r.name);

test('delete: off a terminal without --yes one line and exit 2; on a terminal it asks, n keeps the sweep (exit 1), y deletes it; --yes asks nothing', async () => {
  const { dir, db } = sweepDir();
  for (const name of ['a', 'b', 'c']) assert.equal((await runSweep(writeSweep(dir, name, 2, 2), { db, workers: 1 })).outcome, 'completed');
  const refused = runCli(['delete', '--sweep', 'a', '--db', db]);
  assert.deepEqual([refused.code, refused.stdout, refused.stderr], [2, '', 'dropsweep: delete: stdin is not a terminal, so nobody can confirm; to delete sweep "a", add --yes\n']);
  assert.deepEqual(sweeps(db), ['a', 'b', 'c']);

  const kept = await deleteOnTerminal(db, 'a', 'n');
  assert.equal(kept.code, 1);
  assert.match(kept.output, /delete sweep "a" \(2 trial\(s\), 20 fold result\(s\)\) from .*r\.sqlite\? This cannot be undone\. \[y\/N\]/);
  assert.match(kept.output, /nothing deleted/);
  assert.deepEqual(sweeps(db), ['a', 'b', 'c']);

  const gone = await deleteOnTerminal(db, 'a', 'y');
  assert.equal(gone.code, 0, gone.output);
  assert.match(gone.output, /deleted sweep a from .*: 2 trial\(s\), 20 fold result\(s\), 0 note\(s\)/);
  assert.deepEqual(sweeps(db), ['b', 'c']);

  const yes = runCli(['delete', '--sweep', 'b', '--db', db, '--yes']);
  assert.deepEqual([yes.code, yes.stdout, yes.stderr], [0, `deleted sweep b from ${db}: 2 trial(s), 20 fold result(s), 0 note(s)\n`, '']);
  assert.deepEqual(sweeps(db), ['c']);
  assert.equal(query<{ n: number }>(db, 'SELECT count(*) AS n FROM fold_results')[0].n, 20, "c's folds stay");
  const unknown = runCli(['delete', '--sweep', 'b', '--db', db, '--yes']);
  assert.deepEqual([unknown.code, unknown.stderr], [2, `dropsweep: unknown sweep "b" in ${db}; did you mean "c"? (sweeps: c)\n`]);
  const missing = runCli(['delete', '--db', db, '--yes']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^dropsweep: required option '--sweep <name>' not specified\n$/);
});

test('rename: the sweep and its confirmation take the new names; a taken or bad name is one line, exit 2, nothing renamed', async () => {
  const { dir, db } = sweepDir();
  assert.equal((await runSweep(writeSweep(dir, 'old', 2, 2), { db, workers: 1 })).outcome, 'completed');
  assert.equal((await runSweep(writeSweep(dir, 'old-confirm', 1, 2), { db, workers: 1 })).outcome, 'completed');
  assert.equal((await runSweep(writeSweep(dir, 'taken', 1, 2), { db, workers: 1 })).outcome, 'completed');
  const taken = runCli(['rename', '--sweep', 'old', '--to', 'taken', '--db', db]);
  assert.deepEqual([taken.code, taken.stderr], [2, `dropsweep: option --to: a sweep named "taken" is already in ${db}; delete or rename it first\n`]);
  const bad = runCli(['rename', '--sweep', 'old', '--to', '../x', '--db', db]);
  assert.deepEqual([bad.code, bad.stderr], [2, 'dropsweep: option --to: "../x" is not a name of letters, digits, ".", "_" or "-" (at most 64)\n']);
  assert.deepEqual(sweeps(db), ['old', 'old-confirm', 'taken']);
  const ok = runCli(['rename', '--sweep', 'old', '--to', 'night', '--db', db]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout, `renamed sweep old to night in ${db}, and its confirmation old-confirm to night-confirm\nto resume it from its sweep file, set name: night in the file\n`);
  assert.deepEqual(sweeps(db), ['night', 'night-confirm', 'taken']);
  // The sweep file saying name: night resumes the renamed sweep: nothing new to train.
  const again = await runSweep(writeSweep(dir, 'night', 2, 2), { db, workers: 1 });
  assert.equal(again.fitsThisRun, 0);
  assert.deepEqual(sweeps(db), ['night', 'night-confirm', 'taken']);
});

test('note: written on a trial and on a sweep, shown by show (table and json), replaced, removed with --clear; mistakes exit 2', async () => {
  const { dir, db } = sweepDir();
  assert.equal((await runSweep(writeSweep(dir, 'n', 2, 2), { db, workers: 1 })).outcome, 'completed');
  const key = query<{ trial_key: string }>(db, 'SELECT trial_key FROM trials ORDER BY id')[0].trial_key;
  const w = runCli(['note', '--sweep', 'n', '--trial', key.slice(0, 8), 'lr too high?\nsee fold 3', '--db', db]);
  assert.deepEqual([w.code, w.stdout], [0, `wrote the note on trial n/${key}\n`]);
  assert.deepEqual(runCli(['note', '--sweep', 'n', 'a sweep to keep', '--db', db]).stdout, 'wrote the note on sweep n\n');
  const shown = runCli(['show', `n/${key}`, '--db', db]);
  assert.match(shown.stdout, /\n {2}note \(\d{4}-\d\d-\d\dT[\d:.]+Z\): lr too high\?\n {4}see fold 3\n/);
  const json = JSON.parse(runCli(['show', `n/${key}`, '--db', db, '--format', 'json']).stdout) as { note: string; noteAt: string };
  assert.equal(json.note, 'lr too high?\nsee fold 3');
  assert.deepEqual(runCli(['note', '--sweep', 'n', '--trial', key, 'better', '--db', db]).stdout, `replaced the note on trial n/${key}\n`);
  assert.deepEqual(runCli(['note', '--sweep', 'n', '--trial', key, '--clear', '--db', db]).stdout, `removed the note on trial n/${key}\n`);
  assert.equal((JSON.parse(runCli(['show', `n/${key}`, '--db', db, '--format', 'json']).stdout) as { note: null }).note, null);
  for (const [args, line] of [
    [['note', '--sweep', 'n', '--db', db], 'dropsweep: note: missing the text (to remove a note, --clear)\n'],
    [['note', '--sweep', 'n', 'x', '--clear', '--db', db], 'dropsweep: note: give the text or --clear, not both\n'],
    [['note', '--sweep', 'n', 'bell\u0007', '--db', db], 'dropsweep: note: the text has a control character (a terminal would act on it)\n'],
    [['note', '--sweep', 'm', 'x', '--db', db], `dropsweep: unknown sweep "m" in ${db}; did you mean "n"? (sweeps: n)\n`],
  ] as const) {
    const r = runCli([...args]);
    assert.deepEqual([r.code, r.stdout, r.stderr], [2, '', line], args.join(' '));
  }
  assert.deepEqual(query(db, 'SELECT text FROM notes'), [{ text: 'a sweep to keep' }]);
});
