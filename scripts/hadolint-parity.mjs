#!/usr/bin/env node
/**
 * Precision and recall of the rules that carry hadolint codes against the labelled corpus in
 * test/lint/hadolint-parity-corpus.ts (run `npm run build` first). A case line is a positive when hadolint
 * reports the code there; we predict it when any rule mapped to the code finds that line. Deliberate
 * differences are listed apart and not counted. Usage: node scripts/hadolint-parity.mjs [dist-dir]
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = resolve(process.argv[2] ?? 'dist');
const { parityFigures } = await import(pathToFileURL(`${dist}/test/lint/hadolint-parity.js`).href);
const figures = await parityFigures();
for (const [code, f] of Object.entries(figures.byCode)) console.log(`${code}  tp ${f.tp}  fp ${f.fp}  fn ${f.fn}  precision ${f.precision.toFixed(2)}  recall ${f.recall.toFixed(2)}`);
console.log(`all     tp ${figures.tp}  fp ${figures.fp}  fn ${figures.fn}  precision ${figures.precision.toFixed(3)}  recall ${figures.recall.toFixed(3)}  (${figures.cases} cases, ${figures.deliberate} deliberate differences not counted)`);
for (const miss of figures.misses) console.log(`  ${miss}`);
