import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers.js';
import { onFinishedDashboard } from './serve-fixture.js';

test("the optimisation history has a dot per complete trial and ends at the leaderboard's best, against trials and against time; each setting has its slice plot", (t) =>
  onFinishedDashboard(t, async ({ page, problems, url, db }) => {
    await page.goto(`${url}#/sweep/dash`);
    await page.locator('#parallel .chart-box svg').waitFor();
    const board = JSON.parse(runCli(['leaderboard', '--db', db, '--sweep', 'dash', '--format', 'json']).stdout) as { meanPct: number; status: string }[];
    const complete = board.filter((r) => r.status === 'complete');
    for (const id of ['history-trials', 'history-time']) {
      assert.equal(await page.locator(`#${id} .marks circle.trial-dot`).count(), complete.length, `${id}: a dot per complete trial`);
      const best = Number(await page.locator(`#${id} path.best-line`).getAttribute('data-best'));
      assert.ok(Math.abs(best - complete[0].meanPct) < 1e-3, `${id} ends at the best, ${complete[0].meanPct}`);
    }
    const xs = await page.locator('#history-trials .x-axis text.label').textContent();
    assert.equal(xs, 'trials completed');
    assert.equal(await page.locator('#history-time .x-axis text.label').textContent(), 'wall time since the first trial started');
    for (const s of ['placement', 'dropout', 'lr', 'momentum']) assert.equal(await page.locator(`#slice-${s} svg circle.mark`).count(), complete.length, `slice ${s}: every complete trial`);
    assert.deepEqual(problems, []);
  }));
