import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openResults } from '../api/results.js';
import { UserError } from '../errors.js';
import { renderReport } from '../report/html.js';
import { EXIT_STORE_FAULT } from '../store/faults.js';
import { DB_HELP, OUTPUT_FAULTS } from './options.js';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('one self-contained HTML file: leaderboard and charts (no network needed to view it)')
    .option('--out <file>', 'the HTML file to write (default: results/SWEEP.html)')
    .option('--db <path>', DB_HELP)
    .option('--sweep <name>', 'sweep name (default: the most recent)')
    .action(async (flags: { out?: string; db?: string; sweep?: string }) => {
      const results = await openResults(flags.db);
      let input;
      try {
        input = await results.reportInput(flags.sweep);
      } finally {
        await results.close();
      }
      const out = flags.out ?? join('results', `${input.sweep}.html`);
      try {
        mkdirSync(dirname(out), { recursive: true });
        writeFileSync(out, renderReport(input));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new UserError(`${out}: cannot write (${code ?? (err as Error).message})`, code && OUTPUT_FAULTS.has(code) ? EXIT_STORE_FAULT : 2);
      }
      process.stdout.write(`wrote ${out}\n`);
    });
}
