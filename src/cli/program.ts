import { Command } from 'commander';
import { registerCompare } from './compare.js';
import { registerConfirm } from './confirm.js';
import { registerCopy } from './copy.js';
import { registerCv } from './cv.js';
import { registerEffects } from './effects.js';
import { registerExport } from './export.js';
import { registerLeaderboard } from './leaderboard.js';
import { registerMigrate } from './migrate.js';
import { registerDelete, registerNote, registerRename } from './manage.js';
import { registerNested } from './nested.js';
import { registerPlan } from './plan.js';
import { registerQuery } from './query.js';
import { registerReport } from './report.js';
import { registerRun } from './run.js';
import { registerServe } from './serve.js';
import { registerShow } from './show.js';
import { registerStatus } from './status.js';

/** The whole command line, every command registered: main.ts parses with it, docs/commands.md is made from it. */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('dropsweep')
    .description('hyperparameter sweeps of dropout-regularized networks, every result kept in SQLite or PostgreSQL')
    .version('0.1.0')
    // The parser's own mistakes (unknown option, missing argument) become one `dropsweep:` line and
    // exit 2, like every other mistake; help and version still exit 0.
    .exitOverride()
    .configureOutput({ outputError: () => {} });
  registerCv(program);
  registerPlan(program);
  registerRun(program);
  registerConfirm(program);
  registerNested(program);
  registerStatus(program);
  registerLeaderboard(program);
  registerShow(program);
  registerCompare(program);
  registerEffects(program);
  registerQuery(program);
  registerExport(program);
  registerReport(program);
  registerServe(program);
  registerCopy(program);
  registerMigrate(program);
  registerNote(program);
  registerRename(program);
  registerDelete(program);
  return program;
}
