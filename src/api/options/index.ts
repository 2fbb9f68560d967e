import { CV_CONFIG, CV_OPTIONS } from './cv.js';
import { COPY_OPTIONS, DELETE_OPTIONS, NOTE_OPTIONS, RENAME_OPTIONS } from './manage.js';
import { LEADERBOARD_OPTIONS, SHOW_OPTIONS } from './results.js';
import { PLAN_OPTIONS, RUN_OPTIONS } from './run.js';
import { SERVE_OPTIONS } from './serve.js';
import type { OptionTable } from './declare.js';

/** The library's option tables by the name docs/library.md gives them. */
export const LIBRARY_TABLES: Readonly<Record<string, OptionTable>> = {
  'crossValidate.config': CV_CONFIG,
  'crossValidate.options': CV_OPTIONS,
  planSweep: PLAN_OPTIONS,
  runSweep: RUN_OPTIONS,
  leaderboard: LEADERBOARD_OPTIONS,
  trial: SHOW_OPTIONS,
  startDashboard: SERVE_OPTIONS,
  copySweeps: COPY_OPTIONS,
  deleteSweep: DELETE_OPTIONS,
  renameSweep: RENAME_OPTIONS,
  setNote: NOTE_OPTIONS,
};
