import assert from 'node:assert/strict';
import { test } from 'node:test';
import { onFinishedDashboard, screenshot } from './serve-fixture.js';

test('every dashboard page loads and draws its charts, with no console error and no request leaving the server', (t) =>
  onFinishedDashboard(t, async ({ page, problems, url }) => {

    await page.goto(url);
    await page.locator('td[data-sweep="dash"][data-field="done"]').filter({ hasText: '13' }).waitFor();
    await screenshot(page, '1-sweeps');

    await page.goto(`${url}#/sweep/dash`);
    await page.locator('#importance svg').waitFor();
    const charts = await page.evaluate(() =>
      Object.fromEntries(
        ['parallel', 'dropout-curve', 'heatmap', 'strip', 'importance'].map((id) => {
          const svgs = [...document.querySelectorAll(`#${id} svg`)].map((s) => s.getBoundingClientRect());
          const plot = svgs.sort((a, b) => b.width * b.height - a.width * a.height)[0];
          return [id, { width: plot?.width ?? 0, height: plot?.height ?? 0, marks: document.querySelectorAll(`#${id} svg path, #${id} svg circle, #${id} svg rect, #${id} svg line`).length, legends: document.querySelectorAll(`#${id} svg .legend, #${id} svg .colour-legend`).length }];
        }),
      ),
    );
    for (const [id, c] of Object.entries(charts)) assert.ok(c.width > 300 && c.height > 100 && c.marks > 3, `${id} is drawn: ${JSON.stringify(c)}`);
    // A legend for each colour scale: the trials' mean accuracy, the placements, the heatmap's cells.
    for (const id of ['parallel', 'dropout-curve', 'heatmap']) assert.ok(charts[id].legends >= 1, `${id} has a colour legend`);
    assert.equal(await page.locator('#leaderboard tbody tr').count(), 13);
    assert.match((await page.locator('#provenance').textContent()) ?? '', /sha256 3079c09b5d27.*seed 7, 10 folds.*fused\/wasm/s);
    assert.equal(await page.locator('#counts [data-count="complete"] b').textContent(), '13');
    assert.equal(await page.locator('#counts [data-count="pruned"] b').textContent(), '0');
    await screenshot(page, '2-sweep');

    const best = await page.locator('#leaderboard tbody tr').first().getAttribute('data-trial');
    await page.locator('#leaderboard tbody tr').first().locator('td[data-key="trialKey"] a').click();
    await page.locator('table.folds tbody tr').nth(9).waitFor();
    assert.equal(await page.locator('#trial-key').textContent(), best);
    assert.match((await page.locator('main').textContent()) ?? '', /split seed 7/);
    assert.equal(await page.locator('table.folds tbody tr').count(), 10, 'every fold, with its loss and epochs');
    await screenshot(page, '3-trial');

    await page.locator('#leaderboard, main').first().isVisible();
    await page.goto(`${url}#/sweep/dash`);
    const boxes = page.locator('#leaderboard tbody input[type="checkbox"]');
    await boxes.nth(0).check();
    await boxes.nth(2).check();
    await page.getByRole('button', { name: 'compare the two ticked trials' }).click();
    await page.locator('#compare-result').waitFor();
    assert.match((await page.locator('#compare-result').textContent()) ?? '', /over 10 paired folds; corrected resampled t = -?\d+\.\d{3}, df = 9, p = /);
    await screenshot(page, '4-compare');

    assert.deepEqual(problems, []);
  }));
