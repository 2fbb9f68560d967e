import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { request } from 'node:http';
import { test } from 'node:test';
import { finishedSweep, serve } from './serve-fixture.js';

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

function get(url: string, o: { host?: string; method?: string; path?: string } = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: o.path ?? u.pathname + u.search, method: o.method ?? 'GET', headers: o.host ? { host: o.host } : {} }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('serve listens on 127.0.0.1 only, answers only to its own names, serves only its own files and takes no SQL', async () => {
  const { db } = await finishedSweep();
  const served = await serve(db);
  try {
    const port = Number(new URL(served.url).port);
    assert.equal(new URL(served.url).hostname, '127.0.0.1');
    assert.ok(await reachable('127.0.0.1', port));
    const outside = Object.values(networkInterfaces()).flatMap((list) => list ?? []).filter((a) => !a.internal && !a.address.startsWith('fe80'));
    for (const a of outside) assert.equal(await reachable(a.address, port), false, `not reachable on ${a.address}`);
    if (outside.length === 0) process.stdout.write('# this machine has no non-loopback address; only the loopback bind was checked\n');

    const home = await get(served.url);
    assert.equal(home.status, 200);
    const csp = String(home.headers['content-security-policy']);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/, 'no inline script, no other origin');
    assert.doesNotMatch(csp, /https?:|\*/, 'no remote origin');
    assert.doesNotMatch(home.body, /<script>|<script [^>]*>[^<]/, 'no inline script in the page');

    assert.equal((await get(served.url, { host: 'evil.example:80' })).status, 421, 'DNS rebinding: another Host name gets nothing');
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/vendor/../../package.json', '//etc/passwd', '/api/query?sql=SELECT%201']) {
      assert.equal((await get(served.url, { path })).status, 404, path);
    }
    assert.equal((await get(served.url, { method: 'POST', path: '/api/status' })).status, 405);
    const bad = await get(`${served.url}api/board?sweep=${encodeURIComponent("x' OR 1=1 --")}`);
    assert.equal(bad.status, 400, 'a sweep name is a name, looked up as such');
    assert.match(JSON.parse(bad.body).error, /unknown sweep/);
  } finally {
    await served.stop();
  }
});

test('serve --host with a non-loopback address warns that the results are exposed', async () => {
  const { db } = await finishedSweep();
  const served = await serve(db, ['--host', '0.0.0.0']);
  try {
    assert.match(served.stderr(), /warning: --host 0\.0\.0\.0: the dashboard is reachable from other machines/);
  } finally {
    await served.stop();
  }
});
