import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers.js';
import { startRun, sweepDir } from '../runner/runner-fixture.js';
import { derivedSweep } from '../serve/chart-sweeps.js';

type Effect = { dimension: string; value: string | number | null; bin: { low: number; high: number } | null; trials: number };

test('effects on random search: drawn settings in quantile bins (floor(n/8), 2 to 5), said so; listed settings one row per value', async () => {
  const { dir, db } = sweepDir();
  const file = derivedSweep(dir, 'random-search.yaml', { epochs: 2, hidden: [8] }, { trials: 40 });
  assert.equal((await startRun([file, '--db', db, '--quiet']).done).code, 0);
  const r = runCli(['effects', '--db', db, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { effects: Effect[]; binning: string; pivot: { rows: (string | number)[] } };
  const complete = JSON.parse(runCli(['leaderboard', '--db', db, '--format', 'json']).stdout).filter((x: { status: string }) => x.status === 'complete').length;
  assert.ok(complete >= 16, `${complete} complete trials`);
  const bins = Math.max(2, Math.min(5, Math.floor(complete / 8)));
  for (const d of ['dropout', 'lr']) {
    const rows = out.effects.filter((e) => e.dimension === d);
    assert.ok(rows.length <= bins && rows.length >= 2, `${d}: ${rows.length} bins, at most ${bins}`);
    assert.equal(rows.reduce((s, e) => s + e.trials, 0), complete, `${d}: every complete trial in one bin`);
    for (let i = 0; i < rows.length; i++) {
      const b = rows[i].bin!;
      assert.ok(b.low <= b.high, `${d} bin ${i}`);
      if (i > 0) assert.ok(rows[i - 1].bin!.high < b.low, `${d}: bins do not overlap`);
      assert.match(String(rows[i].value), /^[\d.e-]+(-[\d.e-]+)?$/, 'labelled by its range');
    }
    assert.ok(Math.max(...rows.map((e) => e.trials)) - Math.min(...rows.map((e) => e.trials)) <= Math.ceil(complete / rows.length), `${d}: bins about equally full`);
  }
  const placements = out.effects.filter((e) => e.dimension === 'placement');
  assert.deepEqual(placements.map((e) => [e.value, e.bin]), [['both', null], ['hidden', null], ['visible', null]].filter(([v]) => placements.some((p) => p.value === v)));
  assert.equal(out.binning, 'dropout, lr: quantile bins: ⌊n/8⌋ of them (2 to 5), each with about the same number of trials');
  assert.ok(out.pivot.rows.every((x) => typeof x === 'string'), 'the dropout x placement pivot by dropout bin');
  const md = runCli(['effects', '--db', db, '--format', 'markdown']).stdout;
  assert.match(md, /\|\n\nbinned \(drawn from ranges, one row per drawn value would be noise\): dropout, lr: quantile bins/, 'the note after a blank line, not as a table row');
});
