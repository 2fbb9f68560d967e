import type { Command } from 'commander';
import { SERVE_OPTIONS } from '../api/options/serve.js';
import { isLoopback, startDashboard } from '../serve/server.js';
import { addOptions, libraryPart, readFlags } from './flags.js';

export function registerServe(program: Command): void {
  const command = program.command('serve').description('a local web dashboard over the results, live while sweeps run (read-only unless --allow-notes)');
  addOptions(command, SERVE_OPTIONS).action(async (raw: Record<string, unknown>) => {
    const flags = readFlags(SERVE_OPTIONS, raw);
    if (!isLoopback(flags.host)) {
      process.stderr.write(
        `dropsweep: warning: --host ${flags.host}: the dashboard is reachable from other machines, without authentication or TLS; every result in the database can be read${flags.allowNotes ? ', and notes written' : ''}\n`,
      );
    }
    const dashboard = await startDashboard(libraryPart(SERVE_OPTIONS, flags));
    const also = flags.allowHosts.length ? ` (also as ${flags.allowHosts.join(', ')})` : '';
    process.stdout.write(`dropsweep dashboard on ${dashboard.url}${also} (${flags.allowNotes ? 'notes can be written' : 'read-only'} over ${dashboard.db}); Ctrl-C stops it\n`);
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(s, () => resolve(s));
    });
    await dashboard.close();
    process.stderr.write(`dropsweep: ${signal}: dashboard stopped\n`);
  });
}
