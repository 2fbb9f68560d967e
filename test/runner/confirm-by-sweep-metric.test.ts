import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { CLI } from '../helpers.js';
import { LOG_LOSS_TRIALS as T, logLossSweep, mean } from '../report/log-loss-sweep.js';
import { query } from './runner-fixture.js';

/** Two-sided 95% quantile of Student's t with 3 degrees of freedom (tables: 3.182446). */
const T_975_3 = 3.182446305284263;

test("confirm on a sweep ranked by log loss: the top K are the lowest log losses, the confirmation ranks by it, and each confirmed mean and interval is of log loss", async () => {
  const { db, keys } = await logLossSweep();
  const r = spawnSync(process.execPath, [CLI, 'confirm', '--db', db, '--sweep', 'calib', '--top', '1', '--repeats', '1', '--workers', '1', '--format', 'json', '--quiet'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as {
    metric: string;
    sweep: string;
    picked: { trialKey: string }[];
    confirmed: { trialKey: string; sweepMean: number; mean: number; low: number; high: number; drop: number; cells: number; df: number }[];
  };
  assert.equal(out.metric, 'log_loss');
  // By accuracy the top trial would be A; by log loss it is B.
  assert.deepEqual(out.picked.map((p) => p.trialKey), [keys.B]);
  const spec = JSON.parse(query<{ spec: string }>(db, 'SELECT spec FROM sweeps WHERE name = ?', out.sweep)[0].spec) as { metric?: string };
  assert.equal(spec.metric, 'log_loss', 'the confirmation ranks by the metric its trials were chosen by');

  // The reference from the stored folds: mean of the r k = 4 log losses, s^2 their sample variance
  // (no floor: half a held-out row squared is a step of accuracy), se = sqrt((1/4 + 1/3) s^2),
  // mean -/+ t(0.975, 3) se; the drop is how much worse it did: confirmed minus sweep log loss.
  const cells = query<{ log_loss: number }>(db, 'SELECT r.log_loss FROM fold_results r JOIN trials t ON t.id = r.trial_id JOIN sweeps s ON s.id = t.sweep_id WHERE s.name = ?', out.sweep).map((x) => x.log_loss);
  assert.equal(cells.length, 4);
  const m = mean(cells);
  const s2 = cells.reduce((a, b) => a + (b - m) ** 2, 0) / 3;
  const se = Math.sqrt((1 / 4 + 1 / 3) * s2);
  const [c] = out.confirmed;
  const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} vs ${b}`);
  close(c.mean, m, 'mean');
  close(c.low, m - T_975_3 * se, 'low');
  close(c.high, m + T_975_3 * se, 'high');
  close(c.sweepMean, mean(T.B.log_loss), 'sweep mean');
  close(c.drop, m - mean(T.B.log_loss), 'drop');
  assert.deepEqual([c.cells, c.df], [4, 3]);

  const text = spawnSync(process.execPath, [CLI, 'confirm', '--db', db, '--sweep', 'calib', '--top', '1', '--repeats', '1', '--quiet'], { encoding: 'utf8' });
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /confirmed log_loss \(lower is better\): mean over the new cells/);
  assert.match(text.stdout, new RegExp(`${keys.B.slice(0, 10)}: rank 1 \\(0\\.3050\\) in calib -> confirmed ${m.toFixed(4)} \\[${(m - T_975_3 * se).toFixed(4)}, ${(m + T_975_3 * se).toFixed(4)}\\] over 4 cells, (worse|better) by \\d\\.\\d{4}`));
  assert.match(text.stdout, /log_loss \(lower better\)/, 'the confirmation\'s table is ranked by log loss too');
});
