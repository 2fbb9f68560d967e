import assert from 'node:assert/strict';
import { test } from 'node:test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers.js';
import { startRun, sweepDir } from '../runner/runner-fixture.js';
import { writeFileSync } from 'node:fs';

const CHROMIUM = process.env.DROPSWEEP_CHROMIUM ?? '/usr/bin/chromium';

test('the HTML report renders its charts in headless Chromium, with no network and no console errors', async (t) => {
  const { dir, db } = sweepDir();
  const file = join(dir, 'grid.yaml');
  writeFileSync(file, 'name: grid\nprotocol: {epochs: 2, hidden: [8]}\ngrid:\n  dropout: [0, 0.2]\n  placement: [visible, hidden]\n  maxNorm: [none, 3]\n  momentum: [0.8, 0.9]\n');
  assert.equal((await startRun([file, '--db', db, '--quiet', '--pack', '40']).done).code, 0);
  const out = join(dir, 'report.html');
  const r = runCli(['report', '--db', db, '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const html = readFileSync(out, 'utf8');
  assert.doesNotMatch(html, /<script|https?:\/\/|<link /, 'self-contained: no script, no external resource');

  if (!existsSync(CHROMIUM)) {
    // In CI a missing browser is a failure: a green run must mean the report was really rendered.
    if (process.env.CI) assert.fail(`no browser at ${CHROMIUM}: install Debian's chromium (apt-get install chromium), as .ci/run does`);
    t.skip(`no browser at ${CHROMIUM} (install Debian's chromium, as .ci/run does); the rendering check did not run`);
    return;
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (req) => !req.url().startsWith('file:') && problems.push(`network request ${req.url()}`));
    await page.goto(`file://${out}`);
    const charts = await page.evaluate(() =>
      [...document.querySelectorAll('svg.chart')].map((svg) => {
        const box = (svg as SVGSVGElement).getBoundingClientRect();
        return {
          name: svg.getAttribute('data-chart'),
          width: box.width,
          height: box.height,
          marks: [...svg.querySelectorAll('[data-value]')].filter((e) => e.getAttribute('data-value') !== '' && (e as SVGGraphicsElement).getBBox().width > 0).length,
        };
      }),
    );
    assert.deepEqual(charts.map((c) => c.name), ['dropout-curve', 'lr-momentum-heatmap', 'max-norm', 'fold-distribution']);
    for (const c of charts) assert.ok(c.width > 100 && c.height > 50, `${c.name} has a size`);
    const marks = Object.fromEntries(charts.map((c) => [c.name, c.marks]));
    assert.equal(marks['dropout-curve'], 2 * 2, 'two placements x two rates (0 and 0.2)');
    assert.equal(marks['lr-momentum-heatmap'], 2, 'one lr x two momenta');
    assert.equal(marks['max-norm'], 2);
    assert.equal(marks['fold-distribution'], 10 * 10, 'every fold of the top 10 of the 12 distinct trials');
    const rows = await page.locator('table.leaderboard tbody tr').count();
    assert.equal(rows, 12);
    await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
