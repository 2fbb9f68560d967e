import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createProgress, fitLine, formatDuration } from '../../src/cli/progress.js';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { stream: { isTTY, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream, writes };
}

test('on a terminal: done/total, rate, elapsed and ETA on one rewritten line', () => {
  const { stream, writes } = fakeStream(true);
  const p = createProgress({ label: 'grid', unit: 'fold fits', total: 10, stream });
  p.update(10, 'best 88.50%');
  p.finish();
  const ESC = String.fromCharCode(27);
  assert.ok(writes[0].startsWith(`\r${ESC}[K`), 'rewrites the line in place');
  assert.match(writes[0].slice(4), /^grid 10\/10 fold fits {2}ETA 0s {2}[\d.]+\/s {2}best 88\.50% {2}elapsed \d+s$/);
  assert.equal(writes.at(-1), `\r${ESC}[K`, 'the line is cleared at the end');
});

test('not a terminal: quiet, or plain lines when asked; --quiet silences both', () => {
  const plain = fakeStream(false);
  const quietWhenPiped = createProgress({ label: 'cv', unit: 'epochs', total: 5, stream: plain.stream });
  quietWhenPiped.update(3);
  quietWhenPiped.update(5);
  assert.deepEqual(plain.writes, []);

  const logged = fakeStream(false);
  const lines = createProgress({ label: 'run', unit: 'fold fits', total: 5, stream: logged.stream, plainEveryMs: 60_000 });
  lines.update(1);
  lines.update(2);
  lines.update(5);
  // The line at 100% waits for finish(), so a later update (the best read after the last pack) replaces it.
  assert.equal(logged.writes.length, 1, 'the first update (the rest within 60 s are skipped)');
  lines.finish();
  assert.equal(logged.writes.length, 2, 'then the final one, at finish');
  assert.ok(logged.writes.every((w) => w.endsWith('\n') && !w.includes('\r')));

  const tty = fakeStream(true);
  const quiet = createProgress({ label: 'run', unit: 'fold fits', total: 5, stream: tty.stream, quiet: true, plainEveryMs: 1 });
  quiet.update(5);
  quiet.finish();
  assert.deepEqual(tty.writes, []);
});

test('durations read as people read them', () => {
  assert.equal(formatDuration(0), '0s');
  assert.equal(formatDuration(59.4), '59s');
  assert.equal(formatDuration(272.8), '4m33s');
  assert.equal(formatDuration(3 * 3600 + 5 * 60), '3h05m');
  assert.equal(formatDuration(Infinity), '?');
});

test('on a narrow terminal the line drops fields, least important last-first, and never wraps', () => {
  const writes: string[] = [];
  const stream = { isTTY: true, columns: 40, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream;
  const p = createProgress({ label: 'dropout-grid', unit: 'fits', total: 5760, stream });
  p.update(100, 'best 88.50%  failed 2');
  const line = writes[0].slice(4);
  assert.ok(line.length <= 39, `fits in 39 columns: ${JSON.stringify(line)}`);
  assert.match(line, /^dropout-grid 100\/5760 fits {2}ETA \S+/, 'done/total and ETA stay');
  assert.equal(fitLine(['a', 'bb', 'ccc'], 5), 'a  bb');
  assert.equal(fitLine(['a very long first field'], 6), 'a very', 'a lone field is cut to the width');
});
