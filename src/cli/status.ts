import type { Command } from 'commander';
import { basename } from 'node:path';
import { STATUS_OPTIONS } from '../api/options/results.js';
import type { StatusRow } from '../api/results.js';
import { formatMetric, formatMetricWithUnit } from '../report/metric-format.js';
import { newTable } from '../report/render.js';
import { METRIC_DIRECTION } from '../stats/metrics.js';
import { addOptions, readFlags } from './flags.js';
import { formatDuration } from './progress.js';
import { reading } from './reading.js';

export function registerStatus(program: Command): void {
  const command = program.command('status').description('each sweep with done, running, pending and failed trials, speed and ETA');
  addOptions(command, STATUS_OPTIONS).action(async (raw: Record<string, unknown>) => {
    const flags = readFlags(STATUS_OPTIONS, raw);
    const { rows, db } = await reading(flags.db, async (results) => ({ rows: await results.status({ metric: flags.metric }), db: results.db }));
    if (flags.format === 'json') {
      process.stdout.write(`${JSON.stringify(rows)}\n`);
      return;
    }
    if (rows.length === 0) {
      process.stdout.write(`no sweeps in ${db}\n`);
      return;
    }
    process.stdout.write(`${statusTable(rows)}\n`);
    // A killed runner cannot record how it ended: said here, so a sweep stopped dead does not read as one still running.
    for (const r of rows.filter((s) => s.runsDied > 0)) {
      process.stdout.write(`sweep ${r.sweep}: ${r.runsDied} run(s) died without recording an outcome (the process is gone: killed, out of memory, a crash); the next run takes their trials over\n`);
    }
  });
}

function statusTable(rows: StatusRow[]): string {
  // The racing columns appear only when some sweep raced, so the plain table stays as it was.
  const raced = rows.some((r) => r.pruned > 0);
  // A sweep ranked by another metric than accuracy names it beside its best (log loss is no percent, and lower is better).
  const mixed = rows.some((r) => r.metric !== 'accuracy');
  const bestText = (r: StatusRow) => (r.best === null ? '-' : mixed ? `${formatMetricWithUnit(r.metric, r.best)} ${r.metric}${METRIC_DIRECTION[r.metric] === 'lower' ? ' (lower better)' : ''}` : formatMetric(r.metric, r.best));
  const table = newTable(['sweep', 'trials', 'done', 'running', 'pending', 'failed', ...(raced ? ['pruned', 'fits saved'] : []), 'fold fits', 'fits/s', 'elapsed', 'ETA', mixed ? 'best' : 'best %', 'data (sha256)']);
  for (const r of rows) {
    table.push([
      r.sweep,
      r.trials,
      r.done,
      r.running,
      r.pending,
      r.failed,
      ...(raced ? [r.pruned, r.fitsSaved] : []),
      `${r.foldFits}/${r.foldFitsTotal}`,
      r.fitsPerSecond === null ? '-' : r.fitsPerSecond.toFixed(2),
      formatDuration(r.elapsedSeconds),
      r.etaSeconds === null ? '-' : formatDuration(r.etaSeconds),
      bestText(r),
      `${r.data === 'sonar' ? 'sonar' : basename(r.data)} (${r.dataSha256 ? r.dataSha256.slice(0, 12) : '-'})`,
    ]);
  }
  return table.toString();
}
