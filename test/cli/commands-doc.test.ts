import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { buildProgram } from '../../src/cli/program.js';
import { commandsMarkdown } from '../../src/cli/commands-doc.js';
import { CV_CONFIG } from '../../src/api/options/cv.js';
import { RUN_OPTIONS } from '../../src/api/options/run.js';

test('docs/commands.md is the page made from the option declarations (node scripts/commands-doc.js remakes it)', () => {
  assert.equal(readFileSync('docs/commands.md', 'utf8'), commandsMarkdown(buildProgram()));
});

test("the page lists every command once, and an option's help and default as declared", () => {
  const page = readFileSync('docs/commands.md', 'utf8');
  const program = buildProgram();
  for (const c of program.commands) assert.equal(page.split(`\n## dropsweep ${c.name()}\n`).length, 2, c.name());
  assert.ok(page.includes(`| \`--pack <k>\` | ${RUN_OPTIONS.pack.help} | \`20\` |`));
  assert.ok(page.includes(`| \`--epochs <n>\` | ${CV_CONFIG.epochs.help} | \`300\` |`));
  assert.ok(page.includes('| `--workers <n>` | worker threads (default: the number of cores) |  |'));
});
