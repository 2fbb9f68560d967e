// Compiles the fused training kernel (AssemblyScript) to WebAssembly twice: with 128-bit SIMD
// (kernel.wasm, the exact build) and with relaxed SIMD as well (kernel-relaxed.wasm, fused
// multiply-adds; src/engine/fused/kernels.ts chooses). Run by `npm run build`, which `npm install`
// runs through the prepare script.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

mkdirSync('dist/src/engine/fused', { recursive: true });
for (const [out, features] of [
  ['dist/src/engine/fused/kernel.wasm', 'simd'],
  ['dist/src/engine/fused/kernel-relaxed.wasm', 'simd,relaxed-simd'],
]) {
  const r = spawnSync(
    process.execPath,
    ['node_modules/assemblyscript/bin/asc.js', 'src/engine/fused/assembly/kernel.ts', '-o', out, '-O3', '--runtime', 'stub', '--enable', features, '--noAssert'],
    { stdio: 'inherit' },
  );
  if (r.status !== 0) {
    console.error(`build-kernel: asc failed for ${out}`);
    process.exit(r.status ?? 1);
  }
}
