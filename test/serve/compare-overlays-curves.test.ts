import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { chartProblems } from './chart-checks.js';
import { onFinishedDashboard, screenshot } from './serve-fixture.js';

/** What the overlay chart drew: each line's series and colour class, the bands, the legend's labels. */
function overlay(page: Page) {
  return page.evaluate(() => {
    const svg = document.querySelector('#overlay-curves svg.ds-chart')!;
    const lines = [...svg.querySelectorAll('path.line')].map((p) => ({ series: p.getAttribute('data-series'), cls: p.getAttribute('class'), stroke: getComputedStyle(p).stroke, dash: getComputedStyle(p).strokeDasharray, segments: (p.getAttribute('d') ?? '').split(/[ML]/).filter(Boolean).length }));
    return { lines, bands: svg.querySelectorAll('path.band').length, legend: [...svg.querySelectorAll('.legend text')].map((t) => t.textContent) };
  });
}

test('the compare page overlays the two trials\' loss curves (train and held-out, each trial its own colour, bands, legend), reached from the board and by URL, every mark inside the axes', (t) =>
  onFinishedDashboard(t, async ({ page, problems, url }) => {
    await page.goto(`${url}#/sweep/dash`);
    const rows = page.locator('#leaderboard tbody tr');
    await rows.nth(12).waitFor();
    const [a, b] = [await rows.nth(0).getAttribute('data-trial'), await rows.nth(3).getAttribute('data-trial')];
    await rows.nth(0).locator('input[type="checkbox"]').check();
    await rows.nth(3).locator('input[type="checkbox"]').check();
    await page.getByRole('button', { name: 'compare the two ticked trials' }).click();
    await page.locator('#overlay-curves svg path.line').nth(3).waitFor();

    const drawn = await overlay(page);
    assert.deepEqual(drawn.lines.map((l) => l.series), ['a-train', 'a-held-out', 'b-train', 'b-held-out']);
    // 20 epochs: the training loss every epoch, the held-out loss at the checkpoints 10 and 20.
    assert.deepEqual(drawn.lines.map((l) => l.segments), [20, 2, 20, 2]);
    const [aTrain, aHeld, bTrain, bHeld] = drawn.lines;
    assert.equal(aTrain.stroke, aHeld.stroke, "a trial's two curves share its colour");
    assert.equal(bTrain.stroke, bHeld.stroke);
    assert.notEqual(aTrain.stroke, bTrain.stroke, 'each trial its own colour');
    assert.ok(aTrain.dash !== 'none' && bTrain.dash !== 'none', 'training loss dashed');
    assert.ok(aHeld.dash === 'none' && bHeld.dash === 'none', 'held-out loss solid');
    assert.equal(drawn.bands, 4, 'a band (spread over the folds) for every curve');
    const names = await page.evaluate(() => [...document.querySelectorAll('#compare-result')].length);
    assert.equal(names, 1);
    for (const [side, key] of [['a', a!], ['b', b!]] as const) {
      assert.ok(drawn.legend.some((l) => l?.startsWith(`${side} `) && l.endsWith('training loss')), `legend names ${side}'s training loss: ${drawn.legend.join(' | ')}`);
      assert.ok(drawn.legend.some((l) => l?.startsWith(`${side} `) && l.endsWith('held-out loss')), `legend names ${side}'s held-out loss (${key})`);
    }
    assert.deepEqual(await chartProblems(page, 'compare'), []);
    await screenshot(page, '5-compare-curves');

    // The same page from its URL alone, in a narrow window: the chart still fits its axes.
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto('about:blank');
    await page.goto(`${url}#/compare?a=${encodeURIComponent(`dash/${b}`)}&b=${encodeURIComponent(`dash/${a}`)}`);
    await page.locator('#overlay-curves svg path.line').nth(3).waitFor();
    const swapped = await overlay(page);
    assert.deepEqual(swapped.lines.map((l) => l.series), ['a-train', 'a-held-out', 'b-train', 'b-held-out']);
    assert.deepEqual(await chartProblems(page, 'compare (phone)'), []);
    assert.deepEqual(problems, []);
  }));
