import type { Command } from 'commander';
import { isLoopback, startDashboard } from '../serve/server.js';
import { DB_HELP, integerOption } from './options.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('a local web dashboard over the results, live while sweeps run (read-only)')
    .option('--db <path>', DB_HELP)
    .option('--port <n>', 'port to listen on (0: any free port)', '8080')
    .option('--host <address>', 'address to listen on; anything but loopback exposes the results to the network', '127.0.0.1')
    .option(
      '--allow-host <name>',
      "also answer requests addressed to NAME (the machine's name, a proxy's; NAME or NAME:PORT); repeatable. Other names get 421",
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .action(async (flags: { db?: string; port: string; host: string; allowHost: string[] }) => {
      const port = integerOption('--port', flags.port, 0, 65_535);
      if (!isLoopback(flags.host)) {
        process.stderr.write(
          `dropsweep: warning: --host ${flags.host}: the dashboard is reachable from other machines, without authentication or TLS; every result in the database can be read\n`,
        );
      }
      const dashboard = await startDashboard({ db: flags.db, port, host: flags.host, allowHosts: flags.allowHost });
      const also = flags.allowHost.length ? ` (also as ${flags.allowHost.join(', ')})` : '';
      process.stdout.write(`dropsweep dashboard on ${dashboard.url}${also} (read-only over ${dashboard.db}); Ctrl-C stops it\n`);
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(s, () => resolve(s));
      });
      await dashboard.close();
      process.stderr.write(`dropsweep: ${signal}: dashboard stopped\n`);
    });
}
