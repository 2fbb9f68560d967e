import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setNote, startDashboard } from '../../src/index.js';
import { runCli } from '../helpers.js';
import { query } from '../runner/runner-fixture.js';
import { finishedSweep, launchBrowser, serve, watchedPage } from './serve-fixture.js';

/** Markup that would run a script if any page parsed a note as HTML. */
const PAYLOAD = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> & "quoted"';

test('notes reach the dashboard (trial page, leaderboard mark, sweep page) and the report as text: no element made of them, no script run; the trial page writes one only under --allow-notes', async (t) => {
  const { dir, db } = await finishedSweep();
  const [key] = query<{ trial_key: string }>(db, "SELECT trial_key FROM trials WHERE placement = 'visible' ORDER BY id").map((r) => r.trial_key);
  await setNote(PAYLOAD, { db, sweep: 'dash', trial: key });
  await setNote(`sweep: ${PAYLOAD}`, { db, sweep: 'dash' });

  // The report: escaped in the note column, the Notes section and under the title.
  const out = join(dir, 'r.html');
  assert.equal(runCli(['report', '--sweep', 'dash', '--db', db, '--out', out]).code, 0);
  const html = readFileSync(out, 'utf8');
  assert.ok(!html.includes('<img src=x') && !html.includes('<script>window'), 'no markup of the note in the report');
  assert.ok(html.includes(`<p class="note-text" id="sweep-note">sweep: &lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;&lt;script&gt;window.__pwned=2&lt;/script&gt; &amp; &quot;quoted&quot;</p>`));
  assert.ok(html.includes(`<dt data-trial="${key}">${key.slice(0, 10)}</dt><dd class="note-text">&lt;img src=x`), 'the Notes section');
  // The column shows the first 60 characters, cut with an ellipsis.
  assert.ok(html.includes(`<td data-key="note" class="note-cell">&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;&lt;script&gt;window.__pwned…</td>`), 'the note column');

  // A dashboard without --allow-notes: the session says so, and a POST is refused.
  const readOnly = await startDashboard({ db, port: 0 });
  try {
    assert.deepEqual(await (await fetch(new URL('/api/session', readOnly.url))).json(), { notes: false, token: null });
    const r = await fetch(new URL('/api/note', readOnly.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ref: `dash/${key}`, note: 'x' }) });
    assert.equal(r.status, 403);
  } finally {
    await readOnly.close();
  }

  const served = await serve(db, ['--allow-notes']);
  const browser = await launchBrowser(t);
  try {
    // Without this server's token, or from another origin, a POST writes nothing.
    const session = (await (await fetch(new URL('/api/session', served.url))).json()) as { notes: boolean; token: string };
    assert.equal(session.notes, true);
    const post = (headers: Record<string, string>) =>
      fetch(new URL('/api/note', served.url), { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ ref: `dash/${key}`, note: 'forged' }) });
    assert.equal((await post({})).status, 403, 'no token');
    assert.equal((await post({ 'X-Dropsweep-Token': 'f'.repeat(48) })).status, 403, 'a wrong token');
    assert.equal((await post({ 'X-Dropsweep-Token': session.token, Origin: 'http://evil.example' })).status, 403, 'another origin');
    assert.equal((await post({ 'X-Dropsweep-Token': session.token, 'Sec-Fetch-Site': 'cross-site' })).status, 403, 'a cross-site request');
    assert.deepEqual(query(db, 'SELECT text FROM notes WHERE trial_id IS NOT NULL'), [{ text: PAYLOAD }]);
    if (!browser) return;

    const { page, problems } = await watchedPage(browser, served.url);
    await page.goto(`${served.url}#/trial/dash/${key}`);
    await page.locator('#note-text').waitFor();
    assert.equal(await page.locator('#note-text').textContent(), PAYLOAD);
    assert.equal(await page.locator('#note img, #note script').count(), 0, 'no element made of the note');

    await page.goto(`${served.url}#/sweep/dash`);
    await page.locator(`#leaderboard tr[data-trial="${key}"] .has-note`).waitFor();
    assert.equal(await page.locator(`#leaderboard tr[data-trial="${key}"] .has-note`).getAttribute('title'), PAYLOAD);
    await page.locator('#sweep-note:not([hidden])').waitFor();
    assert.equal(await page.locator('#sweep-note').textContent(), `sweep: ${PAYLOAD}`);
    assert.equal(await page.locator('main img').count(), 0);

    // Written from the page: stored as typed, shown as text.
    await page.goto(`${served.url}#/trial/dash/${key}`);
    await page.locator('#note-input').fill(`${PAYLOAD} again`);
    await page.locator('#note-save').click();
    await page.locator('#note-status', { hasText: 'saved' }).waitFor();
    assert.equal(await page.locator('#note-text').textContent(), `${PAYLOAD} again`);
    assert.deepEqual(query(db, 'SELECT text FROM notes WHERE trial_id IS NOT NULL'), [{ text: `${PAYLOAD} again` }]);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined, 'no script of a note ran');
    assert.deepEqual(problems, []);
  } finally {
    await browser?.close();
    await served.stop();
  }
});
