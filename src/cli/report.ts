import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPORT_OPTIONS } from '../api/options/results.js';
import { UserError } from '../errors.js';
import { renderReport } from '../report/html.js';
import { EXIT_STORE_FAULT } from '../store/faults.js';
import { OUTPUT_FAULTS } from './options.js';
import { addOptions, readFlags } from './flags.js';
import { reading } from './reading.js';

export function registerReport(program: Command): void {
  const command = program.command('report').description('one self-contained HTML file: leaderboard and charts (no network needed to view it)');
  addOptions(command, REPORT_OPTIONS).action(async (raw: Record<string, unknown>) => {
    const flags = readFlags(REPORT_OPTIONS, raw);
    const input = await reading(flags.db, (results) => results.reportInput(flags.sweep, { metric: flags.metric }));
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
