#!/usr/bin/env node
import { CommanderError } from 'commander';
import { fstatSync, writeSync } from 'node:fs';
import { isUserError } from '../errors.js';
import { EXIT_STORE_FAULT, storeFaultKind } from '../store/faults.js';
import { OUTPUT_FAULTS, invocation } from './options.js';
import { buildProgram } from './program.js';

/** Output that cannot be written (a full disk, /dev/full): one line and exit 3, like a failing store. */

// A reader that closes the pipe (`| head -1`) has read all it wants: stop quietly, like git does.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  fail(`cannot write the output (${err.code ?? err.message})`, EXIT_STORE_FAULT);
});
// Progress and notices on stderr are a courtesy: a closed terminal or pipe must not stop a sweep
// (it stops on SIGHUP, cleanly, when the terminal goes).
process.stderr.on('error', () => {});

// Node writes to a file with writeSync and ignores a short write: on a nearly full disk the output
// would be cut off with exit 0. Writing in full, a short write then ENOSPC is caught below.
if (!process.stdout.isTTY) {
  let regular = false;
  try {
    const stat = fstatSync(1);
    regular = stat.isFile() || stat.isCharacterDevice() || stat.isBlockDevice();
  } catch {
    // No stdout to check: leave the stream as it is.
  }
  if (regular) {
    process.stdout.write = ((chunk: string | Uint8Array, encoding?: BufferEncoding | ((err?: Error | null) => void), callback?: (err?: Error | null) => void) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8') : chunk;
      for (let offset = 0; offset < bytes.length; ) offset += writeSync(1, bytes, offset, bytes.length - offset);
      (typeof encoding === 'function' ? encoding : callback)?.();
      return true;
    }) as typeof process.stdout.write;
  }
}

const program = buildProgram();
/** Hints name the command the way the user can type it here (`npx dropsweep` in a clone). */
const COMMAND_AFTER = new RegExp(`\\bdropsweep (?=(${program.commands.map((c) => c.name()).join('|')})\\b)`, 'g');
const hint = (message: string) => message.replace(COMMAND_AFTER, `${invocation()} `);

/** No message is a screenful: the input quoted in one (a 200 MB line of a file) is cut, its ends kept. */
const MAX_MESSAGE = 4_000;

function fail(message: string, code: number): never {
  const shown = message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE / 2)}[... ${message.length - MAX_MESSAGE} characters ...]${message.slice(-MAX_MESSAGE / 2)}` : message;
  process.stderr.write(`dropsweep: ${hint(shown)}\n`);
  process.exit(code);
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') process.exit(0);
    if (err.code === 'commander.executeSubCommandAsync') process.exit(err.exitCode);
    fail(err.message.replace(/^error: /, '').replace(/\n+/g, ' ').trim(), 2);
  }
  if (isUserError(err)) fail(err.message, err.exitCode);
  const code = (err as NodeJS.ErrnoException).code;
  if (code && OUTPUT_FAULTS.has(code) && (err as NodeJS.ErrnoException).syscall === 'write') fail(`cannot write the output (${code})`, EXIT_STORE_FAULT);
  // A store that fails under a read command: one line, and the file is left as it is.
  const kind = storeFaultKind(err);
  if (kind) fail(`database: ${(err as Error).message} (${(err as { code?: string }).code ?? 'error'})`, kind === 'corrupt' ? 2 : EXIT_STORE_FAULT);
  throw err;
}
