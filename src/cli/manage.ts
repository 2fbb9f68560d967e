import type { Command } from 'commander';
import { createInterface } from 'node:readline/promises';
import { deleteSweep, renameSweep, setNote } from '../api/manage.js';
import { DELETE_OPTIONS, NOTE_OPTIONS, RENAME_OPTIONS } from '../api/options/manage.js';
import { UserError } from '../errors.js';
import { checkNote } from '../sweep/checks.js';
import { addOptions, libraryPart, readFlags } from './flags.js';
import { reading } from './reading.js';
import { chooseDb, shownLocation } from '../store/store.js';

/** Asks on the terminal; true only for y or yes. */
async function confirmed(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^\s*y(es)?\s*$/i.test(await rl.question(question));
  } finally {
    rl.close();
  }
}

export function registerDelete(program: Command): void {
  const command = program.command('delete').description('delete a sweep with every trial, fold result, run and note of it (asks first on a terminal; --yes to skip)');
  addOptions(command, DELETE_OPTIONS).action(async (raw: Record<string, unknown>) => {
    const flags = readFlags(DELETE_OPTIONS, raw);
    const name = flags.sweep!;
    if (!flags.yes) {
      // Off a terminal nobody can answer: a script must say --yes.
      if (!process.stdin.isTTY) throw new UserError(`delete: stdin is not a terminal, so nobody can confirm; to delete sweep "${name}", add --yes`);
      const status = await reading(flags.db, async (results) => (await results.status()).find((s) => s.sweep === name));
      const what = status ? ` (${status.trials} trial(s), ${status.foldFits} fold result(s))` : '';
      if (!(await confirmed(`delete sweep "${name}"${what} from ${shownLocation(chooseDb(flags.db))}? This cannot be undone. [y/N] `))) {
        process.stderr.write(`nothing deleted\n`);
        process.exitCode = 1;
        return;
      }
    }
    const out = await deleteSweep({ ...libraryPart(DELETE_OPTIONS, flags), sweep: name });
    process.stdout.write(`deleted sweep ${out.sweep} from ${out.db}: ${out.trials} trial(s), ${out.folds} fold result(s), ${out.notes} note(s)\n`);
    if (out.confirmationKept) process.stdout.write(`its confirmation ${out.confirmationKept} is a sweep of its own and is kept (dropsweep delete --sweep ${out.confirmationKept})\n`);
  });
}

export function registerRename(program: Command): void {
  const command = program.command('rename').description('rename a sweep; its confirmation (NAME-confirm) follows');
  addOptions(command, RENAME_OPTIONS).action(async (raw: Record<string, unknown>) => {
    const flags = readFlags(RENAME_OPTIONS, raw);
    const out = await renameSweep({ ...libraryPart(RENAME_OPTIONS, flags), sweep: flags.sweep!, to: flags.to! });
    process.stdout.write(`renamed sweep ${out.from} to ${out.to} in ${out.db}${out.confirmation ? `, and its confirmation ${out.confirmation.from} to ${out.confirmation.to}` : ''}\n`);
    process.stdout.write(`to resume it from its sweep file, set name: ${out.to} in the file\n`);
  });
}

export function registerNote(program: Command): void {
  const command = program
    .command('note')
    .description('write a note on a trial (--trial) or on a sweep, kept in the database and shown by show, the report and the dashboard')
    .argument('[text]', 'the note (replaces the one there); leave it out with --clear');
  addOptions(command, NOTE_OPTIONS).action(async (text: string | undefined, raw: Record<string, unknown>) => {
    const flags = readFlags(NOTE_OPTIONS, raw);
    if (flags.clear && text !== undefined) throw new UserError('note: give the text or --clear, not both');
    if (!flags.clear && text === undefined) throw new UserError('note: missing the text (to remove a note, --clear)');
    const problem = text === undefined ? null : checkNote(text);
    if (problem) throw new UserError(`note: the text ${problem}`);
    const out = await setNote(flags.clear ? null : text!, { ...libraryPart(NOTE_OPTIONS, flags), sweep: flags.sweep! });
    const on = out.trialKey ? `trial ${out.sweep}/${out.trialKey}` : `sweep ${out.sweep}`;
    process.stdout.write(out.note === null ? (out.replaced ? `removed the note on ${on}\n` : `${on} had no note\n`) : `${out.replaced ? 'replaced' : 'wrote'} the note on ${on}\n`);
  });
}
