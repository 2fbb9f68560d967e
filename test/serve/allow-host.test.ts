import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { runCli } from '../helpers.js';
import { finishedSweep, serve } from './serve-fixture.js';

function getWithHost(url: string, host: string): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: '/api/status', headers: { host } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('serve --allow-host NAME (repeatable) answers to NAME, with or without the port; every other name still gets 421, told how to allow it', async () => {
  const { db } = await finishedSweep();
  const served = await serve(db, ['--allow-host', 'dash.example', '--allow-host', 'Proxy.Example:8443']);
  try {
    const port = new URL(served.url).port;
    for (const host of [`dash.example:${port}`, 'dash.example', `DASH.example:${port}`, 'proxy.example:8443', `127.0.0.1:${port}`]) {
      assert.equal((await getWithHost(served.url, host)).status, 200, host);
    }
    for (const host of ['evil.example', `evil.example:${port}`, `proxy.example:${port}`, 'dash.example:1', `dash.example.evil:${port}`]) {
      const r = await getWithHost(served.url, host);
      assert.equal(r.status, 421, host);
      assert.match(r.body, /start it with --allow-host NAME/);
    }
  } finally {
    await served.stop();
  }
  const bad = runCli(['serve', '--db', db, '--port', '0', '--allow-host', 'http://x.example/']);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, 'dropsweep: option --allow-host: "http://x.example/" is not a host name (letters, digits, dots and dashes, or [IPv6], with an optional :PORT)\n');
});
