import { UserError } from '../errors.js';
import { resolveOptions, type LibraryValues } from './options/declare.js';
import { COPY_OPTIONS } from './options/manage.js';
import { fitKey, openStore, shownLocation, type CopyCounts, type OpenOptions, type Store, type SweepDump } from '../store/store.js';
import { locatedFault, withLocatedFaults } from './located.js';
import { storedSplit } from '../sweep/spec.js';

/** `copySweeps`'s options (src/api/options/manage.ts): from and to (required), and one sweep by name (default: every sweep of the source). */
export type CopyOptions = LibraryValues<typeof COPY_OPTIONS> & { from: string; to: string };

export interface CopySummary {
  from: string;
  to: string;
  sweeps: { name: string; added: CopyCounts }[];
}

/** The result columns a fold is compared by: a fold stored twice must agree on each. */
const RESULT_COLUMNS = ['accuracy', 'loss', 'train_loss', 'epochs_run', 'diverged', 'seed', 'engine'] as const;

/**
 * Why `source` cannot be merged into `target` (a sweep of the same name), or null: a sweep on other
 * data, another split seed or fold count, or a fold both hold with different results, would mix
 * two experiments under one name.
 */
export function copyConflict(source: SweepDump, target: SweepDump): string | null {
  const name = source.sweep.name;
  const differs: string[] = (['data_sha256', 'seed', 'folds', 'repeats', 'engine'] as const).filter((k) => source.sweep[k] !== target.sweep[k]);
  if (storedSplit(source.sweep.spec) !== storedSplit(target.sweep.spec)) differs.push('split');
  if (differs.length) return `sweep "${name}" differs between the stores in ${differs.map((k) => (k === 'data_sha256' ? 'data (sha256)' : k)).join(', ')}; their results cannot be merged`;
  const theirs = new Map(target.folds.map((f) => [`${f.trial_key}/${fitKey(f.fold, f.repeat)}`, f]));
  for (const f of source.folds) {
    const other = theirs.get(`${f.trial_key}/${fitKey(f.fold, f.repeat)}`);
    if (!other) continue;
    const column = RESULT_COLUMNS.find((k) => f[k] !== other[k]);
    if (column) return `sweep "${name}": trial ${f.trial_key} fold ${f.fold} repeat ${f.repeat} is stored with a different ${column} (${f[column]} here, ${other[column]} there); nothing was copied`;
  }
  return null;
}

/**
 * Copies sweeps from one store to another (SQLite or PostgreSQL, either way). Rows are matched by
 * sweep name, trial key and (fold, repeat), never by id, so copying twice adds nothing. Every sweep
 * is checked for conflicts before anything is written.
 */
export async function copySweeps(options: CopyOptions): Promise<CopySummary> {
  const o = resolveOptions('copySweeps', COPY_OPTIONS, options) as CopyOptions;
  if (o.from === o.to) throw new UserError(`copy: --from and --to are the same database (${shownLocation(o.from)})`);
  const open = async (db: string, openOptions: OpenOptions) => withLocatedFaults(await openStore(db, openOptions).catch((err: unknown) => Promise.reject(locatedFault(err, shownLocation(db)))));
  const source = await open(o.from, { readonly: true, check: true });
  let target: Store | undefined;
  try {
    const names = o.sweep === undefined ? await source.copier.sweepNames() : [o.sweep];
    const dumps: SweepDump[] = [];
    for (const name of names) {
      const dump = await source.copier.dump(name);
      if (!dump) throw new UserError(`copy: no sweep named "${name}" in ${source.location}`);
      dumps.push(dump);
    }
    target = await open(o.to, { check: true });
    for (const dump of dumps) {
      const existing = await target.copier.dump(dump.sweep.name);
      const conflict = existing && copyConflict(dump, existing);
      if (conflict) throw new UserError(`copy ${source.location} -> ${target.location}: ${conflict}`);
    }
    const sweeps: CopySummary['sweeps'] = [];
    for (const dump of dumps) sweeps.push({ name: dump.sweep.name, added: await target.copier.load(dump) });
    return { from: source.location, to: target.location, sweeps };
  } finally {
    await source.close();
    await target?.close();
  }
}
