import { UserError } from '../errors.js';
import { isShippedName } from '../data/registry.js';
import type { DataIdentity } from '../data/identity.js';
import type { Store, SweepRow } from '../store/store.js';
import type { PlannedTrial } from '../sweep/planner.js';
import { resumeDecision } from '../sweep/resume.js';
import type { LoadedSweep } from './sweep-file.js';

/** Trials written per transaction: tens of milliseconds, so a signal is seen between two. */
const WRITE_STEP = 5_000;

/** A signal arrived while the plan was being written; what is written stays (the next run finishes it). */
export class PlanInterrupted extends Error {
  constructor(
    readonly written: number,
    readonly planned: number,
  ) {
    super(`interrupted while writing the plan (${written} of ${planned} trials)`);
  }
}

/** The spec columns a plan step writes. */
interface SpecFields {
  spec: string;
  spec_hash: string;
  source_file: string | null;
}

/**
 * A plan larger than one step is written in steps, one transaction each, under a spec hash that
 * says so: the run of the same file that sees it (this one, another runner's, or the next after a
 * signal or a crash) writes the rest before anything is claimed. Only the last step stores the real
 * hash, so a half-written plan is never taken for a whole one.
 */
export const partialHash = (hash: string) => `partial:${hash}`;

export interface SweepSetup {
  store: Store;
  loaded: LoadedSweep;
  engine: string;
  identity: DataIdentity;
  /** The database as messages show it. */
  shownDb: string;
  extend?: boolean;
  new?: boolean;
  signal?: AbortSignal;
}

/**
 * Adds `trials[from..]` a step at a time, each step in its own transaction under `interim`, the
 * last under `final`; the event loop turns between steps. Returns how many trials were new.
 */
async function writePlan(store: Store, sweepId: number, trials: PlannedTrial[], from: number, interim: SpecFields, final: SpecFields, signal?: AbortSignal): Promise<number> {
  let added = 0;
  for (let i = from; ; i += WRITE_STEP) {
    if (signal?.aborted) throw new PlanInterrupted(i, trials.length);
    const last = i + WRITE_STEP >= trials.length;
    added += await store.sweeps.extend(sweepId, last ? final : interim, trials.slice(i, i + WRITE_STEP));
    if (last) return added;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Creates a sweep under `name` with the whole plan (in steps when it is large). */
async function createSweep(s: SweepSetup, name: string): Promise<SweepRow> {
  const { store, loaded } = s;
  const trials = loaded.plan.trials;
  const row = (hash: string) => ({
    name,
    spec: loaded.specJson,
    spec_hash: hash,
    source_file: loaded.file,
    data: loaded.dataPath,
    seed: loaded.spec.seed,
    folds: loaded.spec.folds,
    repeats: loaded.spec.repeats,
    engine: s.engine,
    ...s.identity,
  });
  if (trials.length <= WRITE_STEP) return store.sweeps.create(row(loaded.specHash), trials);
  const created = await store.sweeps.create(row(partialHash(loaded.specHash)), trials.slice(0, WRITE_STEP));
  // Another runner created it first: its sweep, whose plan is finished below or by that runner.
  if (created.spec_hash !== partialHash(loaded.specHash) || created.data_sha256 !== s.identity.data_sha256) return created;
  await finishPlan(s, created, WRITE_STEP);
  return (await store.results.sweep(name))!;
}

/** Writes the rest of a plan cut short (every trial again from `from`; those already there are kept as they are). */
async function finishPlan(s: SweepSetup, sweep: SweepRow, from = 0): Promise<void> {
  const fields = { spec: s.loaded.specJson, source_file: s.loaded.file };
  await writePlan(s.store, sweep.id, s.loaded.plan.trials, from, { ...fields, spec_hash: partialHash(s.loaded.specHash) }, { ...fields, spec_hash: s.loaded.specHash }, s.signal);
}

/** Finds or creates the stored sweep; a changed spec or changed data is refused unless asked (src/sweep/resume.ts decides). */
export async function storedSweep(s: SweepSetup): Promise<{ sweep: SweepRow; note: string }> {
  const { store, loaded, identity } = s;
  const { sweeps, results } = store;
  let name = loaded.spec.name;
  let existing = await results.sweep(name);
  if (!existing) {
    existing = await createSweep(s, name);
    // Another runner may have made the sweep first, from another spec: then it is decided below.
    if (existing.spec_hash === loaded.specHash && existing.data_sha256 === identity.data_sha256) return { sweep: existing, note: `new sweep "${name}"` };
  }
  if (s.new) {
    for (let i = 2; await results.sweep(name); i++) name = `${loaded.spec.name}-${i}`;
    return { sweep: await createSweep(s, name), note: `new sweep "${name}" (the old "${loaded.spec.name}" is kept)` };
  }
  const dataName = isShippedName(loaded.dataPath) ? `data ${loaded.dataPath}` : loaded.dataPath;
  // A plan cut short is this file's plan: decided as the whole one, then finished.
  const partial = existing.spec_hash === partialHash(loaded.specHash);
  const stored = partial ? { ...existing, spec_hash: loaded.specHash } : existing;
  const decision = resumeDecision(stored, { file: loaded.file, spec: loaded.spec, specHash: loaded.specHash, dataName, identity }, { extend: s.extend ?? false, db: s.shownDb });
  if (decision.action === 'refuse') throw new UserError(decision.message);
  if (decision.adoptIdentity) await sweeps.setDataIdentity(existing.id, identity);
  if (partial) {
    await finishPlan(s, existing);
    return { sweep: (await results.sweep(name))!, note: `resuming sweep "${name}" (its plan was cut short; the rest is written now)` };
  }
  if (decision.action === 'resume') return { sweep: existing, note: `resuming sweep "${name}"` };
  // Until its last step the sweep keeps its old spec: an extension cut short is asked for again.
  const old = { spec: existing.spec, spec_hash: existing.spec_hash, source_file: existing.source_file };
  const added = await writePlan(store, existing.id, loaded.plan.trials, 0, old, { spec: loaded.specJson, spec_hash: loaded.specHash, source_file: loaded.file }, s.signal);
  const what = added === 0 && decision.sameTrials ? `resuming sweep "${name}"` : `extending sweep "${name}" with ${added} new trial(s)`;
  return { sweep: (await results.sweep(name))!, note: [what, ...decision.notes].join('; ') };
}
