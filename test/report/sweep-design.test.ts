import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeDesign, sweepDesign } from '../../src/report/design.js';
import type { TrialSettings } from '../../src/sweep/scores.js';

const row = (s: Partial<TrialSettings>): TrialSettings => ({ placement: 'visible', dropout: 0.2, maxNorm: null, lr: 0.01, momentum: 0.8, epochs: 300, batchSize: 16, hidden: '60-30', ...s });

test('random search: settings drawn from ranges are continuous (log when drawn log-uniformly, lr from an lrMultiplier range), lists stay categorical', () => {
  const spec = { sampler: 'random', samples: 3, protocol: { lr: 0.01 }, grid: { placement: ['visible', 'hidden', 'both'], maxNorm: [null, 3] }, ranges: { dropout: { min: 0.05, max: 0.5 }, lrMultiplier: { min: 1, max: 100, log: true } } };
  const rows = [row({ dropout: 0.07, lr: 0.012, placement: 'both' }), row({ dropout: 0.3, lr: 0.5, maxNorm: 3 }), row({ dropout: 0.45, lr: 0.09, placement: 'hidden' })];
  const d = sweepDesign(spec, rows);
  assert.equal(d.sampler, 'random');
  assert.equal(d.samples, 3);
  const by = Object.fromEntries(d.settings.map((s) => [s.key, s]));
  assert.deepEqual(Object.keys(by), ['placement', 'dropout', 'maxNorm', 'lr']);
  assert.deepEqual([by.dropout.continuous, by.dropout.log, by.dropout.range], [true, false, { min: 0.05, max: 0.5 }]);
  assert.deepEqual([by.lr.continuous, by.lr.log, by.lr.range], [true, true, { min: 0.01, max: 1 }]);
  assert.deepEqual([by.placement.continuous, by.placement.values], [false, ['visible', 'hidden', 'both']], 'placements in their usual order');
  assert.deepEqual([by.maxNorm.continuous, by.maxNorm.values], [false, [null, 3]]);
  assert.equal(
    describeDesign(spec, 3),
    'random search: 3 trials drawn; dropout from 0.05 to 0.5 (uniform); lrMultiplier from 1 to 100 (log-uniform); placement from ["visible","hidden","both"]; maxNorm from [null,3]',
  );
});

test('a grid and a list: every setting categorical, unless the trials take more than 12 values of it', () => {
  const grid = sweepDesign({ grid: { lr: [0.01, 0.1] } }, [row({ lr: 0.01 }), row({ lr: 0.1 })]);
  assert.deepEqual([grid.sampler, grid.settings.map((s) => [s.key, s.continuous])], ['grid', [['lr', false]]]);
  assert.equal(describeDesign({ grid: {} }, 576), 'grid: every combination of the listed values (576 distinct trials)');
  const many = sweepDesign({ trials: [] }, Array.from({ length: 13 }, (_, i) => row({ dropout: i / 30 })));
  assert.deepEqual([many.sampler, many.settings[0].key, many.settings[0].continuous, many.settings[0].log], ['list', 'dropout', true, false]);
  assert.equal(describeDesign({ trials: [] }, 3), 'a list of 3 explicit trials');
});
