import type { Argv, ArgumentsCamelCase } from 'yargs';
import { reconstructDockerfile } from '../../analysis/dockerfile/reconstruct.js';
import { renderDockerfile } from '../../analysis/dockerfile/render.js';
import { writeOutput } from '../io.js';
import { imageInputOptions, loadForCommand, type ImageInputArgs } from './analyze.js';

interface DockerfileArgs extends ImageInputArgs {
  sizes: boolean;
  output?: string;
}

export const dockerfileCommand = {
  command: 'dockerfile <archive>',
  describe: 'reconstruct the Dockerfile an image was built from (history, layers and config)',
  builder: (yargs: Argv) =>
    imageInputOptions(yargs)
      .option('sizes', { type: 'boolean', default: false, describe: 'end each instruction that made a layer with a comment giving its size (for reading, not building)' })
      .option('output', { alias: 'o', type: 'string', describe: 'write the Dockerfile to this file instead of stdout' }),
  handler: async (args: ArgumentsCamelCase<DockerfileArgs>) => {
    const image = await loadForCommand(args);
    const text = renderDockerfile(reconstructDockerfile(image), { name: image.name, sizes: args.sizes });
    await writeOutput(text, args.output);
  },
};
