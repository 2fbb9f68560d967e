import { replayRace, type ReplayRule, type ReplayTrial } from '../src/sweep/race-replay.js';
import { DEFAULT_RACE, type RaceSettings } from '../src/sweep/racing.js';
import { NullGrid, loadGridFolds, permutation, seeded } from './race-data.js';

const ONE_TEST: RaceSettings = { minFolds: 3, alpha: 0.05, stopDiverged: true };
const RULES: { rule: ReplayRule; name: string; race: RaceSettings }[] = [
  { rule: 'today', name: 'first: vs the best, Bonferroni looks', race: ONE_TEST },
  { rule: 'rank-cut', name: 'rank cut: top 40% after 3 folds', race: ONE_TEST },
  { rule: 'selected', name: 'before: one test after 3 folds, reference on other folds', race: ONE_TEST },
  { rule: 'selected', name: 'now (the stores): up to 3 tests after 2, 3, 4 folds, Pocock', race: DEFAULT_RACE },
];

/**
 * Racing replayed on the stored folds of the shipped grid (576 trials x 10 folds, unraced): 30
 * fold and trial orders per rule, what each would have run and whom it would have stopped; then
 * each rule's false-prune rate in the null simulation (equal trials, the grid's noise).
 */
export function benchRace(): void {
  const grid = loadGridFolds();
  const common = { testTrainRatio: 1 / (grid.folds - 1), heldOutRows: Math.min(...grid.foldRows), divergedScore: 111 / 208 };
  const total = sums(grid.trials);
  const complete = grid.trials
    .filter((t) => t.scores.every((s) => s !== null))
    .map((t) => ({ key: t.key, mean: (t.scores as number[]).reduce((a, b) => a + b, 0) / grid.folds }))
    .sort((a, b) => b.mean - a.mean);
  const top5 = new Set(complete.slice(0, 5).map((t) => t.key));
  const near = new Set(complete.filter((t) => t.mean >= complete[0].mean - 0.03).map((t) => t.key));
  process.stdout.write(
    `racing replayed on bench/fixtures/dropout-grid-folds.json: ${grid.trials.length} trials x ${grid.folds} folds, ${complete.length} complete; ` +
      `best ${complete[0].key.slice(0, 10)} at ${(100 * complete[0].mean).toFixed(2)}%; ${near.size} trials within 3 points of it\n` +
      `  30 fold and trial orders per rule; means over the orders (seconds: the fits' stored wall time, recorded under load)\n`,
  );
  const header = ['rule', 'fits saved (range)', 'epochs saved', 'seconds saved', 'top-5 pruned', 'orders pruning a top-5', 'near-best pruned', 'null false-prune (s.e.)'];
  const lines: string[][] = [header];
  const nullGrid = new NullGrid(grid);
  for (const { rule, name, race } of RULES) {
    let fits = 0;
    let epochs = 0;
    let seconds = 0;
    let topPruned = 0;
    let ordersWithTop = 0;
    let nearPruned = 0;
    const perOrder: number[] = [];
    const orders = 30;
    for (let r = 0; r < orders; r++) {
      const random = seeded(`race-order-${r}`);
      const out = replayRace(grid.trials, { rule, race, foldOrder: permutation(grid.folds, random), trialOrder: permutation(grid.trials.length, random), ...common });
      fits += out.fits / orders;
      perOrder.push(1 - out.fits / total.fits);
      epochs += out.epochs / orders;
      seconds += out.seconds / orders;
      const tops = [...out.pruned].filter((k) => top5.has(k)).length;
      topPruned += tops / orders;
      ordersWithTop += tops ? 1 : 0;
      nearPruned += [...out.pruned].filter((k) => near.has(k)).length / orders;
    }
    const nul = falsePrunes(nullGrid, grid.folds, rule, race, common);
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    lines.push([name, `${pct(1 - fits / total.fits)} (${pct(Math.min(...perOrder))}-${pct(Math.max(...perOrder))})`, pct(1 - epochs / total.epochs), pct(1 - seconds / total.seconds), topPruned.toFixed(2), `${ordersWithTop}/${orders}`, nearPruned.toFixed(2), `${pct(nul.rate)} (${pct(nul.se)})`]);
  }
  const widths = header.map((_, c) => Math.max(...lines.map((l) => l[c].length)));
  for (const l of lines) process.stdout.write(`  ${l.map((x, c) => x.padEnd(widths[c])).join('  ')}\n`);
  process.stdout.write(`  unraced: ${total.fits} fits, ${total.epochs} epochs, ${total.seconds.toFixed(0)} s of fits; null: 242 equal trials x 80 replicates, alpha 0.05\n`);
}

function sums(trials: readonly ReplayTrial[]) {
  let fits = 0;
  let epochs = 0;
  let seconds = 0;
  for (const t of trials) {
    fits += t.scores.length;
    for (let f = 0; f < t.scores.length; f++) {
      epochs += t.epochs[f];
      seconds += t.seconds[f];
    }
  }
  return { fits, epochs, seconds };
}

function falsePrunes(nullGrid: NullGrid, folds: number, rule: ReplayRule, race: RaceSettings, common: { testTrainRatio: number; heldOutRows: number; divergedScore: number }) {
  const replicates = 80;
  const rates: number[] = [];
  for (let r = 0; r < replicates; r++) {
    const random = seeded(`racing-null-${r}`);
    const trials = nullGrid.trials(242, random);
    const out = replayRace(trials, { rule, race, foldOrder: permutation(folds, random), trialOrder: permutation(trials.length, random), ...common });
    rates.push(out.pruned.size / trials.length);
  }
  const rate = rates.reduce((a, b) => a + b, 0) / replicates;
  return { rate, se: Math.sqrt(rates.reduce((a, x) => a + (x - rate) ** 2, 0) / (replicates - 1) / replicates) };
}
