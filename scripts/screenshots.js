// Screenshots of every dashboard page, light and dark, at desktop (1400 px) and phone (390 px)
// width, from real sweeps, into docs/screenshots/ (and the README's docs/dashboard.png). Run by
// hand after `npm run build`, never by `npm test`:
//
//   node scripts/screenshots.js            # the tutorial and the random search, as shipped
//   node scripts/screenshots.js --grid     # also the 576-trial grid as shipped (long: ~5,760 fits of 300 epochs)
//   node scripts/screenshots.js --db F     # reuse (or keep) the database F instead of a temporary one
//
// It runs the sweeps with dropsweep itself, starts `dropsweep serve`, drives Debian's Chromium
// (playwright-core, $DROPSWEEP_CHROMIUM or /usr/bin/chromium) and, with Pillow or ImageMagick at
// hand, stores each PNG with a 128-colour palette to keep the files small.
/* global document */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const CLI = resolve('dist/src/cli/main.js');
const OUT = resolve('docs/screenshots');
const CHROMIUM = process.env.DROPSWEEP_CHROMIUM ?? '/usr/bin/chromium';
const args = process.argv.slice(2);
const withGrid = args.includes('--grid');
const dbAt = args.indexOf('--db');
const scratch = mkdtempSync(join(tmpdir(), 'dropsweep-shots-'));
const db = dbAt >= 0 ? resolve(args[dbAt + 1]) : join(scratch, 'shots.sqlite');

function cli(argv) {
  const r = spawnSync(process.execPath, [CLI, ...argv], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`dropsweep ${argv.join(' ')} exited with ${r.status}`);
  return r.stdout;
}

function run(sweep) {
  process.stderr.write(`running ${sweep} (resumes if it is already in ${db})\n`);
  cli(['run', `sweeps/${sweep}.yaml`, '--db', db]);
}

function serve() {
  const child = spawn(process.execPath, [CLI, 'serve', '--db', db, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((ok, fail) => {
    let out = '';
    child.once('exit', (code) => fail(new Error(`serve exited with ${code}`)));
    child.stdout.on('data', (d) => {
      out += d;
      const url = /(http:\/\/\S+\/)/.exec(out)?.[1];
      if (url) ok({ url, stop: () => child.kill('SIGTERM') });
    });
  });
}

/**
 * A PNG with a 128-colour palette, a third of the size and the same to the eye: with Python's
 * Pillow (Debian's python3-pil) or ImageMagick, whichever works; left as it is without either.
 */
const PILLOW = 'import sys\nfrom PIL import Image\nImage.open(sys.argv[1]).convert("RGB").quantize(128, method=Image.Quantize.FASTOCTREE).save(sys.argv[2], optimize=True)';
function shrink(file) {
  const small = `${file}.small.png`;
  const tries = [
    ['/usr/bin/python3', ['-c', PILLOW, file, small]],
    ['magick', [file, '-colors', '128', `PNG8:${small}`]],
    ['convert', [file, '-colors', '128', `PNG8:${small}`]],
  ];
  for (const [tool, argv] of tries) {
    if (spawnSync(tool, argv, { stdio: 'ignore' }).status === 0 && existsSync(small)) return renameSync(small, file);
  }
  rmSync(small, { force: true });
}

async function main() {
  if (!existsSync(CLI)) throw new Error('run npm run build first');
  for (const sweep of ['tutorial', 'random-search', ...(withGrid ? ['dropout-grid'] : [])]) run(sweep);
  const tutorial = JSON.parse(cli(['leaderboard', '--db', db, '--sweep', 'tutorial', '--format', 'json']));
  // Notes, so that the trial page's note card, the leaderboard's mark and the sweep's note show.
  cli(['note', '--db', db, '--sweep', 'tutorial', 'The three models of the Keras dropout tutorial, on its own folds (StratifiedKFold, shuffle, random_state 7).']);
  cli(['note', '--db', db, '--sweep', 'tutorial', '--trial', tutorial[0].trialKey, `${tutorial[0].name}: the tutorial's settings, ranked first here.`]);
  const sweeps = ['tutorial', 'random-search', ...(withGrid ? ['dropout-grid'] : [])];
  const pages = [
    ['sweeps', '#/', 'td[data-field="done"]'],
    ['across', '#/across', '#across-history .chart-box > *'],
    ...sweeps.map((s) => [`sweep-${s}`, `#/sweep/${s}`, '#parallel .chart-box > *']),
    ['trial', `#/trial/tutorial/${tutorial[0].trialKey}`, 'table.folds tbody tr'],
    ['compare', `#/compare?a=tutorial/${tutorial[0].trialKey}&b=tutorial/${tutorial[1].trialKey}`, '#differences .chart-box > *'],
  ];
  mkdirSync(OUT, { recursive: true });
  const server = await serve();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  try {
    for (const [width, device] of [[1400, 'desktop'], [390, 'phone']]) {
      for (const scheme of ['light', 'dark']) {
        const page = await browser.newPage({ viewport: { width, height: width > 600 ? 1000 : 844 }, colorScheme: scheme });
        for (const [name, hash, ready] of pages) {
          await page.goto('about:blank');
          await page.goto(`${server.url}${hash}`);
          await page.locator(ready).first().waitFor({ timeout: 60_000 });
          await page.waitForFunction(() => [...document.querySelectorAll('.chart-box')].every((b) => b.firstElementChild));
          // The live stamp changes every second: hide it so the pictures do not differ for nothing.
          await page.evaluate(() => (document.getElementById('live').textContent = 'live'));
          const file = join(OUT, `${name}-${device}-${scheme}.png`);
          await page.screenshot({ path: file, fullPage: true });
          shrink(file);
          process.stderr.write(`wrote ${file}\n`);
          if (name === 'sweep-tutorial' && device === 'desktop' && scheme === 'light') {
            const hero = resolve('docs/dashboard.png');
            await page.screenshot({ path: hero, fullPage: true, clip: { x: 0, y: 0, width: 1400, height: 1900 } });
            shrink(hero);
            process.stderr.write(`wrote ${hero}\n`);
          }
        }
        await page.close();
      }
    }
  } finally {
    await browser.close();
    server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`screenshots: ${err.message}\n`);
  process.exit(1);
});
