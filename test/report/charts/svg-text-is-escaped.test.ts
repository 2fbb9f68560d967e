import assert from 'node:assert/strict';
import { test } from 'node:test';
import { el, toDom, toMarkup } from '../../../src/report/charts/node.js';
import { stripChart } from '../../../src/report/charts/strip.js';
import { ACCURACY } from '../../../src/report/charts/metric.js';

const NAME = '<script>alert(1)</script>';

test('text and attributes are escaped in markup; an event attribute is refused', () => {
  const chart = stripChart([{ key: 'k', label: NAME, title: `"${NAME}" & co`, mean: 80, folds: [80, 80] }], { width: 400, metric: ACCURACY });
  const markup = toMarkup(chart);
  assert.doesNotMatch(markup, /<script>/);
  assert.match(markup, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(markup, /"&lt;script&gt;alert\(1\)&lt;\/script&gt;" &amp; co/, "quotes need no escape in text, only in attributes");
  assert.equal(toMarkup(el('rect', { 'data-x': '"><script>' })), '<rect data-x="&quot;&gt;&lt;script&gt;"></rect>');
  assert.throws(() => toMarkup(el('rect', { onclick: 'x()' })), /not an attribute/);
  assert.throws(() => toMarkup(el('script>', {})), /not a tag name/);
});

test('in the browser the same tree becomes elements and text nodes, SVG ones in the SVG namespace', () => {
  type Fake = { ns: string | null; tag: string; attrs: Record<string, string>; children: (Fake | { text: string })[]; setAttribute(k: string, v: string): void; append(...n: unknown[]): void };
  const make = (ns: string | null, tag: string): Fake => ({ ns, tag, attrs: {}, children: [], setAttribute(k, v) { this.attrs[k] = v; }, append(...n) { this.children.push(...(n as Fake[])); } });
  const doc = { createElement: (t: string) => make(null, t), createElementNS: (ns: string, t: string) => make(ns, t), createTextNode: (text: string) => ({ text }) };
  const tree = el('figure', {}, el('svg', { width: 10 }, el('text', { x: 1.234 }, NAME)));
  const dom = toDom(tree, doc);
  assert.equal(dom.ns, null, 'figure is HTML');
  const svg = dom.children[0] as Fake;
  assert.equal(svg.ns, 'http://www.w3.org/2000/svg');
  const text = svg.children[0] as Fake;
  assert.equal(text.ns, 'http://www.w3.org/2000/svg', 'inside an svg, SVG elements');
  assert.deepEqual(text.attrs, { x: '1.23' });
  assert.deepEqual(text.children, [{ text: NAME }], 'the name is a text node, never markup');
  assert.throws(() => toDom(el('rect', { onload: 'x()' }), doc), /not an attribute/);
});
