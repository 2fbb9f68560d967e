import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TestContext } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { CLI } from '../helpers.js';
import { startRun, sweepDir } from '../runner/runner-fixture.js';

export const CHROMIUM = process.env.DROPSWEEP_CHROMIUM ?? '/usr/bin/chromium';
/** Screenshots for review (gitignored): the test run writes them, a person looks at them. */
export const SCREENSHOTS = resolve('test-output/screenshots');
export const XSS_NAME = '<script>alert(1)</script>';

/**
 * A sweep that finishes in about a second and gives every chart something to draw: two learning
 * rates x two momenta x dropout {0, 0.2} x two placements, plus one explicit trial whose name is
 * a script tag.
 */
export async function finishedSweep(): Promise<{ dir: string; db: string }> {
  const { dir, db } = sweepDir();
  const file = join(dir, 'dash.yaml');
  writeFileSync(
    file,
    `name: dash\nprotocol: {epochs: 20, hidden: [20, 10]}\ngrid:\n  lr: [0.003, 0.03]\n  momentum: [0.8, 0.9]\n  dropout: [0, 0.2]\n  placement: [visible, hidden]\n` +
      `trials:\n  - name: ${JSON.stringify(XSS_NAME)}\n    placement: none\n    lr: 0.01\n`,
  );
  const run = await startRun([file, '--db', db, '--quiet', '--pack', '40']).done;
  assert.equal(run.code, 0, run.stderr);
  return { dir, db };
}

export interface Served {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  stop: () => Promise<void>;
}

/** `dropsweep serve` on a free port, as a user starts it; resolves once it prints its address. */
export function serve(db: string, args: string[] = []): Promise<Served> {
  const child = spawn(process.execPath, [CLI, 'serve', '--db', db, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return new Promise((resolveServed, reject) => {
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    child.stdout!.on('data', (d) => {
      stdout += d;
      const url = /(http:\/\/\S+\/)/.exec(stdout)?.[1];
      if (url) {
        resolveServed({
          child,
          url,
          stderr: () => stderr,
          stop: async () => {
            if (child.exitCode === null) child.kill('SIGTERM');
            await exited;
          },
        });
      }
    });
  });
}

/** Debian's Chromium, never a downloaded one; in CI a missing browser fails the test. */
export async function launchBrowser(t: TestContext): Promise<Browser | undefined> {
  if (!existsSync(CHROMIUM)) {
    if (process.env.CI) assert.fail(`no browser at ${CHROMIUM}: install Debian's chromium (apt-get install chromium), as .ci/run does`);
    t.skip(`no browser at ${CHROMIUM} (install Debian's chromium); the dashboard check did not run`);
    return undefined;
  }
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A page (1400 px wide unless asked) that records what must not happen: console errors, uncaught
 * exceptions, dialogs (a script that ran), and any request that leaves the dashboard's origin.
 */
export async function watchedPage(browser: Browser, base: string, o: { width?: number; colorScheme?: 'light' | 'dark' } = {}): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: o.width ?? 1400, height: 900 }, colorScheme: o.colorScheme ?? 'light' });
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog opened: ${d.message()}`);
    void d.dismiss();
  });
  page.on('request', (req) => !req.url().startsWith(base) && problems.push(`request left the dashboard: ${req.url()}`));
  return { page, problems };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * The dashboard over a finished sweep, open in a watched page: runs `body`, then closes the
 * browser and stops the server whatever happened. Without a browser the test skips (or, in CI,
 * fails) inside `launchBrowser` and `body` does not run.
 */
export async function onFinishedDashboard(t: TestContext, body: (d: { page: Page; problems: string[]; url: string; db: string }) => Promise<void>): Promise<void> {
  const { db } = await finishedSweep();
  const served = await serve(db);
  const browser = await launchBrowser(t);
  try {
    if (!browser) return;
    const { page, problems } = await watchedPage(browser, served.url);
    await body({ page, problems, url: served.url, db });
  } finally {
    await browser?.close();
    await served.stop();
  }
}
