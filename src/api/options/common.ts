import { DEFAULT_MAX_DATA_MB, MAX_DATA_MB } from '../../data/registry.js';
import { DEFAULT_ENGINE, ENGINES } from '../../engine/train.js';
import { LISTING_FORMATS } from '../../report/formats.js';
import { choice, cliOnly, flag, integer, libraryOnly, text } from './declare.js';

/** Options several commands share, declared once. */

export const DB_HELP = 'database: a SQLite file or postgresql://user@host:port/db[?schema=NAME] (default: $DROPSWEEP_DB, else results/dropsweep.sqlite)';

export const db = text({ arg: '<path>', help: DB_HELP });

/** `--sweep NAME` on a read command. */
export const sweep = text({ arg: '<name>', help: 'sweep name (default: the most recent)' });
export const sweepFilter = text({ arg: '<name>', help: 'look only in this sweep' });

export const FORMATS = ['table', 'json'] as const;
export const format = cliOnly(choice(FORMATS, { arg: '<fmt>', help: FORMATS.join('|'), default: 'table' as (typeof FORMATS)[number] }));

/** A listing's formats; `md` is taken for markdown. */
export const listingFormat = cliOnly(
  choice(LISTING_FORMATS, { arg: '<fmt>', help: `${LISTING_FORMATS.join('|')} (md: markdown)`, default: 'table' as (typeof LISTING_FORMATS)[number], aliases: { md: 'markdown' } }),
);

/** `--quiet` silences progress, never results. */
export const quiet = cliOnly(flag({ help: 'no progress output (results and the closing summary are still printed)' }));

export const workers = integer(1, 256, { arg: '<n>', help: 'worker threads', defaultText: 'the number of cores' });
export const pack = integer(1, 10_000, { arg: '<k>', help: 'fold fits trained together per task', default: 20 });
export const engine = choice(ENGINES, { arg: '<name>', help: `training engine: ${ENGINES.join('|')}`, default: DEFAULT_ENGINE });
export const backend = text({ arg: '<name>', help: 'tfjs engine only: tensorflow|wasm|cpu', defaultText: 'the fastest that loads' });

/** Fused engine only: the kernel build (src/engine/fused/kernels.ts checks the name). The CLI takes it from $DROPSWEEP_KERNEL. */
export const kernel = libraryOnly(text({ help: 'fused engine only: the kernel build, auto|simd|relaxed; a resumed sweep keeps the kernel of its stored results', defaultText: '$DROPSWEEP_KERNEL, else auto' }));

/** Data files larger than this are refused before a byte is read (src/data/registry.ts says why 500 is the most). */
export const maxDataMb = integer(1, MAX_DATA_MB, { arg: '<mb>', help: `refuse a data file larger than this many MB, before reading it (at most ${MAX_DATA_MB})`, default: DEFAULT_MAX_DATA_MB });
