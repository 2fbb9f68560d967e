import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countResults, startRun, sweepDir, waitFor, writeSlowSweep } from '../runner/runner-fixture.js';
import { launchBrowser, serve, watchedPage } from './serve-fixture.js';

test("while a run works the sweep page's progress line and its counters give the same number running; once it stops, the page says idle and gives no ETA", async (t) => {
  const { dir, db } = sweepDir();
  const run = startRun([writeSlowSweep(dir, 'night'), '--db', db, '--workers', '1', '--pack', '2']);
  let served;
  const browser = await launchBrowser(t);
  try {
    if (!browser) return;
    await waitFor(() => countResults(db) > 0 || run.child.exitCode !== null, 120_000, 'the first stored fits');
    served = await serve(db);
    const { page, problems } = await watchedPage(browser, served.url, { width: 390 });
    await page.goto(`${served.url}#/sweep/night`);
    await page.locator('#sweep-live [data-field="running"]').waitFor();
    const read = () =>
      page.evaluate(() => ({
        line: Number(document.querySelector('#sweep-live [data-field="running"]')!.textContent),
        counter: Number(document.querySelector('#counts [data-count="running"] b')!.textContent),
        eta: document.querySelector('#sweep-live [data-field="eta"]')!.textContent,
      }));
    const seen = [];
    const until = Date.now() + 60_000;
    while (seen.filter((s) => s.line > 0).length < 3) {
      assert.ok(Date.now() < until, `a running trial seen three times within 60 s (seen ${JSON.stringify(seen)})`);
      seen.push(await read());
      await page.waitForTimeout(200);
    }
    for (const s of seen) assert.equal(s.line, s.counter, `progress line and counter agree: ${JSON.stringify(s)}`);
    assert.ok(seen.some((s) => s.line > 0 && /^ETA |^estimating$/.test(s.eta!)), 'an estimate while a runner works');
    run.child.kill('SIGINT');
    assert.equal((await run.done).code, 130);
    await page.locator('#sweep-live [data-field="eta"]', { hasText: 'idle (no runner)' }).waitFor({ timeout: 30_000 });
    const idle = await read();
    assert.deepEqual([idle.line, idle.counter], [0, 0]);
    assert.doesNotMatch((await page.locator('#sweep-live').textContent()) ?? '', /ETA/);
    assert.deepEqual(problems, []);
  } finally {
    await browser?.close();
    await served?.stop();
    if (run.child.exitCode === null) run.child.kill('SIGTERM');
    await run.done;
  }
});
