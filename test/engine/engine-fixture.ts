import { foldCache, type FoldData } from '../../src/data/fold-data.js';
import { stratifiedFolds } from '../../src/data/folds.js';
import { selectBackend } from '../../src/engine/backend.js';
import { loadSonar } from '../helpers.js';

/** Sonar split with seed 7 and the wasm backend (cpu where wasm does not load). */
export async function sonarFolds(): Promise<(fold: number) => FoldData> {
  await selectBackend(process.env.DROPSWEEP_TEST_BACKEND);
  const data = loadSonar();
  return foldCache(data, stratifiedFolds(data.labels, 10, 7));
}
