/**
 * `tsimage lint [Dockerfile...]`: the source rules on Dockerfiles, no image and no engine needed (pull
 * requests, pre-commit hooks). Same config, ignores, baseline, formats and exit codes as `analyze`.
 */
import type { Argv, ArgumentsCamelCase } from 'yargs';
import { STDIN_ARGUMENT } from '../../archive/stdin-argument.js';
import { findingOptions } from '../options.js';
import { formatNames } from '../../report/format-names.js';
import { EXIT_CODES_HELP } from '../exit-code.js';

export interface LintArgs {
  dockerfiles?: string[];
  format?: string | string[];
  output?: string;
  'fail-on'?: string;
  config?: string;
  'rules-dir'?: string | string[];
  baseline?: string;
  'write-baseline'?: string;
  'stdin-name': string;
  'max-findings-per-rule'?: number;
  ignore?: string | string[];
  context?: string;
  fix?: boolean;
  'fix-dry-run'?: boolean;
  unsafe?: boolean;
}

/** The name stdin's Dockerfile gets in reports. */
const STDIN_NAME = 'Dockerfile';

export const lintCommand = {
  command: 'lint [dockerfiles..]',
  describe: 'lint Dockerfiles without building them (source rules; - reads stdin); exit 1 when the gate fails',
  builder: (yargs: Argv) =>
    findingOptions(yargs
      .positional('dockerfiles', { type: 'string', array: true, describe: 'Dockerfiles to lint (default ./Dockerfile; - for stdin)' })
      .option('format', { alias: 'f', type: 'string', default: 'text', describe: `report format: ${formatNames.join('|')}; FORMAT=FILE writes that format to FILE (repeatable)` })
      .option('output', { alias: 'o', type: 'string', describe: 'write the report to this file instead of stdout' }))
      .option('context', { type: 'string', describe: 'the build context directory, whose .dockerignore copy-ignored-file reads (default: each Dockerfile\'s directory)' })
      .option('fix', { type: 'boolean', describe: 'rewrite the Dockerfiles with the safe fixes (stdin: print the fixed Dockerfile); the report shows what is left' })
      .option('fix-dry-run', { type: 'boolean', describe: 'print the fixes as a unified diff on stdout; change nothing' })
      .option('unsafe', { type: 'boolean', describe: 'with --fix/--fix-dry-run: also the fixes that may change the image (merged RUNs, apt cleanup, exec form)' })
      .option('stdin-name', { type: 'string', default: STDIN_NAME, describe: 'the file name reports give a Dockerfile read from stdin' })
      .epilog(EXIT_CODES_HELP),
  handler: async (args: ArgumentsCamelCase<LintArgs>) => (await import('../handlers/lint.js')).lint(args),
};
