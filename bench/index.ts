import { parseArgs } from 'node:util';
import { benchTfjs } from './engine-tfjs.js';
import { benchRunner } from './runner.js';
import { benchReport } from './report.js';
import { machine } from './common.js';

/** `npm run bench [-- --only NAME] [--epochs N] [--runs N]`: every number the README quotes. */
const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    epochs: { type: 'string', default: '30' },
    runs: { type: 'string', default: '3' },
    backend: { type: 'string' },
  },
});
const epochs = Number(values.epochs);
const runs = Number(values.runs);
const sections: Record<string, () => Promise<void>> = {
  tfjs: () => benchTfjs({ epochs, runs, backend: values.backend }),
  runner: () => benchRunner({ epochs, runs }),
  report: () => benchReport({ runs }),
};
process.stdout.write(`dropsweep bench on ${machine()}\n`);
for (const [name, run] of Object.entries(sections)) {
  if (values.only && values.only !== name) continue;
  await run();
}
