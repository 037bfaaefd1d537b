import type { Argv, ArgumentsCamelCase } from 'yargs';
import { imageInputOptions, type ImageInputArgs } from '../options.js';
import { showSecretsOption, type ShowSecretsArgs } from '../show-secrets.js';

export interface TreeArgs extends ImageInputArgs, ShowSecretsArgs {
  layer?: number;
  final?: boolean;
  changes: boolean;
  depth?: number;
  'min-size'?: string;
  'max-entries': number;
  format: 'text' | 'json';
  output?: string;
}

/** `tsimage tree IMAGE`: dive's core view without its TUI, for a terminal, a log or a script. */
export const treeCommand = {
  command: 'tree <archive>',
  describe: 'print the file tree, largest first with per-directory totals, of the final filesystem or of one layer (A added, M modified, R removed)',
  builder: (yargs: Argv) =>
    showSecretsOption(imageInputOptions(yargs))
      .option('layer', { type: 'number', describe: 'show the filesystem after layer N (0 is the bottom one), marking what N added, modified and removed' })
      .option('final', { type: 'boolean', describe: 'show the final filesystem (the default)' })
      .option('changes', { type: 'boolean', default: false, describe: 'with --layer: show only what that layer changed' })
      .option('depth', { type: 'number', describe: 'show this many levels below the root (1: the top-level directories)' })
      .option('min-size', { type: 'string', describe: 'leave out entries smaller than this: bytes or 10kB, 1MiB' })
      .option('max-entries', { type: 'number', default: 2000, describe: 'show at most this many entries, the largest (0: no limit)' })
      .option('format', { alias: 'f', choices: ['text', 'json'] as const, default: 'text' as const })
      .option('output', { alias: 'o', type: 'string', describe: 'write the tree to this file instead of stdout' })
      .conflicts('layer', 'final'),
  handler: async (args: ArgumentsCamelCase<TreeArgs>) => (await import('../handlers/tree.js')).tree(args),
};
