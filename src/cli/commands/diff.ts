import type { Argv, ArgumentsCamelCase } from 'yargs';
import { imageSelectionOptions, type ImageInputArgs } from '../options.js';
import { showSecretsOption, type ShowSecretsArgs } from '../show-secrets.js';

export interface DiffArgs extends Omit<ImageInputArgs, 'archive'>, ShowSecretsArgs {
  a: string;
  b: string;
  'image-a'?: string;
  'image-b'?: string;
  format: 'text' | 'json' | 'markdown' | 'html';
  output?: string;
  'exit-code': boolean;
  setExitCode?: (code: number) => void;
}

/** `tsimage diff A B`: two images of any formats; exit 0 (or 1 with --exit-code when they differ). */
export const diffCommand = {
  command: 'diff <a> <b>',
  describe: 'compare two images: files, layer sizes, history, config and packages',
  builder: (yargs: Argv) =>
    showSecretsOption(imageSelectionOptions(yargs
      .positional('a', { type: 'string', demandOption: true, describe: 'the first image (any format tsimage reads)' })
      .positional('b', { type: 'string', demandOption: true, describe: 'the second image' })))
      .option('image-a', { type: 'string', describe: 'the image to pick from A when it holds several (overrides --image for A)' })
      .option('image-b', { type: 'string', describe: 'the image to pick from B when it holds several (overrides --image for B)' })
      .option('format', { alias: 'f', choices: ['text', 'json', 'markdown', 'html'] as const, default: 'text' as const })
      .option('output', { alias: 'o', type: 'string', describe: 'write the diff to this file instead of stdout' })
      .option('exit-code', { type: 'boolean', default: false, describe: 'exit 1 when the images differ (like git diff --exit-code)' }),
  handler: async (args: ArgumentsCamelCase<DiffArgs>) => (await import('../handlers/diff.js')).diff(args),
};
