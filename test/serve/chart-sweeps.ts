import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { runCli } from '../helpers.js';
import { startRun, sweepDir } from '../runner/runner-fixture.js';

/**
 * The sweeps the chart tests draw, in one database, built by real runs in about 15 s:
 *
 * - `tutorial`: sweeps/tutorial.yaml as shipped (3 explicit trials, 300 epochs);
 * - `dropout-grid`: sweeps/dropout-grid.yaml's grid as shipped (576 trials), trained for 2 epochs
 *   of a hidden layer of 8 (the grid's shape is what the charts need, not its accuracy);
 * - `random-search`: sweeps/random-search.yaml's draws as shipped (60 trials, continuous dropout
 *   and log-uniform lr), 5 epochs of [20, 10];
 * - `clipped`: a tiny, nearly separable CSV (40 rows, 4 per fold): fold accuracies of 75 or 100%,
 *   so the corrected intervals run past 100 and must be drawn clipped.
 */
export const SHIPPED = resolve('sweeps');

/** A shipped sweep file with its protocol (and, for random search, trial count) replaced. */
export function derivedSweep(dir: string, shipped: string, protocol: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  const doc = parse(readFileSync(join(SHIPPED, shipped), 'utf8')) as Record<string, unknown>;
  const file = join(dir, shipped);
  writeFileSync(file, stringify({ ...doc, protocol: { ...(doc.protocol as object), ...protocol }, ...extra }));
  return file;
}

/** 40 rows, two features that separate the classes but for three rows placed in between. */
export function separableCsv(dir: string): string {
  let s = 1;
  const random = () => ((s = (s * 16807) % 2147483647), s / 2147483647);
  const rows = ['a,b,c,kind'];
  for (let i = 0; i < 40; i++) {
    const k = i % 2;
    const m = i === 7 || i === 12 || i === 25 ? 0.5 : k;
    rows.push([(m * 2 + random() * 0.6).toFixed(3), random().toFixed(3), (m - random() * 0.3).toFixed(3), k ? 'yes' : 'no'].join(','));
  }
  const file = join(dir, 'separable.csv');
  writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
}

export const CHART_SWEEPS = ['tutorial', 'dropout-grid', 'random-search', 'clipped'] as const;

export async function chartSweeps(): Promise<{ dir: string; db: string }> {
  const { dir, db } = sweepDir();
  const clipped = join(dir, 'clipped.yaml');
  separableCsv(dir);
  writeFileSync(clipped, 'name: clipped\ndata: separable.csv\ntarget: kind\nprotocol: {epochs: 30, hidden: [8], lr: 0.1}\ngrid:\n  dropout: [0, 0.2]\n  placement: [visible, hidden]\n  momentum: [0.8, 0.9]\n');
  const files = [
    join(SHIPPED, 'tutorial.yaml'),
    derivedSweep(dir, 'dropout-grid.yaml', { epochs: 2, hidden: [8] }),
    derivedSweep(dir, 'random-search.yaml', { epochs: 5, hidden: [20, 10] }),
    clipped,
  ];
  for (const file of files) {
    const run = await startRun([file, '--db', db, '--quiet', '--pack', '40']).done;
    assert.equal(run.code, 0, `${file}: ${run.stderr}`);
  }
  return { dir, db };
}

/** `dropsweep report` for each chart sweep: the HTML files, by sweep name. */
export function chartReports(dir: string, db: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of CHART_SWEEPS) {
    out[name] = join(dir, `${name}.html`);
    const r = runCli(['report', '--db', db, '--sweep', name, '--out', out[name]]);
    assert.equal(r.code, 0, r.stderr);
  }
  return out;
}
