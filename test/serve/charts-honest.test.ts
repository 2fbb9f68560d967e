import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { runCli } from '../helpers.js';
import { query } from '../runner/runner-fixture.js';
import { backgroundLuminance, chartProblems, chartsDrawn, clippedIntervals, overflow, textContrast } from './chart-checks.js';
import { CHART_SWEEPS, chartReports, chartSweeps } from './chart-sweeps.js';
import { CHROMIUM, screenshot, serve, watchedPage, type Served } from './serve-fixture.js';

// The report and every dashboard page, on the tutorial, the shipped grid, the shipped random
// search and a sweep whose intervals run past 100 (chart-sweeps.ts), at 390 and 1400 px, light
// and dark, looked at in Chromium. What each view showed is gathered first; each test below
// holds one guarantee over it.

type View = { where: string; width: number; scheme: 'light' | 'dark'; problems: string[]; overflow: number; clipped: { clipped: number; arrows: number; unmarked: string[] }; luminance: number; contrast: number };
const views: View[] = [];
const pageErrors: string[] = [];
let browser: Browser | undefined;
let served: Served | undefined;
let reports: Record<string, string> = {};
let url = '';
let dashboard: Page | undefined;
let reportPage: Page | undefined;
let missing = '';
let database = '';

async function look(page: Page, where: string, width: number, scheme: 'light' | 'dark'): Promise<void> {
  views.push({
    where,
    width,
    scheme,
    problems: await chartProblems(page, `${where} at ${width}px ${scheme}:`),
    overflow: await overflow(page),
    clipped: await clippedIntervals(page),
    luminance: await backgroundLuminance(page),
    contrast: (await page.locator('svg.ds-chart text.tick').count()) ? await textContrast(page, 'svg.ds-chart text.tick') : 21,
  });
}

before(async () => {
  const { dir, db } = await chartSweeps();
  database = db;
  reports = chartReports(dir, db);
  served = await serve(db);
  url = served.url;
  const { existsSync } = await import('node:fs');
  if (!existsSync(CHROMIUM)) {
    missing = `no browser at ${CHROMIUM}: install Debian's chromium (apt-get install chromium), as .ci/run does`;
    return;
  }
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const tutorialKeys = query<{ trial_key: string }>(db, "SELECT t.trial_key FROM trials t JOIN sweeps s ON s.id = t.sweep_id WHERE s.name = 'tutorial' ORDER BY t.id").map((r) => r.trial_key);
  for (const width of [390, 1400]) {
    for (const scheme of ['light', 'dark'] as const) {
      const report = await watchedPage(browser, 'file://', { width, colorScheme: scheme });
      for (const name of CHART_SWEEPS) {
        await report.page.goto(`file://${reports[name]}`);
        await look(report.page, `report ${name}`, width, scheme);
      }
      pageErrors.push(...report.problems);
      const dash = await watchedPage(browser, url, { width, colorScheme: scheme });
      const pages: [string, string, () => Promise<unknown>][] = [
        ['sweeps', '#/', () => dash.page.locator('td[data-sweep="clipped"][data-field="done"]').waitFor()],
        ['across', '#/across', () => dash.page.locator('#across-history .chart-box > *').waitFor()],
        ...CHART_SWEEPS.map((name): [string, string, () => Promise<unknown>] => [`sweep ${name}`, `#/sweep/${name}`, () => dash.page.locator(`#parallel .chart-box > *`).waitFor()]),
        ['trial', `#/trial/tutorial/${tutorialKeys[0]}`, () => dash.page.locator('table.folds tbody tr').nth(9).waitFor()],
        ['compare', `#/compare?a=tutorial/${tutorialKeys[0]}&b=tutorial/${tutorialKeys[1]}`, () => dash.page.locator('#differences .chart-box > *').waitFor()],
      ];
      for (const [where, hash, ready] of pages) {
        await dash.page.goto('about:blank');
        await dash.page.goto(`${url}${hash}`);
        await ready();
        await chartsDrawn(dash.page);
        await look(dash.page, `dashboard ${where}`, width, scheme);
        if (where === 'sweep random-search' || where === 'across') await screenshot(dash.page, `charts-${where.replace(' ', '-')}-${width}-${scheme}`);
      }
      pageErrors.push(...dash.problems.map((p) => `${width}px ${scheme}: ${p}`));
      if (width === 1400 && scheme === 'light') [dashboard, reportPage] = [dash.page, report.page];
      else {
        await dash.page.close();
        await report.page.close();
      }
    }
  }
});

after(async () => {
  await browser?.close();
  await served?.stop();
});

function needBrowser(t: { skip(m: string): void }): boolean {
  if (!missing) return true;
  if (process.env.CI) assert.fail(missing);
  t.skip(missing);
  return false;
}

test('every chart of the report and of every dashboard page keeps every mark inside its axes and every label inside the chart, at 390 and 1400 px, light and dark', (t) => {
  if (!needBrowser(t)) return;
  assert.equal(views.length, 2 * 2 * (4 + 8), 'every view was looked at');
  assert.ok(views.filter((v) => v.where.startsWith('dashboard sweep')).every((v) => v.contrast > 1), 'the sweep pages have charts');
  assert.deepEqual(views.flatMap((v) => v.problems), []);
});

test('no page overflows sideways at 390 px (or at 1400), and no page logs an error or asks anything of another origin', (t) => {
  if (!needBrowser(t)) return;
  assert.deepEqual(views.filter((v) => v.overflow > 0).map((v) => `${v.where} at ${v.width}px ${v.scheme}: ${v.overflow}px too wide`), []);
  assert.deepEqual(pageErrors, []);
});

test('intervals that run past 100 are drawn to 100, marked as clipped, with an arrowhead; the tables say (clipped)', async (t) => {
  if (!needBrowser(t)) return;
  assert.deepEqual(views.flatMap((v) => v.clipped.unmarked.map((u) => `${v.where}: ${u}`)), []);
  for (const where of ['report clipped', 'dashboard sweep clipped', 'dashboard across']) {
    const v = views.find((x) => x.where === where && x.width === 1400 && x.scheme === 'light')!;
    assert.ok(v.clipped.clipped >= 1, `${where} has intervals past 100`);
    assert.ok(v.clipped.arrows >= v.clipped.clipped, `${where}: an arrowhead at each clipped end`);
  }
  await reportPage!.goto(`file://${reports.clipped}`);
  assert.match((await reportPage!.locator('table.leaderboard td[data-key="ci95Low"]').first().textContent()) ?? '', /^\d+\.\d-100\.0 \(clipped\)$/);
  assert.match((await reportPage!.locator('[data-chart="dropout-curve"] circle.point title').first().textContent()) ?? '', /95% CI \d+\.\d\d-10\d\.\d\d \(computed .*: clipped\)/);
});

test('random search is drawn as random search: provenance gives the sampler, count and ranges; dropout is a slice plot, the heatmap bins lr, no importance bars', async (t) => {
  if (!needBrowser(t)) return;
  const page = reportPage!;
  await page.goto(`file://${reports['random-search']}`);
  assert.equal(
    await page.locator('dd[data-fact="trials"]').textContent(),
    'random search: 60 trials drawn; dropout from 0.05 to 0.5 (uniform); lr from 0.001 to 1 (log-uniform); placement from ["visible","hidden","both"]; maxNorm from [null,3,4,5]; momentum from [0.8,0.9,0.99]',
  );
  const names = await page.locator('svg.ds-chart').evaluateAll((svgs) => svgs.map((s) => s.getAttribute('data-chart')));
  assert.ok(names.includes('dropout-slice') && !names.includes('dropout-curve'), names.join(', '));
  assert.equal(await page.locator('[data-chart="dropout-slice"] path.line').count(), 0, 'no line through noise');
  const columns = await page.locator('[data-chart="lr-momentum-heatmap"] .x-axis text.tick').allTextContents();
  assert.ok(columns.length >= 2 && columns.length <= 5, `binned: ${columns.join(' | ')}`);
  for (const c of columns) assert.match(c, /^[\d.e-]+-[\d.e-]+$/, 'each column a range of learning rates');
  assert.match((await page.locator('[data-chart="slice-lr"] .x-axis text.label').textContent()) ?? '', /learning rate \(log scale\)/);
  assert.match((await page.locator('#importance .not-factorial').textContent()) ?? '', /^Random search draws each setting independently/);
  const d = dashboard!;
  await d.goto(`${url}#/sweep/random-search`);
  await d.locator('#heatmap .chart-box svg').waitFor();
  assert.equal(await d.locator('#dropout-curve svg[data-chart="dropout-slice"]').count(), 1);
  assert.equal(await d.locator('#heatmap .x-axis text.tick').count(), columns.length);
  assert.equal(await d.locator('select[data-filter="dropout"]').count(), 0, 'no filter listing 60 drawn rates');
});

test('importance: bars only on a factorial design, adding up to 100% with the interactions; the tutorial says why it has none', async (t) => {
  if (!needBrowser(t)) return;
  const page = reportPage!;
  await page.goto(`file://${reports.tutorial}`);
  assert.equal(await page.locator('[data-chart="importance"]').count(), 0);
  assert.match((await page.locator('#importance .not-factorial').textContent()) ?? '', /not a full factorial design|are not one/);
  await page.goto(`file://${reports['dropout-grid']}`);
  const shares = await page.locator('[data-chart="importance"] rect.mark').evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('data-value'))));
  const labels = await page.locator('[data-chart="importance"] .y-axis text').allTextContents();
  assert.ok(labels.includes('dropout × placement') && labels.includes('interactions'), labels.join(', '));
  assert.ok(Math.abs(shares.reduce((s, v) => s + v, 0) - 100) < 0.05, `shares and interactions make 100%: ${shares.join(' + ')}`);
});

test('dark mode follows prefers-color-scheme in the report and the dashboard, charts included, and tick labels stay readable', (t) => {
  if (!needBrowser(t)) return;
  for (const v of views) {
    if (v.scheme === 'dark') assert.ok(v.luminance < 0.15, `${v.where} at ${v.width}px is dark: ${v.luminance}`);
    else assert.ok(v.luminance > 0.9, `${v.where} at ${v.width}px is light: ${v.luminance}`);
    assert.ok(v.contrast >= 4.5, `${v.where} at ${v.width}px ${v.scheme}: tick labels contrast ${v.contrast.toFixed(2)}`);
  }
});

test('the cross-sweep page gives each sweep its best trial with the 95% CI, and groups the sweeps scored on the same data and folds', async (t) => {
  if (!needBrowser(t)) return;
  const d = dashboard!;
  await d.goto(`${url}#/across`);
  await d.locator('#across-table tbody tr').nth(3).waitFor();
  const rows = await d.locator('#across-table tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-sweep'), tr.querySelector('[data-field="group"]')!.textContent, tr.children[6].textContent]));
  const group = Object.fromEntries(rows.map(([s, g]) => [s, g]));
  assert.deepEqual(Object.keys(group).sort(), [...CHART_SWEEPS].sort());
  assert.equal(group.tutorial, group['dropout-grid'], 'the same Sonar rows, seed and folds');
  assert.equal(group.tutorial, group['random-search']);
  assert.notEqual(group.clipped, group.tutorial, 'another data set: not comparable');
  for (const [sweep, , best] of rows) {
    const top = (JSON.parse(runCli(['leaderboard', '--db', database, '--sweep', sweep!, '--format', 'json']).stdout) as { meanPct: number }[])[0];
    assert.equal(best, top.meanPct.toFixed(2), `${sweep}: its leaderboard's best`);
  }
  assert.equal(await d.locator('#across-best .marks circle.point').count(), 4);
  assert.equal(await d.locator('#across-history .marks path.line').count(), 4, 'a best-so-far curve per sweep');
});
