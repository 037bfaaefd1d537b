import type { Argv, ArgumentsCamelCase } from 'yargs';
import { imageInputOptions, type ImageInputArgs } from '../options.js';

export interface OptimizeArgs extends ImageInputArgs {
  output: string;
  format?: 'docker-archive' | 'oci-archive' | 'oci-dir';
  'keep-base': boolean;
  compression: 'gzip' | 'zstd';
  json: boolean;
  tag?: string | string[];
}

/** `tsimage optimize IN -o OUT`: the image without the bytes that never reach its final filesystem. */
export const optimizeCommand = {
  command: 'optimize <archive>',
  describe: 'write the image without the file versions that never reach its final filesystem, keeping layers and history; the filesystem is proven identical',
  builder: (yargs: Argv) =>
    imageInputOptions(yargs)
      .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'where to write the new image (written to a temporary name next to it, renamed when complete)' })
      .option('format', { choices: ['docker-archive', 'oci-archive', 'oci-dir'] as const, describe: 'the output\'s layout (default: the input\'s kind)' })
      .option('keep-base', { type: 'boolean', default: true, describe: 'keep the base image\'s layers byte-identical so they stay shared (--no-keep-base rewrites them too)' })
      .option('compression', { choices: ['gzip', 'zstd'] as const, default: 'gzip' as const, describe: 'compression of the layers written anew' })
      .option('tag', { type: 'string', describe: 'name the output NAME:TAG instead of the input\'s names (repeatable)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the result as JSON instead of text' }),
  handler: async (args: ArgumentsCamelCase<OptimizeArgs>) => (await import('../handlers/optimize.js')).optimize(args),
};
