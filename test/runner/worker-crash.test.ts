import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planSweep } from '../../src/sweep/planner.js';
import { ENGINES } from '../../src/engine/train.js';
import { parseSweepText } from '../../src/sweep/parse.js';
import { readFileSync } from 'node:fs';
import { query, startRun, sweepDir, writeSweep } from './runner-fixture.js';

for (const kind of ['exit', 'throw'] as const) {
  test(`a worker that ${kind === 'exit' ? 'dies' : 'throws'} fails exactly its own trial: pack mates are retried apart, uncharged; the sweep goes on`, async () => {
    const { dir, db } = sweepDir();
    const file = writeSweep(dir, `crash-${kind}`, 4, 2);
    const victim = planSweep(parseSweepText(readFileSync(file, 'utf8'), file, ENGINES)).trials[1].key;
    // Packs of 15 mix trials: the victim's folds share packs with healthy trials' folds.
    const r = await startRun([file, '--db', db, '--workers', '2', '--pack', '15', '--max-attempts', '2', '--quiet'], { DROPSWEEP_FAULT: `${kind}:${victim}` }).done;
    assert.equal(r.code, 1, 'a failed trial makes a non-zero exit');
    const trials = query<{ trial_key: string; state: string; attempts: number; error: string | null }>(db, 'SELECT trial_key, state, attempts, error FROM trials ORDER BY id');
    for (const t of trials) {
      if (t.trial_key === victim) {
        assert.equal(t.state, 'failed');
        assert.equal(t.attempts, 2);
        assert.ok(t.error && t.error.length > 0, 'the error is kept');
        assert.match(t.error!, kind === 'throw' ? new RegExp(`injected fault for trial ${victim}`) : /exit|terminat/i, 'its own error');
      } else {
        assert.deepEqual(t, { trial_key: t.trial_key, state: 'done', attempts: 0, error: null }, 'a pack mate is never charged or blamed');
      }
    }
    assert.equal(query<{ n: number }>(db, 'SELECT count(*) AS n FROM fold_results')[0].n, 30);

    const retried = await startRun([file, '--db', db, '--workers', '1', '--retry-failed', '--quiet']).done;
    assert.equal(retried.code, 0, retried.stderr);
    assert.equal(query<{ n: number }>(db, "SELECT count(*) AS n FROM trials WHERE state = 'done'")[0].n, 4);
    assert.equal(query<{ n: number }>(db, 'SELECT count(*) AS n FROM fold_results')[0].n, 40);
  });
}
