// Regenerates bench/fixtures/dropout-grid-folds.json: every fold of the shipped grid
// (sweeps/dropout-grid.yaml, 576 trials x 10 folds, run without racing), compact, so the racing
// benchmark (`npm run bench -- --only race`) and the racing null-simulation test replay real
// folds without a long run. Build first, then:
//   node dist/src/cli/main.js run sweeps/dropout-grid.yaml --db /tmp/grid.sqlite --workers 2 --quiet
//   node scripts/grid-folds-fixture.js /tmp/grid.sqlite
// Accuracies are stored as correct held-out rows (an integer per fold; fold sizes given once),
// so the fixture is exact; seconds are the wall time of each fit as stored (under the load of
// the recording run), to 4 decimals.
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { readCsv } from '../dist/src/data/csv.js';
import { stratifiedFolds } from '../dist/src/data/folds.js';

const dbPath = process.argv[2];
if (!dbPath) {
  console.error('usage: node scripts/grid-folds-fixture.js DB (a database holding the unraced dropout-grid sweep)');
  process.exit(2);
}
const db = new Database(dbPath, { readonly: true });
const sweep = db.prepare("SELECT id, seed, folds, repeats, data_sha256 FROM sweeps WHERE name = 'dropout-grid'").get();
if (!sweep || sweep.repeats !== 1) throw new Error(`${dbPath}: no single-repeat dropout-grid sweep`);
const data = readCsv('data/sonar.csv');
if (data.sha256 !== sweep.data_sha256) throw new Error('the sweep was not run on the shipped data/sonar.csv');
const foldOf = stratifiedFolds(data.labels, sweep.folds, sweep.seed);
const foldRows = Array.from({ length: sweep.folds }, (_, f) => foldOf.filter((x) => x === f).length);

const rows = db
  .prepare('SELECT t.trial_key AS key, t.state AS state, f.fold AS fold, f.accuracy AS accuracy, f.diverged AS diverged, f.epochs_run AS epochs, f.seconds AS seconds FROM trials t JOIN fold_results f ON f.trial_id = t.id WHERE t.sweep_id = ? ORDER BY t.trial_key, f.fold')
  .all(sweep.id);
const trials = new Map();
for (const r of rows) {
  if (r.state !== 'done') throw new Error(`trial ${r.key} is ${r.state}: run the grid without racing, to the end`);
  const t = trials.get(r.key) ?? trials.set(r.key, { key: r.key, correct: [], epochs: [], seconds: [] }).get(r.key);
  let correct = null;
  if (!r.diverged) {
    correct = Math.round(r.accuracy * foldRows[r.fold]);
    if (Math.abs(correct / foldRows[r.fold] - r.accuracy) > 1e-12) throw new Error(`trial ${r.key} fold ${r.fold}: ${r.accuracy} is not a whole number of ${foldRows[r.fold]} rows`);
  }
  t.correct[r.fold] = correct;
  t.epochs[r.fold] = r.epochs;
  t.seconds[r.fold] = Number(r.seconds.toFixed(4));
}
for (const t of trials.values()) if (t.correct.length !== sweep.folds) throw new Error(`trial ${t.key} has ${t.correct.length} folds`);
const fixture = {
  about: 'sweeps/dropout-grid.yaml run unraced: per trial and fold, correct held-out rows (null: diverged), epochs run, seconds (wall time as stored). Made by scripts/grid-folds-fixture.js.',
  sweep: 'dropout-grid',
  seed: sweep.seed,
  folds: sweep.folds,
  foldRows,
  plannedEpochs: 300,
  dataSha256: sweep.data_sha256,
  trials: [...trials.values()],
};
writeFileSync('bench/fixtures/dropout-grid-folds.json', `{\n${Object.entries(fixture).map(([k, v]) => k === 'trials' ? `  "trials": [\n${v.map((t) => `    ${JSON.stringify(t)}`).join(',\n')}\n  ]` : `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n')}\n}\n`);
console.log(`${trials.size} trials x ${sweep.folds} folds written to bench/fixtures/dropout-grid-folds.json`);
