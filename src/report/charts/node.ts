/**
 * A chart as a tree of plain values. The HTML report turns it into markup in node (`toMarkup`,
 * every text and attribute escaped); the dashboard turns it into DOM nodes in the browser
 * (`toDom`: text becomes text nodes, attributes go through setAttribute). Nothing is ever parsed
 * as HTML, so a trial named `<script>` stays text on both sides.
 *
 * This folder is browser-ready: no node import, relative `.js` imports only. The dashboard's
 * server sends the compiled files as they are.
 */
export type AttrValue = string | number | boolean | null | undefined;
export interface SvgNode {
  tag: string;
  attrs: Record<string, AttrValue>;
  children: SvgNode[] | string[] | (SvgNode | string)[];
}
export type Child = SvgNode | string | number | null | undefined | false;

export function el(tag: string, attrs: Record<string, AttrValue> = {}, ...children: (Child | Child[])[]): SvgNode {
  const kept: (SvgNode | string)[] = [];
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    kept.push(typeof c === 'number' ? String(c) : c);
  }
  return { tag, attrs, children: kept };
}

/** Coordinates to 0.01 px: enough for any screen, and the markup stays small. */
export function attrText(v: AttrValue): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 100) / 100);
  return String(v);
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;');
const NAME = /^[a-zA-Z][a-zA-Z0-9:_-]*$/;

export function toMarkup(n: SvgNode | string): string {
  if (typeof n === 'string') return escapeText(n);
  if (!NAME.test(n.tag)) throw new Error(`not a tag name: ${n.tag}`);
  let attrs = '';
  for (const [k, v] of Object.entries(n.attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (!NAME.test(k) || k.toLowerCase().startsWith('on')) throw new Error(`not an attribute to write: ${k}`);
    attrs += v === true ? ` ${k}=""` : ` ${k}="${escapeAttr(attrText(v))}"`;
  }
  return `<${n.tag}${attrs}>${(n.children as (SvgNode | string)[]).map(toMarkup).join('')}</${n.tag}>`;
}

/** The little of `document` that `toDom` needs (so this module type-checks without the DOM library). */
export interface DocumentLike<E> {
  createElement(tag: string): E;
  createElementNS(ns: string, tag: string): E;
  createTextNode(text: string): unknown;
}
interface ElementLike {
  setAttribute(name: string, value: string): void;
  append(...nodes: unknown[]): void;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** DOM nodes for the tree: elements inside an `svg` in the SVG namespace, the rest HTML. */
export function toDom<E extends ElementLike>(n: SvgNode, doc: DocumentLike<E>, inSvg = false): E {
  const svg = inSvg || n.tag === 'svg';
  const e = svg ? doc.createElementNS(SVG_NS, n.tag) : doc.createElement(n.tag);
  for (const [k, v] of Object.entries(n.attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.toLowerCase().startsWith('on')) throw new Error(`not an attribute to write: ${k}`);
    e.setAttribute(k, v === true ? '' : attrText(v));
  }
  for (const c of n.children as (SvgNode | string)[]) e.append(typeof c === 'string' ? doc.createTextNode(c) : toDom(c, doc, svg));
  return e;
}
