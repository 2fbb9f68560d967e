// The layout rules read from outside, checked on every run: modules import only downward in the
// flow (so a folder can be read without the ones above it), no import cycle, no function over 120
// lines outside the wasm kernel, no source file far over 500 lines.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

const SRC = resolve('src');
// Lower number, lower floor: a module may import its own folder and any folder on a lower floor.
const FLOOR: Record<string, number> = {
  errors: 0, version: 0, stats: 0,
  data: 1,
  engine: 2,
  sweep: 3,
  store: 4, report: 4,
  runner: 5,
  api: 6,
  serve: 7,
  cli: 8, index: 8,
};
const KERNEL = join('src', 'engine', 'fused', 'assembly');

function sources(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [relative('.', path)] : [];
  });
}
const room = (file: string) => relative('src', file).split(/[\\/]/)[0].replace(/\.ts$/, '');

/** The local modules a file imports (import, export ... from, import()), as repository paths. */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map(([, spec]) => relative('.', resolve(dirname(file), spec)).replace(/\.js$/, '.ts'));
}

const files = sources().filter((f) => !f.startsWith(KERNEL));

test('every source folder has a floor, and modules import only their own folder or lower floors', () => {
  const upward: string[] = [];
  for (const file of files) {
    const from = room(file);
    assert.ok(from in FLOOR, `${file}: folder "${from}" has no floor in this test; give it one where it sits in the flow`);
    for (const target of imports(file)) {
      const to = room(target);
      if (to !== from && !(FLOOR[to] < FLOOR[from])) upward.push(`${file} -> ${target}`);
    }
  }
  assert.deepEqual(upward, [], 'imports that run up (or sideways between folders on one floor)');
});

test('no import cycle between source modules', () => {
  const graph = new Map(files.map((f) => [f, imports(f).filter((t) => t !== f)]));
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const visit = (f: string, path: string[]) => {
    if (state.get(f) === 'done') return;
    if (state.get(f) === 'open') {
      cycles.push([...path.slice(path.indexOf(f)), f].join(' -> '));
      return;
    }
    state.set(f, 'open');
    for (const t of graph.get(f) ?? []) visit(t, [...path, f]);
    state.set(f, 'done');
  };
  for (const f of files) visit(f, []);
  assert.deepEqual(cycles, []);
});

test('no function over 120 lines outside the wasm kernel, no source file over 520 lines', () => {
  const long: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    if (lines > 520) long.push(`${file}: ${lines} lines`);
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const first = sf.getLineAndCharacterOfPosition(node.getStart()).line;
        const last = sf.getLineAndCharacterOfPosition(node.end).line;
        if (last - first + 1 > 120) long.push(`${file}:${first + 1}: a function of ${last - first + 1} lines`);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  assert.deepEqual(long, []);
});
