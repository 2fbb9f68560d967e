import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSweepText } from '../../src/sweep/parse.js';
import { planSweep } from '../../src/sweep/planner.js';

// Apart from planner-collapse.test.ts because it takes most of a second: `npm run mutate` runs the
// pure modules' tests once per mutant and leaves this one out (scripts/mutation-tests.js).
const plan = (text: string) => planSweep(parseSweepText(text, 't.yaml', ['tfjs']));

test('planning 100,000 grid points is pure and quick enough to measure', () => {
  const text = `name: big\ngrid:\n  dropout: [${Array.from({ length: 50 }, (_, i) => i / 100).join(', ')}]\n  placement: [visible, hidden]\n  maxNorm: [${Array.from({ length: 10 }, (_, i) => i + 1).join(', ')}]\n  lrMultiplier: [${Array.from({ length: 10 }, (_, i) => i + 1).join(', ')}]\n  momentum: [${Array.from({ length: 10 }, (_, i) => i / 10).join(', ')}]\n`;
  const p = plan(text);
  assert.equal(p.gridPoints, 100_000);
  assert.equal(p.trials.length, 100_000 - 10 * 10 * 10, 'dropout 0 collapses across the two placements');
});
