import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPORT_OPTIONS } from '../api/options/results.js';
import { UserError } from '../errors.js';
import { renderReport } from '../report/html.js';
import { addOptions, readFlags } from './flags.js';
import { reading } from './reading.js';

export function registerReport(program: Command): void {
  const command = program.command('report').description('one self-contained HTML file: leaderboard and charts (no network needed to view it)');
  addOptions(command, REPORT_OPTIONS).action(async (raw: Record<string, unknown>) => {
    const flags = readFlags(REPORT_OPTIONS, raw);
    const input = await reading(flags.db, (results) => results.reportInput(flags.sweep));
    const out = flags.out ?? join('results', `${input.sweep}.html`);
    try {
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, renderReport(input));
    } catch (err) {
      throw new UserError(`${out}: cannot write (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    process.stdout.write(`wrote ${out}\n`);
  });
}
