import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { runCli } from '../helpers.js';
import { onFinishedDashboard } from './serve-fixture.js';

test("the sweep page downloads the leaderboard as dropsweep leaderboard --format csv|json prints it, and a trial's page its folds", (t) =>
  onFinishedDashboard(t, async ({ page, problems, url, db }) => {
    await page.goto(`${url}#/sweep/dash`);
    await page.locator('#leaderboard tbody tr').nth(12).waitFor();
    for (const format of ['csv', 'json']) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#leaderboard a.download', { hasText: format.toUpperCase() }).click()]);
      assert.equal(download.suggestedFilename(), `dash-leaderboard.${format}`);
      const cli = runCli(['leaderboard', '--db', db, '--sweep', 'dash', '--format', format]);
      assert.equal(readFileSync((await download.path())!, 'utf8'), cli.stdout, `${format}: the CLI's bytes`);
    }
    const key = await page.locator('#leaderboard tbody tr').first().getAttribute('data-trial');
    await page.goto(`${url}#/trial/dash/${key}`);
    await page.locator('table.folds tbody tr').nth(9).waitFor();
    const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('#folds a.download', { hasText: 'CSV' }).click()]);
    assert.equal(csv.suggestedFilename(), `dash-${key!.slice(0, 10)}-folds.csv`);
    const lines = readFileSync((await csv.path())!, 'utf8').trim().split('\n');
    assert.equal(lines[0], 'trial,fold,repeat,accuracy,loss,trainLoss,epochsRun,diverged,seconds,engine,backend,seed');
    assert.equal(lines.length, 11, 'a header and ten folds');
    const [json] = await Promise.all([page.waitForEvent('download'), page.locator('#folds a.download', { hasText: 'JSON' }).click()]);
    const folds = JSON.parse(readFileSync((await json.path())!, 'utf8')) as { trial: string; accuracy: number }[];
    const shown = JSON.parse(runCli(['show', `dash/${key}`, '--db', db, '--format', 'json']).stdout) as { folds: { accuracy: number }[] };
    assert.deepEqual(folds.map((f) => f.accuracy), shown.folds.map((f) => f.accuracy), 'the folds dropsweep show gives');
    assert.ok(folds.every((f) => f.trial === key));
    assert.deepEqual(problems, []);
  }));
