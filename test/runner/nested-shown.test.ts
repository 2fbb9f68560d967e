import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI } from '../helpers.js';
import { forEachStore } from '../store/both-stores.js';
import { sweepDir } from './runner-fixture.js';
import { runNested, writeNestedSweep } from './nested-fixture.js';

const cli = (args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
};

forEachStore(({ kind, fresh, skip }) => {
  test(`nested on ${kind}: leaderboard --sweep NAME shows the stored nested estimate, its interval and method beside the top score (footer, json on the rank 1 row), and the HTML report has its panel`, async (t) => {
    if (skip()) return t.skip(String(skip()));
    const { dir } = sweepDir();
    const db = fresh();
    const file = writeNestedSweep(dir);
    cli(['run', file, '--db', db, '--workers', '2', '--quiet']);
    const bare = cli(['leaderboard', '--sweep', 'n', '--db', db]);
    assert.doesNotMatch(bare, /nested/, 'no nested line before a nested run');
    const out = runNested(file, db);
    const e = out.estimate;

    const text = cli(['leaderboard', '--sweep', 'n', '--db', db]);
    const line = text.split('\n').find((l) => l.startsWith('nested estimate'));
    assert.ok(line, text);
    assert.ok(line.includes(`${e.mean.toFixed(2)}%, 95% interval ${Math.max(0, e.low).toFixed(2)} to ${Math.min(100, e.high).toFixed(2)}`), line);
    assert.match(line, /scores on rows the search never saw/, 'says what it estimates');
    assert.match(line, /Varma & Simon 2006; interval: Nadeau & Bengio/, 'names the method');
    const rows = JSON.parse(cli(['leaderboard', '--sweep', 'n', '--db', db, '--format', 'json'])) as Record<string, unknown>[];
    const top = rows.find((r) => r.rank === 1)!;
    assert.ok(line.includes(`top score ${(top.meanPct as number).toFixed(2)}%`), 'beside the top score');
    assert.equal(top.nestedEstimate, Number(e.mean.toFixed(4)));
    assert.equal(top.nestedLow, Number(e.low.toFixed(4)));
    assert.equal(top.nestedHigh, Number(e.high.toFixed(4)));
    assert.equal(top.nestedOuter, 3);
    assert.equal(top.nestedMetric, 'accuracy');
    assert.match(String(top.nestedMethod), /Nadeau & Bengio/);
    assert.ok(rows.filter((r) => r.rank !== 1).every((r) => r.nestedEstimate === null));

    const html = join(dir, 'r.html');
    cli(['report', '--sweep', 'n', '--db', db, '--out', html]);
    const page = readFileSync(html, 'utf8');
    const panel = /<section class="panel" id="nested">([\s\S]*?)<\/section>/.exec(page);
    assert.ok(panel, 'the report has the nested panel');
    assert.ok(panel[1].includes(`${e.mean.toFixed(2)}%`));
    for (const f of out.folds) assert.ok(panel[1].includes(f.sweep), `outer fold ${f.sweep} listed`);
  });
});
