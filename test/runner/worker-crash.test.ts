import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planSweep } from '../../src/sweep/planner.js';
import { parseSweepText } from '../../src/sweep/parse.js';
import { readFileSync } from 'node:fs';
import { query, startRun, sweepDir, writeSweep } from './runner-fixture.js';

for (const kind of ['exit', 'throw'] as const) {
  test(`a worker that ${kind === 'exit' ? 'dies' : 'throws'} loses only its pack; the trial fails after its attempts, the sweep goes on`, async () => {
    const { dir, db } = sweepDir();
    const file = writeSweep(dir, `crash-${kind}`, 4, 2);
    const victim = planSweep(parseSweepText(readFileSync(file, 'utf8'), file, ['tfjs'])).trials[1].key;
    const r = await startRun([file, '--db', db, '--workers', '2', '--pack', '10', '--max-attempts', '2', '--quiet'], { DROPSWEEP_FAULT: `${kind}:${victim}` }).done;
    assert.equal(r.code, 1, 'a failed trial makes a non-zero exit');
    const trials = query<{ trial_key: string; state: string; attempts: number; error: string | null }>(db, 'SELECT trial_key, state, attempts, error FROM trials ORDER BY id');
    for (const t of trials) {
      if (t.trial_key === victim) {
        assert.equal(t.state, 'failed');
        assert.equal(t.attempts, 2);
        assert.ok(t.error && t.error.length > 0, 'the error is kept');
      } else {
        assert.equal(t.state, 'done', `trial ${t.trial_key}`);
      }
    }
    assert.equal(query<{ n: number }>(db, 'SELECT count(*) AS n FROM fold_results')[0].n, 30);

    const retried = await startRun([file, '--db', db, '--workers', '1', '--retry-failed', '--quiet']).done;
    assert.equal(retried.code, 0, retried.stderr);
    assert.equal(query<{ n: number }>(db, "SELECT count(*) AS n FROM trials WHERE state = 'done'")[0].n, 4);
    assert.equal(query<{ n: number }>(db, 'SELECT count(*) AS n FROM fold_results')[0].n, 40);
  });
}
