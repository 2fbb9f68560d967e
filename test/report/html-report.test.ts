import assert from 'node:assert/strict';
import { test } from 'node:test';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SONAR_CSV, runCli } from '../helpers.js';
import { sha256, startRun, sweepDir } from '../runner/runner-fixture.js';
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
    assert.deepEqual(charts.map((c) => c.name), ['best-curves', 'history-trials', 'dropout-curve', 'lr-momentum-heatmap', 'max-norm', 'fold-distribution', 'importance', 'slice-placement', 'slice-dropout', 'slice-maxNorm', 'slice-momentum']);
    for (const c of charts) assert.ok(c.width > 100 && c.height > 50, `${c.name} has a size`);
    const marks = Object.fromEntries(charts.map((c) => [c.name, c.marks]));
    assert.equal(marks['dropout-curve'], 2 * 2, 'two placements x two rates (0 and 0.2)');
    assert.equal(marks['lr-momentum-heatmap'], 2, 'one lr x two momenta');
    assert.equal(marks['max-norm'], 2);
    assert.equal(marks['fold-distribution'], 10 * 10, 'every fold of the top 10 of the 12 distinct trials');
    const rows = await page.locator('table.leaderboard tbody tr').count();
    assert.equal(rows, 12);

    // Provenance: enough to rerun the sweep and to check it ran on the same data.
    const fact = (k: string) => page.locator(`dd[data-fact="${k}"]`).textContent();
    assert.equal(await fact('data'), 'sonar (208 rows)');
    assert.equal(await fact('data SHA-256'), sha256(SONAR_CSV));
    assert.equal(await fact('split'), 'seed 7, 10 stratified folds x 1 repeat(s)');
    assert.equal(await fact('engine'), 'fused');
    assert.match((await fact('backend')) ?? '', /^fused\/(wasm|wasm-simd|cpu|tensorflow)/);
    assert.equal(await fact('epochs'), '2');
    assert.match((await fact('report')) ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d.*, dropsweep \d+\.\d+\.\d+$/);
    assert.deepEqual(JSON.parse((await page.locator('pre.spec').textContent()) ?? '').grid, { dropout: [0, 0.2], placement: ['visible', 'hidden'], maxNorm: [null, 3], momentum: [0.8, 0.9] });
    // Counts of every kind of trial, pruned included (this sweep does not race, so none is pruned).
    const count = async (k: string) => Number(await page.locator(`[data-count="${k}"] b`).textContent());
    assert.deepEqual([await count('complete'), await count('diverged'), await count('failed'), await count('pruned')], [12, 0, 0, 0]);
    // A colour-blind-safe scale with its legend: viridis cells, a viridis ramp with its ends labelled.
    // The better cell takes the light end; the other the dark end only when the corrected test
    // separates it from the best, else the best's colour, hatched.
    const heat = await page.evaluate(() => ({
      cells: [...document.querySelectorAll('[data-chart="lr-momentum-heatmap"] rect.cell')].map((r) => ({ fill: r.getAttribute('fill'), noise: r.getAttribute('data-within-noise'), value: Number(r.getAttribute('data-value')), title: r.textContent })),
      hatches: document.querySelectorAll('[data-chart="lr-momentum-heatmap"] rect.hatch').length,
      legend: document.querySelector('[data-chart="lr-momentum-heatmap"] .colour-legend')?.textContent,
      stops: document.querySelectorAll('[data-chart="lr-momentum-heatmap"] linearGradient stop').length,
    }));
    const [worse, better] = heat.cells.sort((a, b) => a.value - b.value);
    assert.equal(better.fill, '#fde725', 'the better cell at the light end of viridis');
    assert.equal(worse.fill, worse.noise === 'yes' ? '#fde725' : '#440154', `the worse cell: ${worse.title}`);
    assert.match(worse.title, worse.noise === 'yes' ? /within noise of the best cell \(p = [\d.]+, Holm\)/ : /below the best cell \(p = [<\d.]+, Holm\)/);
    assert.equal(heat.hatches, heat.cells.filter((c) => c.noise === 'yes').length, 'a hatch on every cell within noise of the best');
    assert.match(heat.legend ?? '', /\d+\.\d\d+\.\dmean accuracy % \(viridis\)/);
    assert.equal(heat.stops, 9);
    // Axes that do not exaggerate: max-norm bars stand on 0; the dropout curve is points with intervals.
    const bars = await page.evaluate(() => {
      const svg = document.querySelector('[data-chart="max-norm"]')!;
      const axisY = Number(svg.querySelector('.x-axis line.axis')!.getAttribute('y1'));
      return { firstTick: svg.querySelector('text.tick')!.textContent, bottoms: [...svg.querySelectorAll('rect.bar')].map((r) => Number(r.getAttribute('y')) + Number(r.getAttribute('height')) - axisY) };
    });
    assert.equal(bars.firstTick, '0.0');
    assert.deepEqual(bars.bottoms.map((b) => Math.abs(b) < 1e-6), [true, true]);
    assert.equal(await page.locator('[data-chart="dropout-curve"] line.errorbar').count(), 4, 'an interval on every point');
    assert.match((await page.locator('[data-chart="dropout-curve"] circle.point title').first().textContent()) ?? '', /95% CI \d+\.\d\d-\d+\.\d\d/);
    // Trial keys on the fold plot; one sentence on ~best.
    const keys = await page.locator('[data-chart="fold-distribution"] text.trial-key').evaluateAll((ts) => ts.map((t) => t.firstChild!.textContent));
    assert.equal(keys.length, 10);
    for (const k of keys) assert.match(k ?? '', /^[0-9a-f]{10}$/);
    assert.match((await page.locator('#like-best').textContent()) ?? '', /^~best \(green rows, \d+ of \d+ complete trials\): the trial could be the best\. The rows marked are a 95% model confidence set/);
    // Kept for review (gitignored), beside the dashboard's.
    mkdirSync('test-output/screenshots', { recursive: true });
    await page.screenshot({ path: 'test-output/screenshots/report.png', fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
