import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { CLI } from '../helpers.js';
import { runNested, writeNestedSweep } from '../runner/nested-fixture.js';
import { sweepDir } from '../runner/runner-fixture.js';
import { launchBrowser, serve, watchedPage } from './serve-fixture.js';

test('the dashboard\'s sweep page shows the stored nested estimate beside the top score, saying what it estimates', async (t) => {
  const { dir, db } = sweepDir();
  const file = writeNestedSweep(dir);
  assert.equal(spawnSync(process.execPath, [CLI, 'run', file, '--db', db, '--workers', '2', '--quiet']).status, 0);
  const out = runNested(file, db);
  const served = await serve(db);
  const browser = await launchBrowser(t);
  try {
    const board = (await (await fetch(new URL('/api/board?sweep=n', served.url))).json()) as { nested: { estimate: { mean: number } } | null; nestedLine: string | null };
    assert.equal(board.nested?.estimate.mean, out.estimate.mean);
    assert.ok(board.nestedLine?.includes(`${out.estimate.mean.toFixed(2)}%`), String(board.nestedLine));
    const inner = (await (await fetch(new URL('/api/board?sweep=n-outer-1', served.url))).json()) as { nestedLine: string | null };
    assert.equal(inner.nestedLine, null, 'an inner sweep has no nested estimate of its own');
    if (!browser) return;
    const { page, problems } = await watchedPage(browser, served.url);
    await page.goto(`${served.url}#/sweep/n`);
    await page.locator('#nested').waitFor();
    const text = (await page.locator('#nested').textContent()) ?? '';
    assert.ok(text.includes(`nested estimate (what "run the sweep, take its top trial" scores on rows the search never saw): ${out.estimate.mean.toFixed(2)}%`), text);
    assert.match(text, /beside this sweep's top score/);
    assert.deepEqual(problems, []);
  } finally {
    await browser?.close();
    await served.stop();
  }
});
