import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHash } from 'node:crypto';
import { canonicalJson, trialKey } from '../../src/sweep/canonical.js';
import { planSweep } from '../../src/sweep/planner.js';
import { DEFAULT_PROTOCOL, type SweepSpec } from '../../src/sweep/spec.js';
import { config } from '../helpers.js';

// What a trial is when the sweep file leaves settings out, and the key it is stored under. Keys
// live in users' databases: resuming a sweep finds its finished trials by them, so the form
// that is hashed must not drift.

const spec = (over: Partial<SweepSpec>): SweepSpec => ({
  name: 's',
  data: 'sonar',
  seed: 7,
  folds: 10,
  repeats: 1,
  protocol: { ...DEFAULT_PROTOCOL, hidden: [...DEFAULT_PROTOCOL.hidden] },
  ...over,
});

test('a trial key is the first 16 hex digits of the SHA-256 of a fixed JSON form', () => {
  // Written out by hand: key order hidden, placement, dropout, maxNorm, lr, momentum, epochs, batchSize.
  const form = '{"hidden":[60,30],"placement":"visible","dropout":0.2,"maxNorm":3,"lr":0.1,"momentum":0.9,"epochs":300,"batchSize":16}';
  const c = config({ placement: 'visible', dropout: 0.2, maxNorm: 3, lr: 0.1, momentum: 0.9, epochs: 300 });
  assert.equal(canonicalJson(c), form);
  assert.equal(trialKey(c), createHash('sha256').update(form).digest('hex').slice(0, 16));
  assert.match(trialKey(c), /^[0-9a-f]{16}$/);
});

test('settings a trial leaves out come from the protocol; placement defaults to none, which ignores the rate', () => {
  const protocol = { epochs: 40, batchSize: 8, hidden: [12], lr: 0.05, momentum: 0.5 };
  const p = planSweep(spec({ protocol, trials: [{ name: 'bare' }, { dropout: 0.3 }, { placement: 'hidden', dropout: 0.3, epochs: 7, batchSize: 3, hidden: [5, 5], momentum: 0.1, lrMultiplier: 2 }] }));
  assert.deepEqual(
    p.trials.map((t) => t.config),
    [
      { hidden: [12], placement: 'none', dropout: 0, maxNorm: null, lr: 0.05, momentum: 0.5, epochs: 40, batchSize: 8 },
      { hidden: [5, 5], placement: 'hidden', dropout: 0.3, maxNorm: null, lr: 0.1, momentum: 0.1, epochs: 7, batchSize: 3 },
    ],
  );
  assert.equal(p.collapsed, 1, '{dropout: 0.3} with no placement is the same model as the bare trial');
});

test('a named trial keeps its name when grid points coincide with it', () => {
  const p = planSweep(spec({ trials: [{ name: 'mine', placement: 'hidden', dropout: 0.2 }], grid: { placement: ['visible', 'hidden'], dropout: [0.2] } }));
  assert.deepEqual(
    p.trials.map((t) => [t.label, t.config.placement]),
    [
      ['mine', 'hidden'],
      [undefined, 'visible'],
    ],
  );
  assert.ok(!('label' in p.trials[1]), 'a grid point has no label key at all');
  assert.equal(p.collapsed, 1);
});

test('the counts: explicit trials as written, grid points as crossed, fold fits = distinct trials x folds x repeats', () => {
  const gridOnly = planSweep(spec({ folds: 4, repeats: 2, grid: { dropout: [0, 0.5], placement: ['visible', 'hidden'] } }));
  // 2 x 2 points; the two dropout-0 points are one model: 3 trials.
  assert.equal(gridOnly.explicitTrials, 0);
  assert.equal(gridOnly.gridPoints, 4);
  assert.equal(gridOnly.trials.length, 3);
  assert.equal(gridOnly.foldFits, 3 * 4 * 2);
  const trialsOnly = planSweep(spec({ trials: [{ lr: 0.1 }, { lr: 0.2 }, { lr: 0.1 }] }));
  assert.equal(trialsOnly.explicitTrials, 3);
  assert.equal(trialsOnly.gridPoints, 0);
  assert.equal(trialsOnly.trials.length, 2);
  assert.equal(trialsOnly.collapsed, 1);
});
