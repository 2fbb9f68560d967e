import type { Command } from 'commander';
import { copySweeps } from '../api/copy.js';

export function registerCopy(program: Command): void {
  program
    .command('copy')
    .description('copy sweeps between stores (SQLite file <-> PostgreSQL URL); copying twice changes nothing, conflicting results are refused')
    .requiredOption('--from <db>', 'the store to read (file or postgresql:// URL)')
    .requiredOption('--to <db>', 'the store to add to (made if missing)')
    .option('--sweep <name>', 'one sweep (default: every sweep of --from)')
    .action(async (flags: { from: string; to: string; sweep?: string }) => {
      const out = await copySweeps(flags);
      for (const s of out.sweeps) {
        const a = s.added;
        const what = a.sweeps + a.trials + a.folds + a.runs === 0 ? 'already there, nothing added' : `added ${a.sweeps ? 'the sweep, ' : ''}${a.trials} trial(s), ${a.folds} fold result(s), ${a.runs} run(s)`;
        process.stdout.write(`copied sweep ${s.name} from ${out.from} to ${out.to}: ${what}\n`);
      }
      if (out.sweeps.length === 0) process.stdout.write(`no sweeps in ${out.from}\n`);
    });
}
