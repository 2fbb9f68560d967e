import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startRun, sweepDir, waitFor, writeSlowSweep } from '../runner/runner-fixture.js';
import { countResults } from '../runner/runner-fixture.js';
import { launchBrowser, screenshot, serve, watchedPage } from './serve-fixture.js';

test('while dropsweep run works, the open page shows the done count rising, without a reload', async (t) => {
  const { dir, db } = sweepDir();
  const run = startRun([writeSlowSweep(dir, 'night'), '--db', db, '--quiet', '--workers', '1', '--pack', '10']);
  let served;
  const browser = await launchBrowser(t);
  try {
    if (!browser) return;
    await waitFor(() => countResults(db) > 0 || run.child.exitCode !== null, 60_000, 'the first stored fits');
    served = await serve(db);
    const { page, problems } = await watchedPage(browser, served.url);
    let loads = 0;
    page.on('load', () => loads++);
    await page.goto(served.url);
    const done = page.locator('td[data-sweep="night"][data-field="done"]');
    await done.waitFor();
    const first = Number(await done.textContent());
    assert.ok(first < 8, `the sweep is still running when the page opens (done ${first} of 8)`);
    const until = Date.now() + 60_000;
    while (Number(await done.textContent()) <= first) {
      assert.ok(Date.now() < until, 'the done count rose within 60 s');
      await page.waitForTimeout(100);
    }
    assert.equal(loads, 1, 'the page was not reloaded');
    await screenshot(page, '0-sweeps-live');
    assert.deepEqual(problems, []);
  } finally {
    await browser?.close();
    await served?.stop();
    if (run.child.exitCode === null) run.child.kill('SIGTERM');
    await run.done;
  }
});
