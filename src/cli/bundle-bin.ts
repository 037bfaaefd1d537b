#!/usr/bin/env node
/**
 * What `bin` runs: the bundled CLI (dist/bundle/cli/main.cjs, one CommonJS file built by scripts/bundle.mjs),
 * loaded with V8's code cache kept under the cache directory (`code/`), so only a first run pays for
 * compiling it. `TSIMAGE_CODE_CACHE=0` turns the code cache off. src/cli/bin.ts is the same entry for tsc's
 * output, without the cache.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultCacheDir } from '../archive/cache/cache-dir.js';
import { runWithCodeCache } from './code-cache.js';

const argv = process.argv.slice(2);

/**
 * Which code cache a run uses: one per command, since each holds what its first run compiled and `lint` and
 * `analyze` share little code. Read before the arguments are parsed, so only the usual spelling counts; any
 * other run shares `other`. The list is main.ts's commands: one missing here only shares `other`.
 */
const CACHED_COMMANDS = new Set(['analyze', 'lint', 'run', 'dockerfile', 'diff', 'tree', 'optimize', 'batch', 'merge', 'rules']);
function cacheVariant(args: string[]): string {
  return CACHED_COMMANDS.has(args[0]) ? args[0] : 'other';
}
// `tsimage --version` is what CI jobs and install checks run: answer it before loading the CLI, with the text
// yargs' .version() prints (package.json's version and a newline).
if (argv.length === 1 && argv[0] === '--version') {
  process.stdout.write(JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version + '\n');
} else {
  const cache = process.env.TSIMAGE_CODE_CACHE === '0' ? undefined : { dir: join(defaultCacheDir(), 'code'), variant: cacheVariant(argv) };
  const cli = runWithCodeCache(fileURLToPath(new URL('./main.cjs', import.meta.url)), cache, (url) => import(url));
  const main = cli.exports.main as (argv: string[]) => Promise<number>;
  process.exitCode = await main(argv);
  cli.saveCodeCache();
}
