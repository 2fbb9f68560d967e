import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './helpers.js';
import { startRun, sweepDir } from './runner/runner-fixture.js';

/**
 * The README and the docs/ pages show what the commands print: every block marked
 * `<!-- example: ARGS -->` in README.md or docs/*.md is compared with what `dropsweep ARGS` prints
 * today on the tutorial sweep, after masking what changes from run to run (times, rates, dates).
 */
const PAGES = ['README.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const examples = PAGES.flatMap((page) =>
  [...readFileSync(page, 'utf8').matchAll(/<!-- example: (.+?) -->\n```[a-z]*\n([\s\S]*?)```/g)].map((m) => ({ page, args: m[1].trim(), expected: m[2] })),
);

/** Columns whose values are times or rates. */
const VOLATILE = new Set(['seconds', 'fits/s', 'elapsed', 'ETA']);

function normalize(text: string): string[] {
  let volatile: number[] = [];
  return text
    .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'DATE')
    .replace(/(training|in) [\d.]+ s( \([\d.]+ fits\/s\))?/g, '$1 TIME')
    // The estimate depends on the speed measured in the database at hand.
    .replace(/estimated time .*/g, 'estimated time ESTIMATE')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      if (!line.startsWith('│')) return line.replace(/[─]+/g, '─').replace(/ +/g, ' ').trimEnd();
      const cells = line.split('│').map((c) => c.trim());
      if (volatile.length === 0 || cells.some((c) => VOLATILE.has(c))) volatile = cells.flatMap((c, i) => (VOLATILE.has(c) ? [i] : []));
      return cells.map((c, i) => (volatile.includes(i) && !VOLATILE.has(c) ? '*' : c)).join('│');
    })
    .map((line) => (/^[┌├└]/.test(line) ? line.replace(/─+/g, '─') : line));
}

let db = '';
before(async () => {
  const made = sweepDir();
  db = made.db;
  const r = await startRun(['sweeps/tutorial.yaml', '--db', db, '--quiet']).done;
  assert.equal(r.code, 0, r.stderr);
});

test('the README and the docs pages have examples to check', () => {
  assert.ok(examples.filter((e) => e.page === 'README.md').length >= 3, `found ${examples.filter((e) => e.page === 'README.md').length} in README.md`);
  assert.ok(examples.length >= 5, `found ${examples.length}`);
});

for (const example of examples) {
  test(`${example.page} example: dropsweep ${example.args}`, async () => {
    const args = example.args.split(' ');
    let out: string;
    if (args[0] === 'run') {
      // The run example starts from an empty database, as a new user's does.
      const fresh = join(sweepDir().dir, 'r.sqlite');
      const r = await startRun([...args.slice(1), '--db', fresh], { npm_command: 'exec' }).done;
      assert.equal(r.code, 0, r.stderr);
      out = r.stderr.split('\n').filter((l) => /^(new sweep|done:)/.test(l)).join('\n') + '\n' + r.stdout.replaceAll(` --db ${fresh}`, '');
      out = out.replace(`db ${fresh}`, 'db results/dropsweep.sqlite');
    } else {
      const r = runCli([...args, '--db', db], { npm_command: 'exec' });
      assert.equal(r.code, 0, r.stderr);
      out = r.stdout;
    }
    assert.deepEqual(normalize(out), normalize(example.expected));
  });
}
