import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli, tempDir } from '../helpers.js';
import { query, startRun, sweepDir, writeSweep } from '../runner/runner-fixture.js';

let db = '';
let keys: string[] = [];
before(async () => {
  const made = sweepDir();
  db = made.db;
  const file = writeSweep(made.dir, 'insp', 3, 2);
  const r = await startRun([file, '--db', db, '--quiet']).done;
  assert.equal(r.code, 0, r.stderr);
  keys = query<{ trial_key: string }>(db, 'SELECT trial_key FROM trials ORDER BY id').map((t) => t.trial_key);
  // The same configurations in a second sweep share their keys: a prefix is then ambiguous.
  const copy = writeSweep(made.dir, 'insp-copy', 3, 2);
  assert.equal((await startRun([copy, '--db', db, '--quiet']).done).code, 0);
});

test('show: configuration and every fold, by key prefix', () => {
  const r = runCli(['show', keys[0].slice(0, 6), '--db', db, '--sweep', 'insp', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.trialKey, keys[0]);
  assert.equal(out.folds.length, 10);
  assert.deepEqual(Object.keys(out.folds[0]), ['fold', 'repeat', 'accuracy', 'loss', 'trainLoss', 'epochsRun', 'diverged', 'seconds', 'engine', 'backend', 'seed', 'balancedAccuracy', 'macroF1', 'logLoss', 'rocAuc']);
  assert.equal(out.folds[0].engine, 'fused');
  assert.equal(out.folds[0].backend, 'wasm-simd');
  assert.equal(out.config.hidden.join('-'), '20-10');
  const text = runCli(['show', keys[0], '--db', db, '--sweep', 'insp']).stdout;
  assert.match(text, new RegExp(`^trial ${keys[0]} in sweep insp: done`));
});

test('compare: paired differences and the corrected test', () => {
  const r = runCli(['compare', keys[0], keys[1], '--db', db, '--sweep', 'insp', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.pairs.length, 10);
  assert.equal(out.df, 9);
  for (const p of out.pairs) assert.ok(Math.abs(p.difference - (p.a - p.b)) < 1e-15);
  assert.ok(out.p === null || (out.p >= 0 && out.p <= 1));
});

test('effects: a mean per value of each swept dimension', () => {
  const out = JSON.parse(runCli(['effects', '--db', db, '--sweep', 'insp', '--format', 'json']).stdout);
  assert.deepEqual(out.effects.map((e: { dimension: string }) => e.dimension), ['lr', 'lr', 'lr']);
  assert.ok(out.effects.every((e: { trials: number }) => e.trials === 1));
  assert.deepEqual(out.pivot.columns, ['none']);
});

test('query is read-only; export has every fold with its configuration', () => {
  const ok = runCli(['query', "SELECT count(*) AS n FROM fold_results r JOIN trials t ON t.id = r.trial_id JOIN sweeps s ON s.id = t.sweep_id WHERE s.name = 'insp'", '--db', db, '--format', 'json']);
  assert.deepEqual(JSON.parse(ok.stdout), [{ n: 30 }]);
  const write = runCli(['query', 'DELETE FROM fold_results', '--db', db]);
  assert.equal(write.code, 2);
  assert.match(write.stderr, /^dropsweep: query: only statements that return rows/);
  const sneaky = runCli(['query', 'DELETE FROM fold_results RETURNING id', '--db', db]);
  assert.equal(sneaky.code, 2);
  // Refused before it runs: SQLite says the statement writes, though it returns rows.
  assert.match(sneaky.stderr, /^dropsweep: query: only statements that return rows and write nothing are allowed/);
  assert.equal(query<{ n: number }>(db, 'SELECT count(*) AS n FROM fold_results')[0].n, 60, 'nothing deleted');
  const bad = runCli(['query', 'SELEC 1', '--db', db]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^dropsweep: query: near "SELEC": syntax error\n$/);

  const csv = runCli(['export', '--db', db, '--sweep', 'insp']).stdout.trim().split('\n');
  assert.equal(csv.length, 31);
  assert.match(csv[0], /^sweep,trial_key,label,placement,dropout,max_norm,lr,momentum,epochs,batch_size,hidden,fold,repeat,accuracy/);
  assert.equal(JSON.parse(runCli(['export', '--db', db, '--sweep', 'insp', '--format', 'json']).stdout).length, 30);
});

test('bad input: unknown or ambiguous trial, another database, a missing file', () => {
  const unknown = runCli(['show', 'ffffffff', '--db', db]);
  assert.equal(unknown.code, 2);
  assert.equal(unknown.stderr, 'dropsweep: no trial with key ffffffff...\n');
  const notKey = runCli(['show', 'best', '--db', db]);
  assert.equal(notKey.stderr, 'dropsweep: "best" is not a trial key (up to 16 hex digits, or SWEEP/KEY; see dropsweep leaderboard)\n');
  const ambiguous = runCli(['show', keys[0].slice(0, 4), '--db', db]);
  assert.equal(ambiguous.code, 2);
  assert.equal(ambiguous.stderr, `dropsweep: trial ${keys[0].slice(0, 4)} is in 2 sweeps; name one as SWEEP/KEY: insp/${keys[0].slice(0, 6)}, insp-copy/${keys[0].slice(0, 6)}\n`);
  const whole = runCli(['show', keys[0], '--db', db]);
  assert.equal(whole.code, 2, 'the whole key is still ambiguous across sweeps, and says so');
  assert.match(whole.stderr, /is in 2 sweeps; name one as SWEEP\/KEY/);
  assert.equal(runCli(['show', keys[0].slice(0, 4), '--db', db, '--sweep', 'insp-copy']).code, 0);
  const addressed = runCli(['show', `insp-copy/${keys[0].slice(0, 4)}`, '--db', db, '--format', 'json']);
  assert.equal(addressed.code, 0, addressed.stderr);
  assert.equal(JSON.parse(addressed.stdout).sweep, 'insp-copy');
  assert.equal(runCli(['show', `nosuch/${keys[0].slice(0, 4)}`, '--db', db]).stderr, `dropsweep: "nosuch/${keys[0].slice(0, 4)}": no sweep named "nosuch"\n`);
  const emptyPrefix = runCli(['compare', '', keys[0], '--db', db]);
  assert.equal(emptyPrefix.code, 2);

  const dir = tempDir();
  const other = join(dir, 'other.sqlite');
  const d = new Database(other);
  d.exec('CREATE TABLE t (x)');
  d.close();
  const notOurs = runCli(['leaderboard', '--db', other]);
  assert.equal(notOurs.stderr, `dropsweep: ${other}: not a dropsweep database (it has other tables)\n`);
  const missing = runCli(['export', '--db', join(dir, 'none.sqlite')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no database here/);
  const text = join(dir, 'text.sqlite');
  writeFileSync(text, 'hello, this is not a database at all, but it is long enough for a header');
  const notDb = runCli(['effects', '--db', text]);
  assert.equal(notDb.code, 2);
  assert.equal(notDb.stderr, `dropsweep: ${text}: not a SQLite database; nothing was changed\n`);
  const unwritable = runCli(['report', '--db', db, '--out', join(text, 'r.html')]);
  assert.equal(unwritable.code, 2);
  assert.match(unwritable.stderr, /r\.html: cannot write \(EEXIST\)/);
});
