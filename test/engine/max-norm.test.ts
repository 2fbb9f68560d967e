import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trainPackTfjs } from '../../src/engine/tfjs-trainer.js';
import { config } from '../helpers.js';
import { columnNorms } from './plain-model.js';
import { sonarFolds } from './engine-fixture.js';

test('max-norm holds on every hidden unit after training, and only where asked', async () => {
  const folds = await sonarFolds();
  const strong = config({ lr: 0.3, momentum: 0.9, epochs: 8, hidden: [20, 10] });
  const [constrained, free] = trainPackTfjs(
    [
      { config: { ...strong, maxNorm: 1 }, fold: 0, seed: 'mn' },
      { config: strong, fold: 0, seed: 'mn' },
    ],
    folds,
    { returnWeights: true },
  );
  const [k0, , k1] = constrained.weights!;
  for (const [kernel, units] of [[k0, 20], [k1, 10]] as const) {
    for (const n of columnNorms(kernel, units)) assert.ok(n <= 1 + 1e-5, `norm ${n} exceeds 1`);
  }
  // Without the constraint the same training grows norms past 1: the check above can fail.
  const freeNorms = columnNorms(free.weights![0], 20);
  assert.ok(Math.max(...freeNorms) > 1.5, `unconstrained max norm ${Math.max(...freeNorms)}`);
  // The constraint is on hidden kernels only; the output kernel is left alone.
  const outNorm = columnNorms(constrained.weights![4], 1)[0];
  assert.ok(outNorm > 1, `output kernel norm ${outNorm}`);
});
