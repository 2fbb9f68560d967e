import { checkSweepName } from '../../sweep/checks.js';
import { db, sweep } from './common.js';
import { cliOnly, flag, text } from './declare.js';

/** `copySweeps`'s options and the copy command's flags. */
export const COPY_OPTIONS = {
  from: text({ arg: '<db>', help: 'the store to read (file or postgresql:// URL)', required: true }),
  to: text({ arg: '<db>', help: 'the store to add to (made if missing)', required: true }),
  sweep: { ...sweep, help: 'one sweep (default: every sweep of --from)' },
};

/** `deleteSweep`'s options and the delete command's flags. */
export const DELETE_OPTIONS = {
  db,
  sweep: text({ arg: '<name>', help: 'the sweep to delete, with every trial, fold result, run and note of it', required: true }),
  yes: cliOnly(flag({ help: 'do not ask; needed when stdin is not a terminal' })),
};

/** `renameSweep`'s options and the rename command's flags. */
export const RENAME_OPTIONS = {
  db,
  sweep: text({ arg: '<name>', help: 'the sweep to rename', required: true }),
  to: text({ arg: '<name>', help: 'its new name: letters, digits, ".", "_" or "-" (at most 64); its confirmation (NAME-confirm) follows', required: true }, checkSweepName),
};

/** `setNote`'s options and the note command's flags (the text is the command's argument, `setNote`'s first). */
export const NOTE_OPTIONS = {
  db,
  sweep: text({ arg: '<name>', help: 'the sweep the note is on', required: true }),
  trial: text({ arg: '<key>', help: "the trial the note is on: its key or a unique prefix (default: the note is on the sweep)" }),
  clear: cliOnly(flag({ help: 'remove the note instead of writing one' })),
};

/** The migrate command's flags (the library's `migrateDatabase(db)` takes the database alone). */
export const MIGRATE_OPTIONS = { db };
