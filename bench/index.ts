import { parseArgs } from 'node:util';
import { benchTfjs } from './engine-tfjs.js';
import { benchRunner } from './runner.js';
import { benchReport } from './report.js';
import { benchRace } from './race.js';
import { benchSweepScale } from './sweep-scale.js';
import { benchStore } from './store.js';
import { benchFused, benchGrid } from './engine-fused.js';
import { benchClasses } from './engine-classes.js';
import { benchAccuracy } from './accuracy-vs-torch.js';
import { benchScale } from './engine-scale.js';
import { machine } from './common.js';

/** `npm run bench [-- --only NAME] [--epochs N] [--runs N] [--seconds S (scale-sweep's window)]`: every number the README quotes (store: needs PostgreSQL 15 binaries). */
const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    epochs: { type: 'string', default: '30' },
    runs: { type: 'string', default: '3' },
    backend: { type: 'string' },
    // --only scale: which rows (0-based, comma-separated); default all.
    rows: { type: 'string' },
    seconds: { type: 'string' },
  },
});
const epochs = Number(values.epochs);
const runs = Number(values.runs);
const sections: Record<string, () => Promise<void>> = {
  fused: () => benchFused({ runs }),
  classes: () => benchClasses({ runs }),
  tfjs: () => benchTfjs({ epochs, runs, backend: values.backend }),
  runner: () => benchRunner({ epochs, runs }),
  report: () => benchReport({ runs }),
  store: () => benchStore({ runs }),
  race: async () => benchRace(),
};
process.stdout.write(`dropsweep bench on ${machine()}\n`);
// Sections run only when named: each takes minutes.
const onRequest: Record<string, () => Promise<void>> = {
  grid: benchGrid,
  accuracy: benchAccuracy,
  scale: () => benchScale({ rows: values.rows?.split(',').map(Number) }),
  'scale-sweep': () => benchSweepScale({ runs, seconds: values.seconds === undefined ? undefined : Number(values.seconds) }),
};
if (values.only && onRequest[values.only]) await onRequest[values.only]();
else if (values.only && !sections[values.only]) throw new Error(`--only: "${values.only}" is not one of ${[...Object.keys(sections), ...Object.keys(onRequest)].join(', ')}`);
for (const [name, run] of Object.entries(sections)) {
  if (values.only && values.only !== name) continue;
  await run();
}
