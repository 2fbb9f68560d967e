import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { LIBRARY_TABLES } from '../../src/api/options/index.js';
import { refreshLibraryDoc } from '../../src/api/options/library-doc.js';
import { runLibraryExample } from '../helpers.js';

const page = readFileSync('docs/library.md', 'utf8');

test("docs/library.md's option tables are the declarations (node scripts/commands-doc.js remakes them)", () => {
  assert.equal(page, refreshLibraryDoc(page, LIBRARY_TABLES));
  assert.ok(page.includes('| `pack` | fold fits trained together per task | `20` | `--pack` |'));
});

test("docs/library.md's examples run in order as written, importing the package by its name", () => {
  const code = [...page.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]).join('\n');
  const r = runLibraryExample(code, 'library-doc');
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  // The mistakes print what the page says they print.
  const said = [...page.matchAll(/^\/\/ (exit 2: .*)$/gm)].map((m) => m[1]);
  assert.equal(said.length, 3);
  assert.deepEqual(lines.slice(0, 3), said);
  const rest = lines.slice(3).join('\n');
  assert.match(rest, /^cv [0-9a-f]{16}: \d+\.\d\d% accuracy, macro F1 0\.\d{3} over 5 folds$/m);
  assert.match(rest, /^3 trials, 30 fold fits, about \d+ s on 2 workers$/m);
  assert.match(rest, /^progress: 30\/30 fold fits, best \d+\.\d\d%$/m);
  assert.match(rest, /^completed: 3\/3 trials done$/m);
  assert.equal(rest.match(/^[123] (Baseline|Visible|Hidden) \d+\.\d\d% \[/gm)?.length, 3);
  assert.match(rest, /^compare: 10 paired folds, mean difference -?\d+\.\d\d points, p = [01]\.\d{3}$/m);
  assert.match(rest, /^trial Baseline: 10 folds, done$/m);
  assert.match(rest, /^query: 30 fold results$/m);
  assert.match(rest, /^dashboard: 1 sweep\(s\) at 127\.0\.0\.1$/m);
  assert.match(rest, /^note on tutorial\/cb39a9$/m);
  assert.match(rest, /^renamed tutorial to keras-tutorial$/m);
  assert.match(rest, /^deleted keras-tutorial: 3 trials, 30 fold results, 1 note\(s\)$/m);
});
