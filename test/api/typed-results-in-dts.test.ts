import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import type { Comparison, Effects, LeaderboardRow, Results, StatusRow, TrialDetail } from '../../src/index.js';

// Compiles only while the methods return these types (the test files are type-checked by npm test).
type Returns<K extends keyof Results> = Results[K] extends (...args: never[]) => Promise<infer R> ? R : never;
const typed: [Returns<'leaderboard'>, Returns<'status'>, Returns<'trial'>, Returns<'compare'>, Returns<'effects'>] extends [LeaderboardRow[], StatusRow[], TrialDetail, Comparison, Effects] ? true : false = true;

test("the published .d.ts types Results' answers field by field: LeaderboardRow, StatusRow, TrialDetail, Comparison, Effects", () => {
  assert.equal(typed, true);
  const index = readFileSync('dist/src/index.d.ts', 'utf8');
  for (const name of ['LeaderboardRow', 'StatusRow', 'TrialDetail', 'Comparison', 'Effects', 'UserError', 'CvConfig', 'CvOptions', 'RunSweepOptions', 'LeaderboardQuery']) {
    assert.match(index, new RegExp(`\\b${name}\\b`), `index.d.ts exports ${name}`);
  }
  const results = readFileSync('dist/src/api/results.d.ts', 'utf8');
  assert.match(results, /leaderboard\(query\?: LeaderboardQuery\): Promise<LeaderboardRow\[\]>/);
  const types = readFileSync('dist/src/api/result-types.d.ts', 'utf8');
  for (const field of ['rank: number | null', 'trialKey: string', 'meanPct?: number | null', 'mean_${string}', 'ci95Low: number | null', 'likeBest: boolean | null', 'status: TrialStatus']) {
    assert.ok(types.includes(field), `LeaderboardRow has ${field}`);
  }
  assert.doesNotMatch(results, /Record<string, JsonValue>\[\]/, 'no untyped rows');
});
