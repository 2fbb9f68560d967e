import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { isShippedName } from '../data/registry.js';
import { UserError } from '../errors.js';
import { ENGINES } from '../engine/train.js';
import { parseSweepText } from '../sweep/parse.js';
import { planSteps, planSweep as planTrials, type Plan } from '../sweep/planner.js';
import { validateSpec, type SweepSpec } from '../sweep/spec.js';

/** Far above any hand-written sweep (the 100,000-point bench grid is under 1 KB). */
const MAX_SWEEP_FILE_BYTES = 10 * 1024 * 1024;

export interface SweepFile {
  /** The sweep file, or `(object)` for a spec given in code. */
  file: string;
  spec: SweepSpec;
  /** The validated spec as stored; its hash decides whether a rerun is the same sweep. */
  specJson: string;
  specHash: string;
  /** A shipped data set's name (sonar, iris, digits), or the data path resolved against the sweep file's folder (or the current folder). */
  dataPath: string;
}

export interface LoadedSweep extends SweepFile {
  plan: Plan;
}

/** Grid points planned between two turns of the event loop (well under 0.1 s of work). */
const PLAN_STEP = 5_000;

/** A sweep file read, validated and planned. */
export function loadSweep(specOrPath: string | Record<string, unknown>): LoadedSweep {
  const read = readSweep(specOrPath);
  return { ...read, plan: planTrials(read.spec) };
}

/**
 * Plans in steps, letting the event loop turn between them, so a signal that arrives while a big
 * grid is planned is seen within one step. Null when `signal` was aborted before the plan was done.
 */
export async function planYielding(spec: SweepSpec, signal?: AbortSignal): Promise<Plan | null> {
  const steps = planSteps(spec, PLAN_STEP);
  for (;;) {
    if (signal?.aborted) return null;
    const next = steps.next();
    if (next.done) return next.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** A library call's sweep argument: a sweep file's path or an object with a sweep file's keys. */
export function checkSweepArgument(fn: string, v: unknown): void {
  if (typeof v === 'string' || (typeof v === 'object' && v !== null && !Array.isArray(v))) return;
  throw new UserError(`${fn}: the first argument is a sweep file's path or a sweep object (the keys of a sweep file), not ${JSON.stringify(v) ?? typeof v}`);
}

/**
 * A sweep from a YAML/JSON file, or from an object with the same keys (validated the same way,
 * its errors naming `(object)` and the key path).
 */
export function readSweep(specOrPath: string | Record<string, unknown>): SweepFile {
  let file: string;
  let spec: SweepSpec;
  if (typeof specOrPath === 'string') {
    file = specOrPath;
    let text: string;
    try {
      // A device (/dev/zero) or a huge file is no sweep file: refused before it is read.
      const stat = statSync(file);
      if (!stat.isFile()) throw new UserError(`${file}: not a sweep file (${stat.isDirectory() ? 'a folder' : 'a device or special file'})`);
      if (stat.size > MAX_SWEEP_FILE_BYTES) throw new UserError(`${file}: ${stat.size} bytes is too large for a sweep file (at most ${MAX_SWEEP_FILE_BYTES})`);
      text = readFileSync(file, 'utf8');
    } catch (err) {
      if (err instanceof UserError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      throw new UserError(`${file}: ${code === 'ENOENT' ? 'no such sweep file' : `cannot read (${code})`}`);
    }
    spec = parseSweepText(text, file, ENGINES);
  } else {
    file = '(object)';
    spec = validateSpec(specOrPath, file, ENGINES);
  }
  const specJson = JSON.stringify(spec);
  const base = typeof specOrPath === 'string' ? dirname(file) : '.';
  return {
    file,
    spec,
    specJson,
    specHash: createHash('sha256').update(specJson).digest('hex'),
    dataPath: isShippedName(spec.data) || isAbsolute(spec.data) ? spec.data : resolve(base, spec.data),
  };
}
