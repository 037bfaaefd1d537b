import yargs from 'yargs';
import { isUserFacingError } from '../errors.js';
import { STDIN_ARGUMENT } from '../archive/stdin-argument.js';
import { analyzeCommand } from './commands/analyze.js';
import { dockerfileCommand } from './commands/dockerfile.js';
import { lintCommand } from './commands/lint.js';
import { rulesCommand } from './commands/rules.js';
import { runCommand } from './commands/run.js';
import { diffCommand } from './commands/diff.js';
import { treeCommand } from './commands/tree.js';
import { optimizeCommand } from './commands/optimize.js';
import { batchCommand } from './commands/batch.js';
import { mergeCommand } from './commands/merge.js';
import { configureColor, log } from './io.js';
import { EXIT_CODES_HELP } from './exit-code.js';
import { packageVersion } from './package-version.js';

export { EXIT_CODES_HELP };

/** yargs reads a lone `-` as an unnamed flag; the readers know this token as stdin. */
function stdinArgument(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') { out.push(...argv.slice(i)); break; }
    if (arg === '-') { out.push(STDIN_ARGUMENT); continue; }
    out.push(arg);
  }
  return out;
}

export async function main(argv: string[]): Promise<number> {
  configureColor(argv);
  const debug = argv.includes('--debug');
  let exitCode = 0;
  const cli = yargs(stdinArgument(argv))
    .scriptName('tsimage')
    .usage('$0 <command> [options]')
    .command(analyzeCommand as any)
    .command(runCommand as any)
    .command(dockerfileCommand as any)
    .command(diffCommand as any)
    .command(treeCommand as any)
    .command(optimizeCommand as any)
    .command(batchCommand as any)
    .command(mergeCommand as any)
    .command(lintCommand as any)
    .command(rulesCommand as any)
    .option('debug', { type: 'boolean', default: false, describe: 'print stack traces of errors' })
    .option('color', { type: 'boolean', describe: 'colour the terminal report (NO_COLOR is honoured)' })
    .demandCommand(1, 'name a command: analyze, batch, merge, lint, dockerfile, tree, rules, run, diff or optimize')
    .recommendCommands()
    .strict()
    .epilog(EXIT_CODES_HELP)
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new UsageErrorFromYargs(message);
    })
    .middleware((args) => {
      (args as any).setExitCode = (code: number) => { exitCode = Math.max(exitCode, code); };
    })
    .help()
    .version(packageVersion() ?? 'unknown');
  // yargs renders the whole help text of a command each time one runs (about 50 ms for analyze), only so that
  // a handler could print it later; ours never does (.fail() throws, main() reports), so skip the rendering.
  const usage = (cli as unknown as { getInternalMethods?(): { getUsageInstance?(): { cacheHelpMessage?(): void } } }).getInternalMethods?.().getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
  try {
    await cli.parseAsync();
    return exitCode;
  } catch (error) {
    if (error instanceof UsageErrorFromYargs) {
      log(`tsimage: ${error.message}`);
      log('Run tsimage --help for usage.');
      return 2;
    }
    if (isUserFacingError(error)) {
      log(`tsimage: ${error.message}`);
      if (debug) log(error.stack ?? '');
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    log(`tsimage: internal error: ${message}${debug ? '' : ' (run with --debug for details)'}`);
    if (debug && error instanceof Error) log(error.stack ?? '');
    return 2;
  }
}

class UsageErrorFromYargs extends Error {}

