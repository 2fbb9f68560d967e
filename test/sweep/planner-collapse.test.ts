import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { canonicalize, trialKey } from '../../src/sweep/canonical.js';
import { parseSweepText } from '../../src/sweep/parse.js';
import { planSweep } from '../../src/sweep/planner.js';
import { config } from '../helpers.js';

const plan = (text: string) => planSweep(parseSweepText(text, 't.yaml', ['tfjs']));

test('the shipped grid: 864 points collapse to 576 distinct trials', () => {
  const p = plan(readFileSync('sweeps/dropout-grid.yaml', 'utf8'));
  assert.equal(p.gridPoints, 6 * 4 * 4 * 3 * 3);
  // Dropout 0 or placement none: 1 model + 5 rates x 3 placements = 16 per (maxNorm, lr, momentum).
  assert.equal(p.trials.length, 16 * 4 * 3 * 3);
  assert.equal(p.collapsed, 864 - 576);
  assert.equal(p.foldFits, 5760);
  assert.equal(new Set(p.trials.map((t) => t.key)).size, 576, 'keys are distinct');
});

test('the tutorial sweep is exactly its three configurations', () => {
  const p = plan(readFileSync('sweeps/tutorial.yaml', 'utf8'));
  assert.deepEqual(
    p.trials.map((t) => [t.label, t.config.placement, t.config.dropout, t.config.maxNorm, t.config.lr, t.config.momentum]),
    [
      ['Baseline', 'none', 0, null, 0.01, 0.8],
      ['Visible', 'visible', 0.2, 3, 0.1, 0.9],
      ['Hidden', 'hidden', 0.2, 3, 0.1, 0.9],
    ],
  );
  assert.equal(p.foldFits, 30);
});

test('equivalent configurations share one canonical form and key', () => {
  const none = config({ placement: 'none', dropout: 0 });
  assert.equal(trialKey(config({ placement: 'hidden', dropout: 0 })), trialKey(none));
  assert.equal(trialKey(config({ placement: 'none', dropout: 0.4 })), trialKey(none));
  assert.equal(trialKey(config({ lr: 0.1 + 0.2 })), trialKey(config({ lr: 0.3 })), 'numbers normalized');
  assert.notEqual(trialKey(config({ placement: 'hidden', dropout: 0.2 })), trialKey(config({ placement: 'visible', dropout: 0.2 })));
  assert.deepEqual(canonicalize(config({ placement: 'both', dropout: 0 })), none);
});

test('lrMultiplier scales the protocol learning rate; repeats multiply fold fits', () => {
  const p = plan('name: m\nrepeats: 3\nfolds: 5\nprotocol: {lr: 0.01}\ngrid:\n  lrMultiplier: [1, 10, 100]\n');
  assert.deepEqual(p.trials.map((t) => t.config.lr), [0.01, 0.1, 1]);
  assert.equal(p.foldFits, 3 * 5 * 3);
});

test('explicit trials and grid points that coincide are counted once', () => {
  const p = plan('name: x\ntrials:\n  - {placement: hidden, dropout: 0.2}\ngrid:\n  placement: [hidden, visible]\n  dropout: [0.2]\n');
  assert.equal(p.trials.length, 2);
  assert.equal(p.collapsed, 1);
});
