// SQL mutants of the store protocol, run by `npm run mutate` after Stryker. Stryker mutates
// TypeScript: the SQL inside a statement's string is one literal to it (emptied, which any test
// that runs the statement notices). The statements below give racing its scores, decide who
// holds a lease and what a run counted, so each gets the mutants a reviewer would worry about,
// applied to each dialect's compiled sql.js in turn; the store tests that use the statement must
// fail (SQLite, then PostgreSQL when DROPSWEEP_TEST_PG_URL names a server).
//
// Usage: node scripts/mutate-sql.js (after tsc -p tsconfig.mutate.json); exits 0, prints the score
// and every survivor. DROPSWEEP_SQL_MUTANT=<n> runs one.
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const TESTS = {
  race: ['racing-in-pack'],
  lease: ['conformance', 'leases-from-another-host'],
  counts: ['work-counts', 'conformance'],
  copy: ['copy-protocol'],
};

/**
 * [statement, what it becomes, the text in it, its replacement, tests]; a mutant whose text a
 * dialect does not have is not tried there. Left out as equivalent under the store's invariants
 * (docs/mutation-testing.md): `AND state = 'running'` in pruneTrial (only
 * trials the fence just found running are raced) and in heartbeat (a trial that leaves 'running'
 * loses its owner).
 */
const MUTANTS = [
  // Racing's reference (the complete trial best on the folds a trial has not run) is chosen in
  // TypeScript, src/store/core/packs.ts, over these scores: Stryker mutates that.
  ['scoresOf', 'the diverged folds are left out of the scores', 'FROM fold_results WHERE trial_id', 'FROM fold_results WHERE accuracy IS NOT NULL AND trial_id', TESTS.race],
  ['claim', 'a claim does not bump the token', 'lease_token = lease_token + 1', 'lease_token = lease_token', TESTS.lease],
  ['claim', 'a claim does not bump the token', 'lease_token = t.lease_token + 1', 'lease_token = t.lease_token', TESTS.lease],
  ['claim', 'a fresh lease is taken over', 'heartbeat_at < @now - @lease_seconds', 'heartbeat_at < @now + @lease_seconds', TESTS.lease],
  ['claim', 'a fresh lease is taken over', 'heartbeat_at < ${NOW} - @lease_seconds', 'heartbeat_at < ${NOW} + @lease_seconds', TESTS.lease],
  ['claim', "a dead owner's lease is not taken over", 'OR lease_owner IN (SELECT value FROM json_each(@dead_owners))', '', TESTS.lease],
  ['claim', "a dead owner's lease is not taken over", 'OR lease_owner = ANY(@dead_owners::text[])', '', TESTS.lease],
  ['claim', 'a failed trial is claimed', "(state = 'pending'", "(state IN ('pending', 'failed')", TESTS.lease],
  ['claim', 'claims ignore the limit', 'ORDER BY id LIMIT @limit', 'ORDER BY id', TESTS.lease],
  ['leasesOf', 'the fence sees no lease', 'SELECT id, lease_owner, lease_token, state FROM trials WHERE', 'SELECT id, lease_owner, lease_token, state FROM trials WHERE false AND', TESTS.lease],
  ['releaseTrial', 'a release ignores the token', 'AND lease_token = @token AND', 'AND', TESTS.lease],
  ['failAttempt', 'an attempt is charged under an old token', 'AND lease_owner = @owner AND lease_token = @token RETURNING', 'AND lease_owner = @owner RETURNING', TESTS.lease],
  ['release', 'release frees every owner', "WHERE lease_owner = @owner AND state = 'running'", "WHERE state = 'running'", TESTS.lease],
  ['countRunWork', 'refused fits are not counted', 'fits_fenced = fits_fenced + @refused', 'fits_fenced = fits_fenced', TESTS.counts],
  ['countRunWork', 'an older trained count lowers it', 'max(coalesce(fits_trained, 0), @trained)', '@trained', TESTS.counts],
  ['countRunWork', 'an older trained count lowers it', 'greatest(coalesce(fits_trained, 0), @trained)', '@trained', TESTS.counts],
  ['countRunWork', 'stored counts the pack, not the rows', 'fits_done = fits_done + @stored', 'fits_done = fits_done + @stored + @refused', TESTS.counts],
  ['adoptTrialState', 'copy overwrites a trial that is not pending', "AND trial_key = @trial_key AND state = 'pending'", 'AND trial_key = @trial_key', TESTS.copy],
];

const FILES = { sqlite: 'dist/src/store/sqlite/sql.js', postgres: 'dist/src/store/postgres/sql.js' };

/**
 * The compiled file with `from` replaced inside `statement` only (its key up to the next key), null
 * when the statement has no such text, undefined when the dialect has no such statement.
 */
function mutate(text, statement, from, to) {
  const start = text.indexOf(`\n    ${statement}: `);
  if (start < 0) return undefined;
  const next = text.slice(start + 1).search(/\n {4}\w+: /);
  const end = next < 0 ? text.length : start + 1 + next;
  const at = text.indexOf(from, start);
  if (at < 0 || at >= end) return null;
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** True when the tests fail on this dialect with the mutant in place (run in one process by the mutation test command). */
function killed(dialect, tests) {
  const files = tests.map((t) => resolve(`dist/test/store/${t}.test.js`));
  const env = { ...process.env, DROPSWEEP_TEST_STORES: dialect, DROPSWEEP_MUTATION_FILES: files.join('\n') };
  return spawnSync(process.execPath, ['--test-reporter=./scripts/mutation-reporter.js', resolve('scripts/mutation-tests.js'), 'store'], { stdio: 'ignore', env }).status !== 0;
}

const only = process.env.DROPSWEEP_SQL_MUTANT;
const survivors = [];
const stale = new Set();
let tried = 0;
const started = Date.now();
for (const [dialect, file] of Object.entries(FILES)) {
  if (dialect === 'postgres' && !process.env.DROPSWEEP_TEST_PG_URL) {
    console.log('no DROPSWEEP_TEST_PG_URL: the PostgreSQL statements are not mutated');
    continue;
  }
  const original = readFileSync(file, 'utf8');
  const backup = `${file}.orig`;
  copyFileSync(file, backup);
  try {
    MUTANTS.forEach(([statement, what, from, to, tests], n) => {
      if (only !== undefined && Number(only) !== n) return;
      const changed = mutate(original, statement, from, to);
      // A statement the protocol no longer has: said at the end, so a stale mutant list shows.
      if (changed === undefined) return void stale.add(`${dialect} ${statement}`);
      if (changed === null) return;
      tried++;
      writeFileSync(file, changed);
      const dead = killed(dialect, tests);
      if (!dead) survivors.push(`${dialect} ${statement}: ${what} (${from} -> ${to || 'removed'})`);
      process.stdout.write(dead ? '.' : 'S');
    });
  } finally {
    copyFileSync(backup, file);
    rmSync(backup);
  }
}
const score = tried ? (100 * (tried - survivors.length)) / tried : 0;
console.log(`\nSQL mutants: ${tried - survivors.length} of ${tried} killed (${score.toFixed(1)}%) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
for (const s of survivors) console.log(`  survived: ${s}`);
for (const s of stale) console.log(`  not tried: ${s} is not a statement of the dialect any more (its mutants need rewriting)`);
