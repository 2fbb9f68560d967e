import type { Page } from 'playwright-core';

/**
 * Checks on a page's charts, from the geometry Chromium laid out: every mark (class `mark`) of
 * every chart inside the chart's plot area (`rect.plot-area`), every label inside its chart.
 * Returns what is wrong, one line each.
 */
export async function chartProblems(page: Page, where: string): Promise<string[]> {
  return page.evaluate((where) => {
    const problems: string[] = [];
    const tol = 0.75;
    for (const svg of document.querySelectorAll('svg.ds-chart')) {
      const name = svg.getAttribute('data-chart');
      const box = svg.getBoundingClientRect();
      if (box.width === 0) continue;
      const area = svg.querySelector('rect.plot-area')!.getBoundingClientRect();
      for (const m of svg.querySelectorAll('.mark')) {
        const b = m.getBoundingClientRect();
        if (b.left < area.left - tol || b.right > area.right + tol || b.top < area.top - tol || b.bottom > area.bottom + tol) {
          problems.push(`${where} ${name}: ${m.tagName}.${m.getAttribute('class')} at [${b.left.toFixed(1)}..${b.right.toFixed(1)}] x [${b.top.toFixed(1)}..${b.bottom.toFixed(1)}] outside its axes [${area.left.toFixed(1)}..${area.right.toFixed(1)}] x [${area.top.toFixed(1)}..${area.bottom.toFixed(1)}]`);
        }
      }
      for (const t of svg.querySelectorAll('text')) {
        const b = t.getBoundingClientRect();
        if (b.width === 0) continue;
        if (b.left < box.left - 1 || b.right > box.right + 1 || b.top < box.top - 1 || b.bottom > box.bottom + 1) problems.push(`${where} ${name}: label "${t.textContent}" outside the chart`);
      }
    }
    return problems;
  }, where);
}

/** How far the page is wider than the window (0: no horizontal overflow). */
export const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/**
 * Every interval drawn (`data-low`/`data-high`) that runs past 0-100: clipped (`data-clipped`)
 * with an arrowhead; returns how many there are and those that are not marked.
 */
export async function clippedIntervals(page: Page): Promise<{ clipped: number; arrows: number; unmarked: string[] }> {
  return page.evaluate(() => {
    const unmarked: string[] = [];
    let clipped = 0;
    for (const e of document.querySelectorAll('svg.ds-chart [data-high]')) {
      const lo = Number(e.getAttribute('data-low'));
      const hi = Number(e.getAttribute('data-high'));
      if (lo >= 0 && hi <= 100) continue;
      clipped++;
      const want = lo < 0 && hi > 100 ? 'both' : lo < 0 ? 'low' : 'high';
      if (e.getAttribute('data-clipped') !== want) unmarked.push(`${e.closest('svg')!.getAttribute('data-chart')}: ${lo}-${hi} marked ${e.getAttribute('data-clipped')}`);
    }
    return { clipped, arrows: document.querySelectorAll('svg.ds-chart path.clip-mark').length, unmarked };
  });
}

/** The WCAG contrast ratio of an element's text colour (fill for SVG) against the page's background. */
export async function textContrast(page: Page, selector: string): Promise<number> {
  return page.evaluate((selector) => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? ['0', '0', '0']).slice(0, 3).map(Number);
    const lum = (c: number[]) => {
      const [r, g, b] = c.map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const e = document.querySelector(selector)!;
    const style = getComputedStyle(e);
    const fg = rgb(e instanceof SVGElement ? style.fill : style.color);
    let bgElement: Element | null = e;
    let bg = 'rgba(0, 0, 0, 0)';
    while (bgElement && /rgba\(0, 0, 0, 0\)|transparent/.test(bg)) {
      bg = getComputedStyle(bgElement).backgroundColor;
      bgElement = bgElement.parentElement;
    }
    const [a, b] = [lum(fg), lum(rgb(bg))].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
  }, selector);
}

/** The page's background luminance: near 1 in light mode, near 0 in dark. */
export const backgroundLuminance = (page: Page) =>
  page.evaluate(() => {
    const [r, g, b] = (getComputedStyle(document.body).backgroundColor.match(/[\d.]+/g) ?? ['0', '0', '0']).map(Number);
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  });

/** Waits until every chart box of the page has drawn its chart (or its note). */
export const chartsDrawn = (page: Page) => page.waitForFunction(() => [...document.querySelectorAll('.chart-box')].every((b) => b.firstElementChild !== null), undefined, { timeout: 60_000 });
