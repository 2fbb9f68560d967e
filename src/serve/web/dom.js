// Small helpers shared by the pages: elements, the JSON API, formatting and chart mounting.
// Every string from the results reaches the page as a text node or an attribute value set with
// setAttribute; nothing is ever parsed as HTML.
import { toDom } from '/charts/node.js';

/** An element with attributes and children; strings become text nodes. */
export function h(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'class') e.className = v;
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

export async function api(path, params = {}) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) url.searchParams.set(k, v);
  const r = await fetch(url, { cache: 'no-store' });
  const body = await r.json();
  if (!r.ok) throw new Error(body.error ?? r.statusText);
  return body;
}

/** A same-origin link to a file the server sends as an attachment. */
export function downloadLink(path, params, text) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return h('a', { href: `${url.pathname}${url.search}`, download: '', class: 'download' }, text);
}

export const fixed = (digits) => (v) => (v === null || v === undefined ? '-' : Number(v).toFixed(digits));
export const pct2 = fixed(2);
export const basename = (p) => (p === 'sonar' ? 'sonar' : p.split(/[\\/]/).pop());

export function duration(s) {
  if (s === null || s === undefined) return '-';
  const t = Math.round(s);
  if (t < 60) return `${t}s`;
  if (t < 3600) return `${Math.floor(t / 60)}m${String(t % 60).padStart(2, '0')}s`;
  return `${Math.floor(t / 3600)}h${String(Math.floor((t % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * What to say instead of a time to arrival: finished, idle (no runner holds a trial, so any ETA
 * would be invented), or the estimate while a runner works.
 */
export function etaText(r) {
  if (r.foldFits + (r.fitsSaved ?? 0) >= r.foldFitsTotal) return 'finished';
  if (r.running === 0) return 'idle (no runner)';
  return r.etaSeconds === null ? 'estimating' : `ETA ${duration(r.etaSeconds)}`;
}

export const trialHref = (sweep, key) => `#/trial/${encodeURIComponent(sweep)}/${encodeURIComponent(key)}`;
export const sweepHref = (sweep) => `#/sweep/${encodeURIComponent(sweep)}`;
export const compareHref = (a, b) => `#/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`;

// ---- charts: drawn at the width of their box, again when it changes -----------------------------

const mounted = new Set();
let resizeTimer = null;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    for (const m of [...mounted]) {
      if (m.box.isConnected) m.render();
      else mounted.delete(m);
    }
  }, 150);
});

/** A box that holds `draw(width)`'s chart (an SvgNode from /charts/), redrawn when its width changes. */
export function chartBox(draw, id) {
  const box = h('div', { class: 'chart-box', 'data-chart-box': id ?? '' });
  const m = { box, width: 0, render: () => {} };
  m.render = () => {
    const width = Math.max(280, Math.floor(box.clientWidth || 600));
    if (width === m.width) return;
    m.width = width;
    try {
      box.replaceChildren(toDom(draw(width), document));
    } catch (err) {
      box.replaceChildren(h('p', { class: 'error' }, `chart failed: ${err.message}`));
    }
  };
  mounted.add(m);
  // Drawn once the box is in the page and has a width.
  requestAnimationFrame(() => m.render());
  return box;
}

/** A card holding one panel (title, chart, caption) of /charts/sweep.js. */
export function panelCard(id, panelAt) {
  const first = panelAt(600);
  return h('section', { class: 'card panel', id }, h('h2', {}, first.title), chartBox((w) => panelAt(w).chart, id), first.caption ? h('figcaption', {}, first.caption) : null);
}
