import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers.js';
import { onFinishedDashboard } from './serve-fixture.js';

test('sorting the leaderboard by std follows dropsweep leaderboard --sort std: the trials like the best by std, then the rest by mean', (t) =>
  onFinishedDashboard(t, async ({ page, problems, url, db }) => {
    await page.goto(`${url}#/sweep/dash`);
    await page.locator('#leaderboard tbody tr').nth(12).waitFor();
    await page.locator('#leaderboard th[data-key="stdPct"] button').click();
    const shown = await page.locator('#leaderboard tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-trial')));
    const cli = (JSON.parse(runCli(['leaderboard', '--db', db, '--sweep', 'dash', '--sort', 'std', '--format', 'json']).stdout) as { trialKey: string; likeBest: boolean | null; stdPct: number; meanPct: number }[]);
    assert.deepEqual(shown, cli.map((r) => r.trialKey));
    // The rule itself, on the page's own cells: ~best rows first, steadiest first; then the rest, best mean first.
    const rows = await page.locator('#leaderboard tbody tr').evaluateAll((trs) => trs.map((tr) => ({ like: tr.classList.contains('like-best'), std: Number(tr.querySelector('[data-key="stdPct"]')!.textContent), mean: Number(tr.querySelector('[data-key="meanPct"]')!.textContent) })));
    const like = rows.filter((r) => r.like);
    const unlike = rows.filter((r) => !r.like);
    assert.ok(like.length > 0 && unlike.length > 0, 'both groups present');
    assert.deepEqual(rows.slice(0, like.length), like, 'the ~best group first');
    assert.deepEqual(like.map((r) => r.std), [...like.map((r) => r.std)].sort((a, b) => a - b));
    assert.deepEqual(unlike.map((r) => r.mean), [...unlike.map((r) => r.mean)].sort((a, b) => b - a));
    assert.deepEqual(problems, []);
  }));
