import type { Argv, ArgumentsCamelCase } from 'yargs';
import { showSecretsOption, type ShowSecretsArgs } from '../show-secrets.js';
import { imageInputOptions, type ImageInputArgs } from '../options.js';

export interface DockerfileArgs extends ImageInputArgs, ShowSecretsArgs {
  sizes: boolean;
  quick: boolean;
  output?: string;
}

export const dockerfileCommand = {
  command: 'dockerfile <archive>',
  describe: 'reconstruct the Dockerfile an image was built from (history, layers and config)',
  builder: (yargs: Argv) =>
    showSecretsOption(imageInputOptions(yargs))
      .option('sizes', { type: 'boolean', default: false, describe: 'end each instruction that made a layer with a comment giving its size (for reading, not building)' })
      .option('quick', { type: 'boolean', default: false, describe: 'from the config and history only: no layer is read (from a registry, none is fetched); COPY sources and a base guessed from files are left out' })
      .option('output', { alias: 'o', type: 'string', describe: 'write the Dockerfile to this file instead of stdout' }),
  handler: async (args: ArgumentsCamelCase<DockerfileArgs>) => (await import('../handlers/dockerfile.js')).dockerfile(args),
};
