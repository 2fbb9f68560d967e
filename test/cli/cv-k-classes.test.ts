import assert from 'node:assert/strict';
import { test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers.js';

const METRICS = ['accuracy', 'balanced_accuracy', 'macro_f1', 'log_loss', 'roc_auc'];

/** Three well-separated clusters in 2-D, ten rows each, classes interleaved in the file. */
function threeClusters(): string {
  const rows = Array.from({ length: 30 }, (_, i) => {
    const c = i % 3;
    const jitter = ((i * 37) % 11) / 20 - 0.25;
    return `${(4 * c + jitter).toFixed(3)},${(-4 * c - jitter).toFixed(3)},${['red', 'green', 'blue'][c]}`;
  });
  return ['a,b,colour', ...rows].join('\n');
}

for (const engine of ['fused', 'tfjs']) {
  test(`cv on a hand-made 3-class CSV scores every metric on every fold (${engine})`, () => {
    const file = join(tempDir(), 'clusters.csv');
    writeFileSync(file, threeClusters());
    const r = runCli(['cv', '--data', file, '--folds', '5', '--epochs', '300', '--engine', engine, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.classes, ['blue', 'green', 'red']);
    assert.equal(out.diverged, 0);
    for (const name of METRICS) {
      assert.equal(out.metrics[name].folds.length, 5);
      for (const v of out.metrics[name].folds) assert.ok(typeof v === 'number' && Number.isFinite(v), `${name}: ${v}`);
    }
    // Separated clusters: a softmax network finds them; a coin among 3 classes would score 1/3.
    assert.ok(out.metrics.accuracy.mean > 0.9, `accuracy ${out.metrics.accuracy.mean}`);
    assert.ok(out.metrics.log_loss.mean < Math.log(3), 'held-out loss below a uniform guess over 3 classes');
    for (const name of ['accuracy', 'balanced_accuracy', 'macro_f1', 'roc_auc']) for (const v of out.metrics[name].folds) assert.ok(v >= 0 && v <= 1);
  });
}

test('cv --data iris trains the 3-class softmax and headlines the metric asked for', () => {
  const r = runCli(['cv', '--data', 'iris', '--folds', '3', '--epochs', '20', '--metric', 'macro_f1', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /data .*iris\.csv\n3 classes, class 0 first: setosa, versicolor, virginica\n/);
  assert.match(r.stdout, /│ macro_f1 \(headline\) +│ higher │ 0\.\d{4} /);
  assert.match(r.stdout, /\nmacro_f1: 0\.\d{4} \(0\.\d{4}\), mean \(std\) over the scored folds/);
});
