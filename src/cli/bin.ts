#!/usr/bin/env node
import { readFileSync } from 'node:fs';

const argv = process.argv.slice(2);
// `tsimage --version` is what CI jobs and install checks run: answer it before loading the argument parser,
// with the text yargs' .version() prints (package.json's version and a newline).
if (argv.length === 1 && argv[0] === '--version') {
  process.stdout.write(JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version + '\n');
} else {
  const { hideBin } = await import('yargs/helpers');
  const { main } = await import('./main.js');
  process.exitCode = await main(hideBin(process.argv));
}
