import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveOptions, type LibraryValues } from '../api/options/declare.js';
import { SERVE_OPTIONS, hostProblem } from '../api/options/serve.js';
import { setNote } from '../api/manage.js';
import { openResults, type Results } from '../api/results.js';
import { UserError, isUserError } from '../errors.js';
import { CHART_CSS } from '../report/charts/theme.js';
import { apiRoutes, downloadRoutes, type ApiRoute } from './routes.js';

/**
 * `startDashboard`'s options, declared with the serve command's flags in src/api/options/serve.ts:
 * db, port (default 8080; 0 picks a free one), host (default 127.0.0.1: only this machine can
 * connect), allowHosts (more names the server answers to, as a browser sends them in `Host`:
 * `NAME` or `NAME:PORT`; anything else still gets 421, against DNS rebinding), allowNotes (the
 * trial page may write notes) and pollMs (how often the live status is re-read, default 1000).
 */
export type DashboardOptions = LibraryValues<typeof SERVE_OPTIONS>;

export interface Dashboard {
  url: string;
  host: string;
  port: number;
  db: string;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
export const isLoopback = (host: string) => LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);

// No inline script, no inline style and nothing from another origin: the charts are SVG elements
// made with createElementNS and styled by /charts.css.
const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

interface StaticFile {
  body: Buffer;
  type: string;
}

/**
 * Every file the browser may get, read once at start and looked up by exact path: a request can
 * name nothing else, so `..`, encoded slashes and symlinks lead nowhere. The chart module is the
 * report's, compiled (dist/src/report/charts/*.js are browser-ready ES modules), sent at /charts/.
 */
function staticFiles(): Map<string, StaticFile> {
  const web = fileURLToPath(new URL('../../../src/serve/web/', import.meta.url));
  const files = new Map<string, StaticFile>();
  for (const name of readdirSync(web)) {
    const type = TYPES[extname(name)];
    if (type) files.set(`/${name}`, { body: readFileSync(join(web, name)), type });
  }
  files.set('/', files.get('/index.html')!);
  const charts = fileURLToPath(new URL('../report/charts/', import.meta.url));
  for (const name of readdirSync(charts).filter((n) => n.endsWith('.js'))) {
    // The source map stays on disk: a browser asking for it would get a 404 it reports as an error.
    const code = readFileSync(join(charts, name), 'utf8').replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
    files.set(`/charts/${name}`, { body: Buffer.from(code), type: TYPES['.js'] });
  }
  files.set('/charts.css', { body: Buffer.from(CHART_CSS), type: TYPES['.css'] });
  return files;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...extra });
  res.end(body);
}

const sendJson = (res: ServerResponse, status: number, value: unknown) =>
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value), { 'Cache-Control': 'no-store' });

/** The names this server answers to: a page on another name (DNS rebinding) gets nothing. */
function allowedHosts(host: string, port: number, extra: string[]): Set<string> {
  const names = new Set([...LOOPBACK].map((h) => `${h}:${port}`));
  const add = (h: string) => names.add(`${h.includes(':') ? `[${h}]` : h}:${port}`);
  add(host);
  if (host === '0.0.0.0' || host === '::') {
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) add(a.address);
  }
  for (const name of extra) {
    const lower = name.toLowerCase();
    if (/:\d{1,5}$/.test(lower)) names.add(lower);
    else {
      names.add(lower);
      names.add(`${lower}:${port}`);
    }
  }
  return names;
}

/** Checks an `--allow-host` value: a host name or IP address as a browser writes it in `Host`, with an optional port. */
export function checkAllowedHost(name: string): string {
  const problem = hostProblem(name);
  if (problem) throw new UserError(`option --allow-host: ${problem}`);
  return name;
}

/**
 * A web dashboard over a results database: static files, a JSON API over `Results`, and a
 * server-sent event stream of every sweep's status. No endpoint takes SQL. Read-only, but for
 * notes written from the trial page when `allowNotes` (POST /api/note, see postNote).
 */
export async function startDashboard(options: DashboardOptions = {}): Promise<Dashboard> {
  const o = resolveOptions('startDashboard', SERVE_OPTIONS, options);
  const host = o.host;
  const extraHosts = o.allowHosts.map(checkAllowedHost);
  const results: Results = await openResults(o.db);
  const files = staticFiles();
  const routes = apiRoutes(results, o.metric);
  const downloads = downloadRoutes(results, o.metric);
  const streams = new Set<ServerResponse>();
  const token = randomBytes(24).toString('hex');
  const tokenBytes = Buffer.from(token);
  let hosts = new Set<string>();
  let lastStatus = '';

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      process.stderr.write(`dropsweep serve: ${(err as Error).stack ?? String(err)}\n`);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error (see the server log)' });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hosts.has((req.headers.host ?? '').toLowerCase())) {
      return send(res, 421, 'text/plain', `unknown Host ${JSON.stringify((req.headers.host ?? '').slice(0, 100))}: this dashboard answers to its own addresses; to allow a name, start it with --allow-host NAME\n`);
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'POST' && url.pathname === '/api/note') return postNote(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'read-only: GET only\n', { Allow: 'GET, HEAD' });
    // Another origin cannot read this answer (no CORS header), so it cannot learn the token.
    if (url.pathname === '/api/session') return sendJson(res, 200, { notes: o.allowNotes === true, token: o.allowNotes ? token : null });
    if (url.pathname === '/api/events') return openStream(res);
    const route: ApiRoute | undefined = routes[url.pathname];
    if (route) {
      try {
        return sendJson(res, 200, await route(url.searchParams));
      } catch (err) {
        if (isUserError(err)) return sendJson(res, 400, { error: err.message });
        throw err;
      }
    }
    const download = downloads[url.pathname];
    if (download) {
      try {
        const d = await download(url.searchParams);
        return send(res, 200, d.type, d.body, { 'Cache-Control': 'no-store', 'Content-Disposition': `attachment; filename="${d.filename}"` });
      } catch (err) {
        if (isUserError(err)) return sendJson(res, 400, { error: err.message });
        throw err;
      }
    }
    const file = files.get(url.pathname);
    if (!file) return send(res, 404, 'text/plain', 'not found\n');
    send(res, 200, file.type, file.body, { 'Cache-Control': 'no-cache' });
  }

  /**
   * The one write: a note from the trial page, only with --allow-notes. It must come from this
   * server's own page: same origin (Origin and Sec-Fetch-Site when the browser sends them), JSON
   * (another origin would need a CORS preflight, which is never granted) and this process's token.
   */
  async function postNote(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!o.allowNotes) return sendJson(res, 403, { error: 'read-only: start the dashboard with --allow-notes to write notes here' });
    const origin = req.headers.origin;
    const site = req.headers['sec-fetch-site'];
    const given = Buffer.from(String(req.headers['x-dropsweep-token'] ?? ''));
    const sameOrigin = (origin === undefined || origin === `http://${req.headers.host}`) && (site === undefined || site === 'same-origin');
    if (!sameOrigin || given.length !== tokenBytes.length || !timingSafeEqual(given, tokenBytes)) return sendJson(res, 403, { error: 'a note can only be written from this dashboard\'s own page' });
    if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return sendJson(res, 415, { error: 'send JSON' });
    let body = '';
    for await (const chunk of req) {
      body += chunk;
      if (body.length > 16_384) return sendJson(res, 413, { error: 'a note is at most 2000 characters' });
    }
    let parsed: { ref?: unknown; note?: unknown };
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      return sendJson(res, 400, { error: 'not JSON' });
    }
    const ref = typeof parsed.ref === 'string' ? parsed.ref : '';
    const slash = ref.lastIndexOf('/');
    if (slash <= 0) return sendJson(res, 400, { error: 'ref must be SWEEP/KEY' });
    if (parsed.note !== null && typeof parsed.note !== 'string') return sendJson(res, 400, { error: 'note must be text or null' });
    try {
      const out = await setNote(parsed.note, { db: o.db, sweep: ref.slice(0, slash), trial: ref.slice(slash + 1) });
      return sendJson(res, 200, { note: out.note, trialKey: out.trialKey });
    } catch (err) {
      if (isUserError(err)) return sendJson(res, 400, { error: err.message });
      throw err;
    }
  }

  function openStream(res: ServerResponse): void {
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    streams.add(res);
    res.on('close', () => streams.delete(res));
    if (lastStatus) res.write(`event: status\ndata: ${lastStatus}\n\n`);
    else void tick();
  }

  // One reader for every open page: the status is read once per tick and sent only when it changed.
  let reading = false;
  async function tick(): Promise<void> {
    if (reading || streams.size === 0) return;
    reading = true;
    try {
      const now = JSON.stringify(await results.status({ metric: o.metric }));
      if (now !== lastStatus) {
        lastStatus = now;
        for (const s of streams) s.write(`event: status\ndata: ${now}\n\n`);
      }
    } catch (err) {
      process.stderr.write(`dropsweep serve: reading the status: ${(err as Error).message}\n`);
    } finally {
      reading = false;
    }
  }
  const timer = setInterval(() => void tick(), o.pollMs);
  // A stream that has sent nothing for a while is kept open through proxies and sleeping laptops.
  const ping = setInterval(() => streams.forEach((s) => s.write(': ping\n\n')), 15_000);

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(o.port, host, () => resolve());
    });
  } catch (err) {
    clearInterval(timer);
    clearInterval(ping);
    await results.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UserError(`option --port: ${o.port} is already in use on ${host}`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UserError(`option --host: ${host} is not an address of this machine`);
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(host, port, extraHosts);
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/`,
    host,
    port,
    db: results.db,
    async close() {
      clearInterval(timer);
      clearInterval(ping);
      for (const s of streams) s.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await results.close();
    },
  };
}
