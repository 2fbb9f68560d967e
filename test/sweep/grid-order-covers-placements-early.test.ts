import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { parseSweepText } from '../../src/sweep/parse.js';
import { planSweep } from '../../src/sweep/planner.js';
import { canonicalJson, canonicalize } from '../../src/sweep/canonical.js';
import type { Placement } from '../../src/engine/model.js';

test('the shipped grid runs a trial of every placement and dropout rate among its first 20, with the same trials as before', () => {
  const spec = parseSweepText(readFileSync('sweeps/dropout-grid.yaml', 'utf8'), 'dropout-grid.yaml', ['fused', 'tfjs']);
  const trials = planSweep(spec).trials;
  const first = trials.slice(0, 20).map((t) => t.config);
  assert.deepEqual(new Set(first.map((c) => c.placement)), new Set(['none', 'visible', 'hidden', 'both']));
  assert.deepEqual(new Set(first.map((c) => c.dropout)), new Set([0, 0.1, 0.2, 0.3, 0.4, 0.5]));
  // The same 576 configurations as the file-order cross product (last key fastest), written out here.
  const expected = new Set<string>();
  for (const dropout of [0, 0.1, 0.2, 0.3, 0.4, 0.5])
    for (const placement of ['none', 'visible', 'hidden', 'both'] as Placement[])
      for (const maxNorm of [null, 3, 4, 5])
        for (const m of [1, 10, 100])
          for (const momentum of [0.8, 0.9, 0.99]) {
            expected.add(canonicalJson(canonicalize({ hidden: [60, 30], placement, dropout, maxNorm, lr: 0.01 * m, momentum, epochs: 300, batchSize: 16 })));
          }
  assert.equal(trials.length, 576);
  assert.deepEqual(new Set(trials.map((t) => canonicalJson(t.config))), expected);
});

test('the tutorial (explicit trials) keeps its order and keys', () => {
  const spec = parseSweepText(readFileSync('sweeps/tutorial.yaml', 'utf8'), 'tutorial.yaml', ['fused', 'tfjs']);
  const trials = planSweep(spec).trials;
  assert.deepEqual(trials.map((t) => t.label), ['Baseline', 'Visible', 'Hidden']);
  assert.equal(trials[0].key, 'cb39a91f231c3c93');
});
