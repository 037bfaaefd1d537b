/**
 * The build `bin` runs: src/cli bundled by esbuild into dist/bundle/cli/, one chunk per command handler
 * (code splitting keeps the dynamic imports lazy). Node 20 loads ~250 separate ES modules (yargs alone is
 * dozens) far more slowly than a few files: issue 13's start-up target needs this. Tests keep using tsc's
 * output under dist/src; test/cli runs this bundle, since it is what users run.
 *
 * The output sits two levels under dist/ like dist/src/<dir>/, so the paths modules resolve from their own URL
 * still hold: ../../rules/ (the built-in rules, which stay tsc's output under dist/rules so that adding a rule is
 * adding a file), ../../../package.json (the version), and ./layer-scan-worker.js and ./digest-worker.js (entry points here too).
 */
import { build } from 'esbuild';
import { chmodSync, rmSync } from 'node:fs';

const outdir = 'dist/bundle/cli';
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: ['src/cli/bin.ts', 'src/archive/layer-scan-worker.ts', 'src/archive/cache/digest-worker.ts'],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir,
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  sourcemap: true,
  logLevel: 'warning',
  // CommonJS dependencies call require(); an ES module has none unless it makes one.
  banner: { js: "import { createRequire as __tsimageCreateRequire } from 'node:module'; const require = __tsimageCreateRequire(import.meta.url);" },
});
chmodSync(`${outdir}/bin.js`, 0o755);
