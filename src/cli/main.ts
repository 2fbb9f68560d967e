#!/usr/bin/env node
import { Command } from 'commander';
import { isUserError } from '../errors.js';
import { registerCv } from './cv.js';
import { registerInspect } from './inspect.js';
import { registerLeaderboard } from './leaderboard.js';
import { registerPlan } from './plan.js';
import { registerReport } from './report.js';
import { registerRun } from './run.js';
import { registerStatus } from './status.js';

const program = new Command();
program
  .name('dropsweep')
  .description('hyperparameter sweeps of dropout-regularized networks, every result kept in SQLite')
  .version('0.1.0');
registerCv(program);
registerPlan(program);
registerRun(program);
registerStatus(program);
registerLeaderboard(program);
registerInspect(program);
registerReport(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (isUserError(err)) {
    process.stderr.write(`dropsweep: ${err.message}\n`);
    process.exit(err.exitCode);
  }
  throw err;
}
