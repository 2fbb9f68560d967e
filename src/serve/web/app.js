// The dashboard's front end: plain ES modules, no build step. Charts come from /charts/, the same
// module the HTML report is drawn with. Routing is by the URL's hash; the live status arrives as
// server-sent events, one stream for the whole session.
import { h } from './dom.js';
import { acrossPage, sweepsPage } from './sweeps.js';
import { sweepPage } from './sweep.js';
import { comparePage, trialPage } from './trial.js';

const main = document.getElementById('main');
const crumbs = document.getElementById('crumbs');
const live = document.getElementById('live');

const statusListeners = new Set();
const session = { lastStatus: [] };

function connectStatus() {
  const events = new EventSource('/api/events');
  events.addEventListener('status', (ev) => {
    session.lastStatus = JSON.parse(ev.data);
    live.textContent = `live, updated ${new Date().toLocaleTimeString()}`;
    live.className = 'live on';
    for (const f of statusListeners) f(session.lastStatus);
  });
  events.addEventListener('error', () => {
    live.textContent = 'reconnecting…';
    live.className = 'live off';
  });
}

let generation = 0;

/** What every page gets: where to draw, how to set the breadcrumbs, the live status. */
function context(gen) {
  return {
    main,
    current: () => gen === generation,
    setCrumbs: (...items) => crumbs.replaceChildren(...items.flatMap((item, i) => [i ? ' / ' : '', item])),
    onStatus: (f) => statusListeners.add(f),
    lastStatus: () => session.lastStatus,
  };
}

function route() {
  const gen = ++generation;
  const [path, query] = (location.hash.slice(1) || '/').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  statusListeners.clear();
  main.replaceChildren();
  crumbs.replaceChildren();
  const ctx = context(gen);
  const page =
    parts.length === 0 ? sweepsPage(ctx)
    : parts[0] === 'across' ? acrossPage(ctx)
    : parts[0] === 'sweep' && parts[1] ? sweepPage(ctx, parts[1])
    : parts[0] === 'trial' && parts.length >= 2 ? trialPage(ctx, parts.slice(1).join('/'))
    : parts[0] === 'compare' ? comparePage(ctx, new URLSearchParams(query ?? ''))
    : Promise.resolve(main.append(h('p', {}, 'No such page. ', h('a', { href: '#/' }, 'All sweeps'))));
  page.catch((err) => ctx.current() && main.append(h('p', { class: 'error', role: 'alert' }, String(err.message ?? err))));
}

connectStatus();
window.addEventListener('hashchange', route);
route();
