import type { Argv, ArgumentsCamelCase } from 'yargs';
import { defaultScanLimits } from '../../archive/scan-limits.js';

export interface DiffArgs {
  a: string;
  b: string;
  platform?: string;
  format: 'text' | 'json' | 'markdown';
  output?: string;
  'max-layer-size': string;
  'exit-code': boolean;
  setExitCode?: (code: number) => void;
}

/** `tsimage diff A B`: two images of any formats; exit 0 (or 1 with --exit-code when they differ). */
export const diffCommand = {
  command: 'diff <a> <b>',
  describe: 'compare two images: files, layer sizes, history, config and packages',
  builder: (yargs: Argv) =>
    yargs
      .positional('a', { type: 'string', demandOption: true, describe: 'the first image (any format tsimage reads)' })
      .positional('b', { type: 'string', demandOption: true, describe: 'the second image' })
      .option('platform', { type: 'string', describe: 'os/arch[/variant] to pick from multi-platform indexes' })
      .option('format', { alias: 'f', choices: ['text', 'json', 'markdown'] as const, default: 'text' as const })
      .option('output', { alias: 'o', type: 'string', describe: 'write the diff to this file instead of stdout' })
      .option('max-layer-size', { type: 'string', default: String(defaultScanLimits.maxLayerBytes), describe: 'refuse a layer that decompresses past this size' })
      .option('exit-code', { type: 'boolean', default: false, describe: 'exit 1 when the images differ (like git diff --exit-code)' }),
  handler: async (args: ArgumentsCamelCase<DiffArgs>) => (await import('../handlers/diff.js')).diff(args),
};
