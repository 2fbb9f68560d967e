import assert from 'node:assert/strict';
import { test } from 'node:test';
import { XSS_NAME, onFinishedDashboard } from './serve-fixture.js';

test('a trial named <script>alert(1)</script> is shown as text on every page, and no script of it runs', (t) =>
  onFinishedDashboard(t, async ({ page, problems, url }) => {
    await page.goto(`${url}#/sweep/dash`);
    await page.locator('#strip svg').first().waitFor();
    const cell = page.locator('#leaderboard td[data-key="name"]').filter({ hasText: XSS_NAME });
    assert.equal(await cell.count(), 1, 'the name is in the leaderboard, as text');
    assert.equal(await cell.evaluate((td) => td.children.length), 0, 'no element was made from it');
    assert.match((await page.locator('#strip').textContent()) ?? '', /<script>alert/, 'the strip plot labels it as text');
    assert.equal(await page.locator('main script').count(), 0, 'no script element in the page body');

    const key = await page.locator('#leaderboard tbody tr', { has: page.locator('td[data-key="name"]', { hasText: XSS_NAME }) }).getAttribute('data-trial');
    await page.goto(`${url}#/trial/dash/${key}`);
    await page.locator('#trial-name').waitFor();
    assert.equal(await page.locator('#trial-name').textContent(), `(${XSS_NAME})`);
    await page.goto(`${url}#/compare?a=dash/${key}`);
    await page.locator('select[data-pick="a"]').waitFor();
    assert.match((await page.locator('select[data-pick="a"] option:checked').textContent()) ?? '', /<script>alert\(1\)<\/script>/);
    await page.waitForTimeout(200);
    assert.deepEqual(problems, [], 'no dialog, no error');
  }));
