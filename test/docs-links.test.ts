import assert from 'node:assert/strict';
import { test } from 'node:test';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

/**
 * The README is a short page for users, and it and the docs/ guide link only to files a clone
 * has: every relative link of README.md and docs/*.md names a file or folder of the repository.
 */
const PAGES = ['README.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];

/** The link targets of a markdown page, outside code (fenced blocks and inline code spans). */
function linkTargets(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
}

const relative = (target: string) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#');

test('the link reader finds links and images outside code, with their anchors', () => {
  const page = 'See [the guide](docs/README.md#start), ![shot](docs/a.png "A") and <https://x.org>.\n`[not](a.md)`\n```\n[nor](b.md)\n```\n[web](https://example.org) [here](#top)';
  assert.deepEqual(linkTargets(page), ['docs/README.md#start', 'docs/a.png', 'https://example.org', '#top']);
  assert.deepEqual(linkTargets(page).filter(relative), ['docs/README.md#start', 'docs/a.png']);
});

for (const page of PAGES) {
  test(`every relative link in ${page} points to a file of the repository`, () => {
    const text = readFileSync(page, 'utf8');
    const missing = linkTargets(text)
      .filter(relative)
      .map((t) => decodeURI(t.split('#')[0]))
      .filter((t) => t !== '' && !existsSync(normalize(join(dirname(page), t))));
    assert.deepEqual(missing, [], `${page} links to files that do not exist`);
    assert.ok(!text.includes('../shared'), `${page} points outside the repository (../shared)`);
  });
}

test('README.md stays a short page for users (at most 260 lines)', () => {
  const lines = readFileSync('README.md', 'utf8').split('\n').length;
  assert.ok(lines <= 260, `README.md has ${lines} lines`);
});

test('the README links to the guide, and the guide links to every docs page', () => {
  assert.ok(linkTargets(readFileSync('README.md', 'utf8')).includes('docs/README.md'), 'README.md links to docs/README.md');
  const guide = new Set(linkTargets(readFileSync('docs/README.md', 'utf8')).map((t) => t.split('#')[0]));
  const unlisted = PAGES.filter((p) => p.startsWith('docs/') && p !== 'docs/README.md' && !guide.has(p.slice('docs/'.length)));
  assert.deepEqual(unlisted, [], 'pages docs/README.md does not list');
});
