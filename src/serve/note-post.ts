import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setNote } from '../api/manage.js';
import { isUserError } from '../errors.js';
import { sendJson } from './http.js';

/**
 * The dashboard's one write: a note from the trial page, only with --allow-notes. It must come
 * from this server's own page: same origin (Origin and Sec-Fetch-Site when the browser sends
 * them), JSON (another origin would need a CORS preflight, which is never granted) and this
 * process's token.
 */
export function notePoster(o: { allowNotes: boolean; db: string | undefined; token: string }) {
  const tokenBytes = Buffer.from(o.token);
  return async function postNote(req: IncomingMessage, res: ServerResponse): Promise<void> {
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
  };
}
