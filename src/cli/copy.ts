import type { Command } from 'commander';
import { copySweeps } from '../api/copy.js';
import { COPY_OPTIONS } from '../api/options/manage.js';
import { addOptions, libraryPart, readFlags } from './flags.js';

export function registerCopy(program: Command): void {
  const command = program
    .command('copy')
    .description('copy sweeps between stores (SQLite file <-> PostgreSQL URL); copying twice changes nothing, conflicting results are refused');
  addOptions(command, COPY_OPTIONS).action(async (raw: Record<string, unknown>) => {
    const flags = readFlags(COPY_OPTIONS, raw);
    const out = await copySweeps({ ...libraryPart(COPY_OPTIONS, flags), from: flags.from!, to: flags.to! });
    for (const s of out.sweeps) {
      const a = s.added;
      const what = a.sweeps + a.trials + a.folds + a.runs === 0 ? 'already there, nothing added' : `added ${a.sweeps ? 'the sweep, ' : ''}${a.trials} trial(s), ${a.folds} fold result(s), ${a.runs} run(s)`;
      process.stdout.write(`copied sweep ${s.name} from ${out.from} to ${out.to}: ${what}\n`);
    }
    if (out.sweeps.length === 0) process.stdout.write(`no sweeps in ${out.from}\n`);
  });
}
