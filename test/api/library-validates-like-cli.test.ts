import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { crossValidate, openResults, planSweep, runSweep, startDashboard, UserError } from '../../src/index.js';
import { tempDir } from '../helpers.js';
import { sweepDir, writeSweep } from '../runner/runner-fixture.js';

/** A library mistake: a UserError with exit code 2 and exactly this message. */
const refused = (message: string) => (err: unknown) => {
  assert.ok(err instanceof UserError, `a UserError, not ${String(err)}`);
  assert.equal(err.exitCode, 2);
  assert.equal(err.message, message);
  return true;
};

let db = '';
before(async () => {
  const made = sweepDir();
  db = made.db;
  const summary = await runSweep(writeSweep(made.dir, 'lib', 2, 2), { db, workers: 1 });
  assert.equal(summary.outcome, 'completed');
});

test('crossValidate refuses a misspelled key with a did-you-mean, before training anything', async () => {
  await assert.rejects(crossValidate({ dropuot: 0.2 } as never), refused(`crossValidate: unknown option "dropuot" in the first argument (the model's settings) (did you mean "dropout"?)`));
  await assert.rejects(crossValidate({}, { fodls: 5 } as never), refused('crossValidate: unknown option "fodls" in the second argument (how to run) (did you mean "folds"?)'));
});

test("crossValidate names the keys given to the wrong argument: options in the model's settings, settings in the options", async () => {
  // The README's old mistake: this ran on Sonar with 10 folds, ignoring data, target and folds.
  await assert.rejects(
    crossValidate({ data: 'mine.csv', target: 'kind', folds: 5, epochs: 20 } as never),
    refused("crossValidate: data, target and folds belong in the second argument (how to run), not the first argument (the model's settings)"),
  );
  await assert.rejects(crossValidate({}, { epochs: 20 } as never), refused("crossValidate: epochs belongs in the first argument (the model's settings), not the second argument (how to run)"));
});

test('library options are checked for type and range, with the words the CLI uses', async () => {
  await assert.rejects(crossValidate({}, { folds: '5' } as never), refused('option folds: "5" is not an integer in [2, 1000]'));
  await assert.rejects(crossValidate({ hidden: [60, 0] }), refused('option hidden: layer width 0 is not an integer in [1, 4096]'));
  await assert.rejects(crossValidate({}, { engine: 'gpu' } as never), refused('option engine: "gpu" is not one of fused, tfjs'));
  await assert.rejects(crossValidate({}, { metric: 'acurracy' } as never), refused('option metric: "acurracy" is not a metric; did you mean "accuracy"? one of accuracy, balanced_accuracy, macro_f1, log_loss, roc_auc'));
  await assert.rejects(crossValidate('hidden' as never), refused('crossValidate: first argument (the model\'s settings) must be an object, not "hidden"'));
  await assert.rejects(runSweep('x.yaml', { pack: 0 }), refused('option pack: 0 is not an integer in [1, 10000]'));
  await assert.rejects(runSweep('x.yaml', { onProgress: 'yes' } as never), refused('option onProgress: "yes" is not a function'));
  await assert.rejects(runSweep('x.yaml', { wokers: 2 } as never), refused('runSweep: unknown option "wokers" in the options (did you mean "workers"?)'));
  await assert.rejects(runSweep('x.yaml', { top: 2 } as never), { message: /^runSweep: unknown option "top"/ }, "confirm's options are not runSweep's");
  await assert.rejects(runSweep(42 as never), refused("runSweep: the first argument is a sweep file's path or a sweep object (the keys of a sweep file), not 42"));
  await assert.rejects(planSweep('x.yaml', { workers: 1.5 }), refused('option workers: 1.5 is not an integer in [1, 256]'));
  await assert.rejects(startDashboard({ prot: 8080 } as never), refused('startDashboard: unknown option "prot" in the options (did you mean "port"?)'));
  await assert.rejects(startDashboard({ allowHosts: ['http://x/'] }), refused('option allowHosts: "http://x/" is not a host name (letters, digits, dots and dashes, or [IPv6], with an optional :PORT)'));
});

test('openResults and every Results method check their arguments', async () => {
  await assert.rejects(openResults(3 as never), refused('openResults: db: 3 is not a string'));
  const results = await openResults(db);
  try {
    await assert.rejects(results.leaderboard({ sweeep: 'lib' } as never), refused('leaderboard: unknown option "sweeep" in the options (did you mean "sweep"?)'));
    await assert.rejects(results.leaderboard({ top: 0 }), refused('option top: 0 is not an integer >= 1'));
    await assert.rejects(results.leaderboard({ sort: 'best' } as never), refused('option sort: "best" is not one of mean, std, time'));
    await assert.rejects(results.board({ wide: true } as never), { message: /^board: unknown option "wide"/ }, 'a command-line-only flag is no library option');
    await assert.rejects(results.trial(7 as never), refused('trial: the trial: 7 is not a string'));
    await assert.rejects(results.trial('lib/0', { swep: 'lib' } as never), refused('trial: unknown option "swep" in the options (did you mean "sweep"?)'));
    await assert.rejects(results.compare('a', null as never), refused('compare: the second trial: null is not a string'));
    await assert.rejects(results.effects(['lib'] as never), refused('effects: sweep: ["lib"] is not a string'));
    await assert.rejects(results.query(undefined as never), refused('query: the SQL: undefined is not a string'));
    assert.equal((await results.leaderboard({ sweep: 'lib', top: 1 })).length, 1, 'a right call still answers');
  } finally {
    await results.close();
  }
});

test('a refused call writes nothing', async () => {
  const dir = tempDir();
  await assert.rejects(runSweep({ name: 'obj', grid: { lr: [0.1] } }, { db: join(dir, 'x.sqlite'), leaseSeconds: 1 }), refused('option leaseSeconds: 1 is not an integer in [2, 86400]'));
  await assert.rejects(planSweep({ name: 'obj', grid: { lr: [0.1] } }, { db: join(dir, 'y.sqlite'), format: 'json' } as never), { message: /^planSweep: unknown option "format"/ });
  assert.deepEqual(readdirSync(dir), []);
});
