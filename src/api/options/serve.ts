import { db } from './common.js';
import { flag, integer, list, text, libraryOnly } from './declare.js';
import { rankMetric } from './results.js';

const HOST_NAME = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$|^\[[0-9a-f:.]+\]$/i;
const HOST_WITH_PORT = /:\d{1,5}$/;

/** An `--allow-host` value: a host name or IP address as a browser writes it in `Host`, with an optional port. */
export function hostProblem(name: unknown): string | null {
  if (typeof name !== 'string') return `${JSON.stringify(name)} is not a host name`;
  const bare = HOST_WITH_PORT.test(name) && !/^\[[^\]]*$/.test(name) ? name.replace(HOST_WITH_PORT, '') : name;
  const port = name.length > bare.length ? Number(name.slice(bare.length + 1)) : 1;
  if (name.length > 253 || !HOST_NAME.test(bare) || port < 1 || port > 65_535) {
    return `${JSON.stringify(name)} is not a host name (letters, digits, dots and dashes, or [IPv6], with an optional :PORT)`;
  }
  return null;
}

/** `startDashboard`'s options and the serve command's flags. */
export const SERVE_OPTIONS = {
  db,
  port: integer(0, 65_535, { arg: '<n>', help: 'port to listen on (0: any free port)', default: 8080 }),
  host: text({ arg: '<address>', help: 'address to listen on; anything but loopback exposes the results to the network', default: '127.0.0.1' }),
  allowHosts: list(hostProblem, {
    arg: '<name>',
    flag: '--allow-host',
    help: "also answer requests addressed to NAME (the machine's name, a proxy's; NAME or NAME:PORT); repeatable. Other names get 421",
    default: [] as string[],
  }),
  metric: rankMetric,
  allowNotes: flag({ help: "let the trial page's form write notes (a same-origin POST carrying this server's token); without it the server is read-only" }),
  pollMs: libraryOnly(integer(50, 60_000, { help: 'how often the live status is re-read for connected pages, in ms', default: 1000 })),
};
