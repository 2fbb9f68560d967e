// Compiles the fused training kernel (AssemblyScript) to WebAssembly with 128-bit SIMD.
// Run by `npm run build`, which `npm install` runs through the prepare script.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

const out = 'dist/src/engine/fused/kernel.wasm';
mkdirSync('dist/src/engine/fused', { recursive: true });
const r = spawnSync(
  process.execPath,
  ['node_modules/assemblyscript/bin/asc.js', 'src/engine/fused/assembly/kernel.ts', '-o', out, '-O3', '--runtime', 'stub', '--enable', 'simd', '--noAssert'],
  { stdio: 'inherit' },
);
if (r.status !== 0) {
  console.error('build-kernel: asc failed');
  process.exit(r.status ?? 1);
}
