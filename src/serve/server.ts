import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveOptions, type LibraryValues } from '../api/options/declare.js';
import { SERVE_OPTIONS, hostProblem } from '../api/options/serve.js';
import { openResults, type Results } from '../api/results.js';
import { UserError, isUserError } from '../errors.js';
import { CHART_CSS } from '../report/charts/theme.js';
import { send, sendJson } from './http.js';
import { notePoster } from './note-post.js';
import { apiRoutes, downloadRoutes, type ApiRoute } from './routes.js';
import { StatusStream } from './status-stream.js';

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
 * notes written from the trial page when `allowNotes` (POST /api/note, see note-post.ts).
 */
export async function startDashboard(options: DashboardOptions = {}): Promise<Dashboard> {
  const o = resolveOptions('startDashboard', SERVE_OPTIONS, options);
  const host = o.host;
  const extraHosts = o.allowHosts.map(checkAllowedHost);
  const results: Results = await openResults(o.db);
  const files = staticFiles();
  const routes = apiRoutes(results, o.metric);
  const downloads = downloadRoutes(results, o.metric);
  const token = randomBytes(24).toString('hex');
  const postNote = notePoster({ allowNotes: o.allowNotes === true, db: o.db, token });
  let hosts = new Set<string>();

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
    if (url.pathname === '/api/events') return status.open(res);
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

  const status = new StatusStream(() => results.status({ metric: o.metric }), o.pollMs);

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(o.port, host, () => resolve());
    });
  } catch (err) {
    status.close(false);
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
      status.close(true);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await results.close();
    },
  };
}
