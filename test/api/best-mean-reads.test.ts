import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BestMean } from '../../src/api/best-mean.js';

/** A store whose read takes `cost` ms of the fake clock (as a synchronous SQLite read blocks), counting reads. */
function setup(cost: number) {
  let t = 0;
  let reads = 0;
  const best = new BestMean(
    async () => {
      reads++;
      t += cost;
      return 0.5 + reads / 100;
    },
    0.5,
    () => t,
  );
  const settle = () => new Promise((r) => setImmediate(r));
  return { best, reads: () => reads, advance: (ms: number) => (t += ms), settle };
}

test('a trial completing every 10 ms does not make a read each: at most one a second', async () => {
  const s = setup(1);
  for (let trial = 1; trial <= 300; trial++) {
    s.advance(10);
    s.best.current(trial);
    await s.settle();
  }
  // 3 s of trials: the first read at once, then one per second.
  assert.ok(s.reads() >= 3 && s.reads() <= 4, `${s.reads()} reads in 3 s`);
});

test('a read that takes 250 ms waits 20 times that (5 s) before the next: at most 5% of the time', async () => {
  const s = setup(250);
  for (let trial = 1; trial <= 1100; trial++) {
    s.advance(10);
    s.best.current(trial);
    await s.settle();
  }
  // 11 s of trials: reads at 0.01 s, then 5 s after each ends (5.27 s, 10.53 s), 100 calls a second between.
  assert.equal(s.reads(), 3);
});

test('the value read is shown from the next call on; nothing completing means a read every 10 s only', async () => {
  const s = setup(1);
  assert.equal(s.best.current(0), 0.5, 'no trial completed yet: the initial value, no read');
  assert.equal(s.reads(), 0);
  s.advance(10_001);
  assert.equal(s.best.current(0), 0.5, 'the read starts now');
  await s.settle();
  assert.equal(s.reads(), 1);
  assert.equal(s.best.current(0), 0.51);
});
