import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSweepText } from '../../src/sweep/parse.js';
import { resumeDecision, type StoredSweep, type SweepFileNow } from '../../src/sweep/resume.js';

/** resume / extend / refuse for a sweep already stored under the file's name: pure, no database. */
const identity = { data_sha256: 'a'.repeat(64), data_rows: 208, data_columns: 60, data_classes: '{"M":111,"R":97}' };
const spec = (text: string) => parseSweepText(`name: s\n${text}`, 's.yaml', ['fused', 'tfjs']);
const stored = (text: string, o: Partial<StoredSweep> = {}): StoredSweep => ({ name: 's', spec: JSON.stringify(spec(text)), spec_hash: `hash of ${text}`, ...identity, ...o });
const now = (text: string, o: Partial<SweepFileNow> = {}): SweepFileNow => ({ file: 's.yaml', spec: spec(text), specHash: `hash of ${text}`, dataName: 'data sonar', identity, ...o });
const grid = 'grid:\n  lr: [0.01, 0.02]\n';
const bigger = 'grid:\n  lr: [0.01, 0.02, 0.03]\n';
const o = { extend: false, db: 'r.sqlite' };

test('the same spec on the same data resumes; a sweep stored without a data identity adopts the one it resumes with', () => {
  assert.deepEqual(resumeDecision(stored(grid), now(grid), o), { action: 'resume', adoptIdentity: false });
  const old = stored(grid, { data_sha256: null, data_rows: null, data_columns: null, data_classes: null });
  assert.deepEqual(resumeDecision(old, now(grid), o), { action: 'resume', adoptIdentity: true });
  assert.deepEqual(resumeDecision(old, now(bigger), { ...o, extend: true }), { action: 'extend', adoptIdentity: true, sameTrials: false, notes: [] });
});

test('edited data is refused whatever the spec or --extend, naming what changed and the way out', () => {
  const edited = { ...identity, data_sha256: 'b'.repeat(64), data_rows: 207 };
  for (const [text, extend] of [[grid, false], [bigger, true]] as const) {
    const d = resumeDecision(stored(grid), now(text, { identity: edited }), { ...o, extend });
    assert.deepEqual(d, {
      action: 'refuse',
      message: 'data sonar: the data changed since sweep "s" started (content hash aaaaaaaaaaaa -> bbbbbbbbbbbb, rows 208 -> 207); its stored results were computed on the old data. Restore the file, or start a separate sweep with --new',
    });
  }
  const file = resumeDecision(stored(grid), now(grid, { identity: edited, dataName: '/data/x.csv' }), o);
  assert.ok(file.action === 'refuse' && file.message.startsWith('/data/x.csv: the data changed'));
});

test('a changed spec is refused with each difference and both ways out; --extend adds trials when only trials were added', () => {
  const d = resumeDecision(stored(grid), now(bigger), o);
  assert.deepEqual(d, {
    action: 'refuse',
    message: 's.yaml: sweep "s" is already in r.sqlite with a different spec:\n  1 trial(s) added\nRun with --extend to add the new trials and keep old results, or --new to start a separate sweep.',
  });
  assert.deepEqual(resumeDecision(stored(grid), now(bigger), { ...o, extend: true }), { action: 'extend', adoptIdentity: false, sameTrials: false, notes: [] });
  const two = resumeDecision(stored(grid), now(`seed: 8\n${bigger}`), o);
  assert.deepEqual(two, {
    action: 'refuse',
    message: 's.yaml: sweep "s" is already in r.sqlite with a different spec:\n  seed: 7 -> 8\n  1 trial(s) added\nRun with --extend to add the new trials and keep old results, or --new to start a separate sweep.',
  });
});

test('only the wording or the ranking metric changed (same trials): extended without --extend, recording the new spec, with a note for the metric', () => {
  const reordered = 'grid:\n  lr: [0.02, 0.01]\n';
  assert.deepEqual(resumeDecision(stored(grid), now(reordered), o), { action: 'extend', adoptIdentity: false, sameTrials: true, notes: [] });
  assert.deepEqual(resumeDecision(stored(grid), now(`metric: log_loss\n${grid}`), o), {
    action: 'extend',
    adoptIdentity: false,
    sameTrials: true,
    notes: ['ranked by log_loss now (was accuracy; the stored results are unchanged)'],
  });
});

test('--extend is refused when a setting that makes results comparable changed (seed, folds, ...), naming it', () => {
  const d = resumeDecision(stored(grid), now(`seed: 8\nfolds: 5\n${bigger}`), { ...o, extend: true });
  assert.deepEqual(d, {
    action: 'refuse',
    message: 'cannot extend sweep "s": seed, folds changed, so old and new results would not be comparable.\nRun with --new to start a separate sweep.',
  });
});
