import assert from 'node:assert/strict';
import { test } from 'node:test';
import { onFinishedDashboard } from './serve-fixture.js';

test('clicking a leaderboard column sorts the rows by it, again reverses, and a setting filter keeps only its rows', (t) =>
  onFinishedDashboard(t, async ({ page, problems, url }) => {
    await page.goto(`${url}#/sweep/dash`);
    await page.locator('#leaderboard tbody tr').nth(12).waitFor();
    const column = (key: string) => page.locator(`#leaderboard tbody td[data-key="${key}"]`).allTextContents();
    const ranked = await column('trialKey');

    await page.locator('#leaderboard th[data-key="lr"] button').click();
    const lrs = (await column('lr')).map(Number);
    assert.deepEqual(lrs, [...lrs].sort((a, b) => a - b), 'ascending learning rate');
    assert.notDeepEqual(await column('trialKey'), ranked, 'the rows moved');
    assert.equal(await page.locator('#leaderboard th[data-key="lr"]').getAttribute('aria-sort'), 'ascending');

    await page.locator('#leaderboard th[data-key="meanPct"] button').click();
    await page.locator('#leaderboard th[data-key="meanPct"] button').click();
    const means = (await column('meanPct')).map(Number);
    assert.deepEqual(means, [...means].sort((a, b) => b - a), 'descending mean after a second click');

    await page.locator('select[data-filter="placement"]').selectOption('hidden');
    assert.deepEqual([...new Set(await column('placement'))], ['hidden']);
    assert.equal(await page.locator('#row-count').textContent(), '4 of 13 trials shown');
    assert.deepEqual(problems, []);
  }));
